import type { FeedPage } from '../format/model';
import type { AtomEntry } from '../format/parseAtomFeed';

/** HTTP validators the upstream sent with a page, for a conditional request once it is stale. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** A page read from the cache: `fresh` within the TTL, else only good for a conditional request. */
export interface CachedPage extends Validators {
  page: FeedPage<AtomEntry>;
  fresh: boolean;
}

export interface PageCacheOptions {
  /** How long a page is served without asking the upstream. */
  ttlMs: number;
  /** Bound on the memory held, counted as each page's cost given to `set` (GeopfClient: `cachedCost`). */
  maxBytes: number;
  /** Milliseconds; default `performance.now()`. */
  now?: () => number;
}

interface Entry extends Validators {
  page: FeedPage<AtomEntry>;
  bytes: number;
  storedAt: number;
}

/** Counters for metrics and tests. */
export interface PageCacheStats {
  hits: number;
  misses: number;
  stale: number;
  evictions: number;
  bytes: number;
  entries: number;
}

/**
 * The process-wide cache of parsed upstream pages, shared by every operation, keyed by the canonical listing
 * URL. Least recently used pages are evicted first once `maxBytes` is exceeded; a page older than the TTL is
 * stale: it is kept (while room allows) for its validators, but served only after the upstream confirms it.
 * Only successful pages are ever stored.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, stale: 0, evictions: 0 };

  constructor(private readonly options: PageCacheOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** How long a page stays fresh. */
  get ttlMs(): number {
    return this.options.ttlMs;
  }

  /** The page under `key`, marked fresh or stale, or undefined; a read makes it the most recently used. */
  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.stats.misses += 1;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    const fresh = this.now() - entry.storedAt < this.options.ttlMs;
    if (fresh) this.stats.hits += 1;
    else this.stats.stale += 1;
    return { page: entry.page, fresh, etag: entry.etag, lastModified: entry.lastModified };
  }

  /** Whether the page under `key` is there and fresh; counts nothing, changes nothing. */
  isFresh(key: string): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && this.now() - entry.storedAt < this.options.ttlMs;
  }

  /**
   * The page under `key` when it is fresh, counted as a hit and made the most recently used, like `get`;
   * undefined otherwise, counting nothing (a caller then asks `get`, which counts the miss or the stale copy).
   */
  getFresh(key: string): FeedPage<AtomEntry> | undefined {
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.storedAt >= this.options.ttlMs) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.stats.hits += 1;
    return entry.page;
  }

  /** The total of the fresh page under `key`, without counting a hit or making it recently used (for estimates). */
  peekTotal(key: string): number | undefined {
    const entry = this.entries.get(key);
    return entry && this.now() - entry.storedAt < this.options.ttlMs ? entry.page.totalEntries : undefined;
  }

  /** Stores a page the upstream just sent, `bytes` long, then evicts down to the bound. */
  set(key: string, page: FeedPage<AtomEntry>, bytes: number, validators: Validators): void {
    this.delete(key);
    if (bytes > this.options.maxBytes || this.options.ttlMs <= 0) return;
    this.entries.set(key, { page, bytes, storedAt: this.now(), ...validators });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
      this.stats.evictions += 1;
    }
  }

  /** The upstream answered 304 for `key`: the stored page is fresh again. */
  refresh(key: string): void {
    const entry = this.entries.get(key);
    if (entry) entry.storedAt = this.now();
  }

  /** Forgets `key`. */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** A snapshot of the counters. */
  snapshot(): PageCacheStats {
    return { ...this.stats, bytes: this.bytes, entries: this.entries.size };
  }
}
