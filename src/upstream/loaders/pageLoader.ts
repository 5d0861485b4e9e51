import DataLoader from 'dataloader';
import { ErrorCode, UpstreamError } from '../../core/errors';
import { listingPath, UPSTREAM_PAGE_SIZE, type UpstreamParams } from '../format/listingPath';
import type { FeedPage } from '../format/model';
import { itemCount } from '../format/pageItems';
import { checkTotal } from './listingTotals';

/** One upstream page: the listing's path segments, its filter and the 1-based page. */
export interface PageKey {
  segments: readonly string[];
  params: UpstreamParams;
  page: number;
}

/**
 * A per-request loader of upstream pages, keyed by the canonical URL (path + sorted params, page and limit
 * included): the same page is requested once per GraphQL request however often, deep or aliased the query
 * asks for it. A failed page is forgotten, so a later field of the same request asks again. `cached`, when
 * given, answers a page at once from what the process holds (its path computed once here), else undefined:
 * the warm path takes no batch, no request machinery, and is remembered for the request like any page.
 */
export class PageLoader<E> {
  private readonly loader: DataLoader<PageKey, FeedPage<E>, string>;
  /** Pages of this request, loaded or being loaded, by path. */
  private readonly pages = new Map<string, Promise<FeedPage<E>>>();

  constructor(
    fetchPage: (key: PageKey) => Promise<FeedPage<E>>,
    private readonly cached: (key: PageKey, path: string) => FeedPage<E> | undefined = () => undefined,
  ) {
    // One key per upstream request: there is no batch endpoint, so a batch is N parallel requests, each
    // settling its own slot (a per-key Error rejects only that key). Remembered in `pages`, not by DataLoader.
    this.loader = new DataLoader<PageKey, FeedPage<E>, string>(
      (keys) => Promise.all(keys.map((key) => fetchPage(key).then(checkPageShape, (error: unknown) => toError(error)))),
      { cache: false },
    );
  }

  /** The page, from this request's pages, the process's (`cached`) or the upstream. */
  load(key: PageKey): Promise<FeedPage<E>> {
    const path = listingPath(key.segments, key.params, key.page);
    const known = this.pages.get(path);
    if (known) return known;
    let page: Promise<FeedPage<E>>;
    try {
      const hit = this.cached(key, path);
      page = hit ? Promise.resolve(checkPageShape(hit)) : this.loader.load(key);
    } catch (error) {
      page = Promise.reject(toError(error));
    }
    this.pages.set(path, page);
    page.catch(() => {
      if (this.pages.get(path) === page) this.pages.delete(path);
    });
    return page;
  }
}

// Private: offsets are mapped onto pages of UPSTREAM_PAGE_SIZE; a page of another size would map them wrong,
// so it is refused rather than answered wrongly; so is an absurd total, before anything is planned with it.
function checkPageShape<E>(page: FeedPage<E>): FeedPage<E> {
  checkTotal(page);
  const sizeMismatch = page.pageSize !== 0 && page.pageSize !== UPSTREAM_PAGE_SIZE;
  if (sizeMismatch || itemCount(page) > UPSTREAM_PAGE_SIZE) {
    throw new UpstreamError(
      ErrorCode.UPSTREAM_BAD_RESPONSE,
      `The upstream answered a page of ${page.pageSize} items (${itemCount(page)} entries) where ${UPSTREAM_PAGE_SIZE} were asked for.`,
      { call: 'listing' },
    );
  }
  return page;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
