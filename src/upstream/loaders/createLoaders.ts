import type { GeopfClient, RequestScope } from '../client/GeopfClient';
import { listingIdentity, type UpstreamParams } from '../format/listingPath';
import type { FeedPage, FileEntry, ResourceEntry, SubResourceEntry } from '../format/model';
import DataLoader from 'dataloader';
import { findEditionsOfProduct, type EditionName } from './findEditionsByName';
import { findInListing } from './findInListing';
import { editionSearchHint } from './editionSearchHint';
import { everyEntry, readAllEntries } from './readAllEntries';
import type { Listing } from './Listing';
import { PageLoader, type PageKey } from './pageLoader';
import { WalkBudget } from './WalkBudget';
import type { ListingKnowledge } from './ListingKnowledge';

/** Every loader of one GraphQL request; created by the context factory, never shared between requests. */
export interface Loaders {
  /** GetCapabilities under a filter. */
  capabilities(params: UpstreamParams): Listing<ResourceEntry>;
  /** GetResource: a product's editions under a filter. */
  editions(resourceName: string, params: UpstreamParams): Listing<SubResourceEntry>;
  /** GetSubResource: an edition's files. */
  files(resourceName: string, subResourceName: string): Listing<FileEntry>;
  /** What the operation has left of its upstream budget: every walk reserves its pages here first. */
  budget: WalkBudget;
  /**
   * Reserves `requests` on the budget for requests a field sends itself, outside the page loaders (an archive's
   * Range reads): `QUERY_TOO_EXPENSIVE` when they do not fit. Requests sent with the returned `scope` are counted
   * as sent, on the reservation; call `release` once done: what was not used returns to the budget.
   */
  reserveRequests(requests: number, what: string): { scope: RequestScope; release: () => void };
  /** What the operation has used of the upstream so far (`extensions.upstream`). */
  usage(): UpstreamUsage;
  /**
   * A product's capabilities entry, found on the page it was last seen on (`LoaderOptions.hints`), else by
   * scanning the unfiltered capabilities; null when absent.
   */
  findResource(name: string): Promise<ResourceEntry | null>;
  /**
   * An edition's entry, found in its product's feed filtered on the date its name ends with; null when not
   * there. Look-ups of one tick are batched per product (`findEditionsOfProduct`: one date range for many dates).
   */
  findSubResourceByHint(resourceName: string, name: string): Promise<SubResourceEntry | null>;
  /**
   * An edition's entry, found as above, else by scanning the product's unfiltered feed (reserved on the budget
   * when the name has a date: the scan then follows a miss); null when absent.
   */
  findSubResource(resourceName: string, name: string): Promise<SubResourceEntry | null>;
  /** A file's entry, found by scanning its edition's feed; null when absent. */
  findFile(resourceName: string, subResourceName: string, name: string): Promise<FileEntry | null>;
  /** Every file of an edition, every page of its listing read once per request; a typed error when one is refused. */
  allFiles(resourceName: string, subResourceName: string): Promise<FileEntry[]>;
  /** Every product of the unfiltered capabilities listing; a typed error when one is refused. */
  allResources(): Promise<ResourceEntry[]>;
  /** The text of a small file of an edition (an md5 companion), downloaded once per request. */
  fileText(resourceName: string, subResourceName: string, fileName: string): Promise<string>;
}

/** What an operation has used of the upstream so far. */
export interface UpstreamUsage {
  /** Requests sent, retries and Range reads included. */
  sent: number;
  /** Page loads and requests taken from run-time reservations (`WalkBudget.reserved`). */
  reserved: number;
  /** Page loads and downloads answered without a request of this operation (a cache, a request already in flight). */
  cacheHits: number;
}

/** Options of `createLoaders`. */
export interface LoaderOptions {
  /** Upstream requests the operation may send at most (`QUERY_COST_BUDGET`); default: no limit. */
  budget?: number;
  /** Where entries were last seen (the catalogue index), so that a look-up reads that page first. Default: nowhere. */
  hints?: Pick<ListingKnowledge, 'capabilitiesPageOf'>;
}

/**
 * The loaders of one request, reading through `client` (and so through the process-wide gate) on behalf of
 * the operation described by `scope` (its deadline, its request count). No request is sent once the
 * operation has spent its budget (`QUERY_TOO_EXPENSIVE` on the field), and walks reserve theirs up front.
 */
export function createLoaders(client: GeopfClient, scope: RequestScope = {}, options: LoaderOptions = {}): Loaders {
  let spent = 0;
  let cacheHits = 0;
  const counted = withOnRequest(scope, (record) => {
    spent += 1;
    scope.onRequest?.(record);
  });
  const budget = new WalkBudget(options.budget ?? Number.POSITIVE_INFINITY, () => spent);
  // Private: one page load, admitted on the budget first; it stops counting as promised once its first request
  // is sent (then `spent` counts it) or it settles without one.
  const guarded = async <T>(fetch: (scope: RequestScope) => Promise<T>): Promise<T> => {
    const sent = budget.admit();
    let requested = false;
    const own = withOnRequest(counted, (record) => {
      requested = true;
      sent();
      counted.onRequest?.(record);
    });
    try {
      const value = await fetch(own);
      if (!requested) cacheHits += 1;
      return value;
    } finally {
      sent();
    }
  };
  // Private: a page the process's cache holds fresh, admitted on the budget like any load (it settles at once, so
  // it is promised no longer) and counted as a cache hit; undefined when it must be asked for.
  const cachedPage = <E extends object>(key: PageKey, path: string): FeedPage<E> | undefined => {
    if (scope.fresh) return undefined;
    const page = client.freshCachedPage<E>(key.segments, path, () => budget.admit()());
    if (page) cacheHits += 1;
    return page;
  };
  const capabilitiesPages = new PageLoader<ResourceEntry>((key) => guarded((own) => client.capabilities(key.params, key.page, own)), cachedPage);
  const editionPages = new PageLoader<SubResourceEntry>(
    (key) => guarded((own) => client.resource(key.segments[1] as string, key.params, key.page, own)),
    cachedPage,
  );
  const filePages = new PageLoader<FileEntry>(
    (key) => guarded((own) => client.subResource(key.segments[1] as string, key.segments[2] as string, key.page, own)),
    cachedPage,
  );
  const editionsByName = new DataLoader<EditionName, SubResourceEntry | null, string>(
    async (keys) => {
      const byProduct = new Map<string, string[]>();
      for (const key of keys) byProduct.set(key.resourceName, [...(byProduct.get(key.resourceName) ?? []), key.name]);
      const found = new Map<string, Promise<Map<string, SubResourceEntry | null>>>();
      for (const [resourceName, names] of byProduct) {
        found.set(
          resourceName,
          findEditionsOfProduct((params) => loaders.editions(resourceName, params), names, budget),
        );
      }
      return Promise.all(
        keys.map((key) => (found.get(key.resourceName) as Promise<Map<string, SubResourceEntry | null>>).then((map) => map.get(key.name) ?? null, toError)),
      );
    },
    { cacheKeyFn: (key) => `${key.resourceName}/${key.name}` },
  );

  const texts = new Map<string, Promise<string>>();
  const listing = <E>(pages: PageLoader<E>, segments: readonly string[], params: UpstreamParams): Listing<E> => new PageListing(pages, segments, params);

  const loaders: Loaders = {
    capabilities: (params) => listing(capabilitiesPages, ['capabilities'], params),
    editions: (resourceName, params) => listing(editionPages, ['resource', resourceName], params),
    files: (resourceName, subResourceName) => listing(filePages, ['resource', resourceName, subResourceName], {}),
    budget,
    reserveRequests: (requests, what) => {
      const reservation = budget.reserveRequests(requests, what);
      const scope = withOnRequest(counted, (record) => {
        reservation.use();
        counted.onRequest?.(record);
      });
      return { scope, release: reservation.release };
    },
    usage: () => ({ sent: spent, reserved: budget.reserved, cacheHits }),
    findResource: (name) => findInListing(loaders.capabilities({}), (entry) => entry.name === name, budget, options.hints?.capabilitiesPageOf?.(name)),
    findSubResourceByHint: async (resourceName, name) => {
      try {
        return await editionsByName.load({ resourceName, name });
      } catch (error) {
        editionsByName.clear({ resourceName, name });
        throw error;
      }
    },
    // A dated name the date's listing missed: the walk of the whole product follows that miss, reserved page by page.
    findSubResource: async (resourceName, name) =>
      (await loaders.findSubResourceByHint(resourceName, name)) ??
      findInListing(loaders.editions(resourceName, {}), (entry) => entry.name === name, budget, 1, editionSearchHint(name) !== null),
    findFile: (resourceName, subResourceName, name) => findInListing(loaders.files(resourceName, subResourceName), (entry) => entry.name === name, budget),
    allFiles: async (resourceName, subResourceName) => everyEntry(await readAllEntries(loaders.files(resourceName, subResourceName), budget)),
    allResources: async () => everyEntry(await readAllEntries(loaders.capabilities({}), budget)),
    fileText: (resourceName, subResourceName, fileName) => {
      const key = [resourceName, subResourceName, fileName].join('/');
      const text = texts.get(key) ?? guarded((own) => client.downloadText(resourceName, subResourceName, fileName, own));
      texts.set(key, text);
      text.catch(() => texts.delete(key));
      return text;
    },
  };
  return loaders;
}

// Private: a listing read through the request's page loader. Its identity is written when first read (a cursor
// given or asked for), not for every listing a field reads; a class, as one is made per field of every edge.
class PageListing<E> implements Listing<E> {
  private written: string | undefined;

  constructor(
    private readonly pages: PageLoader<E>,
    private readonly segments: readonly string[],
    private readonly params: UpstreamParams,
  ) {}

  get identity(): string {
    return (this.written ??= listingIdentity(this.segments, this.params));
  }

  loadPage(page: number): Promise<FeedPage<E>> {
    return this.pages.load({ segments: this.segments, params: this.params, page });
  }
}

// Private: `scope` with another `onRequest`. Its other fields are read through it when read, never copied: the
// signal of an operation's deadline is made on first read (see `OperationDeadline`), and a copy would read it now.
function withOnRequest(scope: RequestScope, onRequest: NonNullable<RequestScope['onRequest']>): RequestScope {
  return {
    get signal() {
      return scope.signal;
    },
    get owner() {
      return scope.owner;
    },
    get fresh() {
      return scope.fresh;
    },
    onRequest,
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
