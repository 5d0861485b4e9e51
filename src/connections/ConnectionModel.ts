/** What the connection resolvers hand to the `*Connection` and `*Edge` types (codegen mappers). */

/** One edge: an item and its opaque cursor. */
export interface EdgeModel<N> {
  cursor: string;
  node: N;
}

/** Relay page information, exact in both directions because the upstream gives totals. */
export interface PageInfoModel {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A resolved window of a connection. */
export interface ConnectionWindow<N> {
  edges: Array<EdgeModel<N>>;
  pageInfo: PageInfoModel;
  totalCount: number;
}

/**
 * A connection whose upstream pages are fetched only when one of its fields is asked for, once, however
 * many of its fields are selected.
 */
export interface ConnectionModel<N> {
  load(): Promise<ConnectionWindow<N>>;
}
