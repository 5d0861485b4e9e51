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

/**
 * A connection whose upstream pages are fetched only as its selected fields need them, each page once:
 * `totalCount` and `pageInfo` need only the probe page (where the window starts), `edges`/`nodes` every
 * page the window touches, and a window of size 0 needs none for its edges.
 */
export interface ConnectionModel<N> {
  totalCount(): Promise<number>;
  pageInfo(): Promise<PageInfoModel>;
  edges(): Promise<Array<EdgeModel<N>>>;
}
