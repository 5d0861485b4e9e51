import { PageCache } from '../../../src/upstream/cache/PageCache';
import type { FeedPage } from '../../../src/upstream/format/model';
import type { AtomEntry } from '../../../src/upstream/format/parseAtomFeed';
import { FakeClock } from '../../helpers/FakeClock';

const page = (totalEntries: number): FeedPage<AtomEntry> => ({ page: 1, pageSize: 50, pageCount: 1, totalEntries, title: null, updated: null, entries: [] });
const NO_VALIDATORS = { etag: null, lastModified: null };

function cacheWith(ttlMs: number, maxBytes: number) {
  const clock = new FakeClock();
  return { clock, cache: new PageCache({ ttlMs, maxBytes, now: clock.now }) };
}

describe('PageCache', () => {
  describe('TTL', () => {
    it('serves a page as fresh within the TTL and as stale after it, keeping its validators', () => {
      const { clock, cache } = cacheWith(1000, 10_000);
      cache.set('a', page(1), 100, { etag: '"v1"', lastModified: null });
      clock.advance(999);
      expect(cache.get('a')).toMatchObject({ fresh: true, page: { totalEntries: 1 } });
      clock.advance(1);
      expect(cache.get('a')).toMatchObject({ fresh: false, etag: '"v1"' });
      expect(cache.snapshot()).toMatchObject({ hits: 1, stale: 1, misses: 0 });
    });

    it('is fresh again after the upstream confirms it (304)', () => {
      const { clock, cache } = cacheWith(1000, 10_000);
      cache.set('a', page(1), 100, NO_VALIDATORS);
      clock.advance(5000);
      cache.refresh('a');
      expect(cache.get('a')?.fresh).toBe(true);
    });

    it('stores nothing with a TTL of 0', () => {
      const { cache } = cacheWith(0, 10_000);
      cache.set('a', page(1), 100, NO_VALIDATORS);
      expect(cache.get('a')).toBeUndefined();
      expect(cache.snapshot()).toMatchObject({ entries: 0, bytes: 0, misses: 1 });
    });
  });

  describe('bounded memory', () => {
    it('evicts the least recently used pages beyond maxBytes', () => {
      const { cache } = cacheWith(60_000, 300);
      cache.set('a', page(1), 100, NO_VALIDATORS);
      cache.set('b', page(2), 100, NO_VALIDATORS);
      cache.set('c', page(3), 100, NO_VALIDATORS);
      cache.get('a');
      cache.set('d', page(4), 100, NO_VALIDATORS);
      expect(cache.get('b')).toBeUndefined();
      expect(['a', 'c', 'd'].map((key) => cache.get(key)?.page.totalEntries)).toEqual([1, 3, 4]);
      expect(cache.snapshot()).toMatchObject({ entries: 3, bytes: 300, evictions: 1 });
    });

    it('never stores a page larger than the whole bound', () => {
      const { cache } = cacheWith(60_000, 300);
      cache.set('a', page(1), 100, NO_VALIDATORS);
      cache.set('huge', page(2), 301, NO_VALIDATORS);
      expect(cache.get('huge')).toBeUndefined();
      expect(cache.get('a')).toBeDefined();
    });

    it('counts a replaced page once', () => {
      const { cache } = cacheWith(60_000, 300);
      cache.set('a', page(1), 100, NO_VALIDATORS);
      cache.set('a', page(2), 120, NO_VALIDATORS);
      expect(cache.snapshot()).toMatchObject({ entries: 1, bytes: 120 });
    });
  });
});
