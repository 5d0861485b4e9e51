import type { FeedPage } from '../format/model';
import type { AtomEntry } from '../format/parseAtomFeed';
import type { CachedPage, Validators } from './PageCache';

/**
 * A page cache shared by several processes (replicas), behind the process's own `PageCache`. Every method
 * resolves, never rejects: a store that cannot be reached, or holds something unreadable, is a miss.
 */
export interface SharedPageCache {
  /** The page under `key`, fresh or stale, or undefined. */
  get(key: string): Promise<CachedPage | undefined>;
  /** Stores a page the upstream just sent. */
  set(key: string, page: FeedPage<AtomEntry>, validators: Validators): Promise<void>;
  /** True when this process should fetch `key`; false when another one already is (then `waitFor` it). */
  claim(key: string): Promise<boolean>;
  /** The page another process is fetching, once it is stored, or undefined after `maxMs`. */
  waitFor(key: string, maxMs: number): Promise<CachedPage | undefined>;
  /** Gives up a claim (the page is stored, or the fetch failed). */
  release(key: string): Promise<void>;
}
