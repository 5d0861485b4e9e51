import type { Redis } from 'ioredis';
import type { CachedPage, Validators } from '../cache/PageCache';
import type { SharedPageCache } from '../cache/SharedPageCache';
import type { Logger } from '../../core/logger';
import type { FeedPage } from '../format/model';
import type { AtomEntry } from '../format/parseAtomFeed';

export interface RedisPageCacheOptions {
  redis: Redis;
  /** How long a page is fresh. */
  ttlMs: number;
  keyPrefix: string;
  logger: Logger;
  /** Wall clock in ms (replicas compare freshness with it); default `Date.now`. */
  now?: () => number;
}

/** What is stored per page: the parsed page, when it was stored, its validators. */
interface StoredPage extends Validators {
  storedAt: number;
  page: FeedPage<AtomEntry>;
}

/**
 * Parsed upstream pages shared by the replicas in Redis, with the same TTL as the local cache; kept twice as
 * long for their validators. A value that does not parse as a page is a miss, never a crash; Redis errors are
 * misses too (logged once until Redis answers again). A claim (`SET NX`, expiring) lets one replica fetch a
 * page while the others wait for it, so two replicas asking at once cost one upstream request.
 */
export class RedisPageCache implements SharedPageCache {
  private failing = false;

  constructor(private readonly options: RedisPageCacheOptions) {}

  async get(key: string): Promise<CachedPage | undefined> {
    const raw = await this.attempt(() => this.options.redis.get(this.key('page', key)));
    const stored = raw ? parseStored(raw) : undefined;
    if (!stored) return undefined;
    const fresh = this.now() - stored.storedAt < this.options.ttlMs;
    return { page: stored.page, fresh, etag: stored.etag, lastModified: stored.lastModified };
  }

  async set(key: string, page: FeedPage<AtomEntry>, validators: Validators): Promise<void> {
    const stored: StoredPage = { storedAt: this.now(), page, ...validators };
    await this.attempt(() => this.options.redis.set(this.key('page', key), JSON.stringify(stored), 'PX', Math.max(1, this.options.ttlMs * 2)));
  }

  async claim(key: string): Promise<boolean> {
    const answer = await this.attempt(() => this.options.redis.set(this.key('claim', key), '1', 'PX', 5000, 'NX'));
    // Redis unreachable: fetch ourselves rather than wait on nobody.
    return answer === undefined || answer === 'OK';
  }

  async waitFor(key: string, maxMs: number): Promise<CachedPage | undefined> {
    const deadline = this.now() + maxMs;
    while (this.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const page = await this.get(key);
      if (page?.fresh) return page;
      const claimed = await this.attempt(() => this.options.redis.exists(this.key('claim', key)));
      if (!claimed) return page;
    }
    return undefined;
  }

  async release(key: string): Promise<void> {
    await this.attempt(() => this.options.redis.del(this.key('claim', key)));
  }

  // Private: a Redis command whose failure is a miss, logged once per outage.
  private async attempt<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await command();
      if (this.failing) this.options.logger.info('redis reachable again: the shared page cache is back');
      this.failing = false;
      return value;
    } catch (error) {
      if (!this.failing) {
        this.options.logger.error('redis unreachable: the shared page cache is skipped (local cache only)', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
      this.failing = true;
      return undefined;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private key(kind: string, key: string): string {
    return `${this.options.keyPrefix}${kind}:${key}`;
  }
}

/** A stored page, or undefined when the value is not one (hostile or corrupted content is a miss). */
export function parseStored(raw: string): StoredPage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const stored = value as Partial<StoredPage>;
  const page = stored.page as Partial<FeedPage<AtomEntry>> | undefined;
  const validPage =
    typeof page === 'object' &&
    page !== null &&
    Number.isInteger(page.page) &&
    Number.isInteger(page.pageSize) &&
    Number.isInteger(page.pageCount) &&
    Number.isInteger(page.totalEntries) &&
    Array.isArray(page.entries) &&
    page.entries.every(isAtomEntry) &&
    isTextOrNull(page.title) &&
    isTextOrNull(page.updated);
  if (!validPage || typeof stored.storedAt !== 'number') return undefined;
  return {
    storedAt: stored.storedAt,
    page: page as FeedPage<AtomEntry>,
    etag: typeof stored.etag === 'string' ? stored.etag : null,
    lastModified: typeof stored.lastModified === 'string' ? stored.lastModified : null,
  };
}

// Private: the exact shape `parseAtomFeed` gives an entry, every field checked.
function isAtomEntry(value: unknown): value is AtomEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  const terms = (list: unknown) =>
    Array.isArray(list) &&
    list.every(
      (term: unknown) =>
        typeof term === 'object' && term !== null && typeof (term as { code?: unknown }).code === 'string' && isTextOrNull((term as { label?: unknown }).label),
    );
  const links =
    Array.isArray(entry['links']) &&
    (entry['links'] as unknown[]).every((link) => {
      if (typeof link !== 'object' || link === null) return false;
      const { href, rel, type, length } = link as Record<string, unknown>;
      return typeof href === 'string' && typeof rel === 'string' && isTextOrNull(type) && isTextOrNull(length);
    });
  return (
    links &&
    ['title', 'id', 'updated', 'content', 'editionDate'].every((field) => isTextOrNull(entry[field])) &&
    terms(entry['zones']) &&
    terms(entry['formats']) &&
    terms(entry['categories']) &&
    Array.isArray(entry['mimeTypes']) &&
    (entry['mimeTypes'] as unknown[]).every((type) => typeof type === 'string')
  );
}

function isTextOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}
