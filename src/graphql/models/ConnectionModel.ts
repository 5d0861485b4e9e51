import type { GraphQLError } from 'graphql';

/** What the connection resolvers hand to the `*Connection` and `*Edge` types (codegen mappers). */

/** One edge: an item and its opaque cursor. */
export interface EdgeModel<N> {
  cursor: string;
  /**
   * The item, or the typed error of an entry refused in its listing: graphql-js answers an `Error` value as that
   * field's error (the node is null, its siblings answer).
   */
  node: N | GraphQLError;
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
