import type { FeedPage } from '../format/model';

/** One upstream listing (a call with its names and filter), read page by page through the request's loaders. */
export interface Listing<E> {
  /** Identity of the listing without its page: what cursors are bound to. */
  readonly identity: string;
  /** One page of `UPSTREAM_PAGE_SIZE` items, 1-based; fetched at most once per GraphQL request. */
  loadPage(page: number): Promise<FeedPage<E>>;
}
