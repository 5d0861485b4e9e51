import { findInListing } from '../../../src/upstream/loaders/findInListing';
import type { Listing } from '../../../src/upstream/loaders/Listing';
import { UNLIMITED_WALKS } from '../../../src/upstream/loaders/WalkBudget';
import { BadUserInputError, ErrorCode, UpstreamError } from '../../../src/core/errors';
import type { FeedPage } from '../../../src/upstream/format/model';

/** A listing of `total` named entries in pages of 50, recording the pages asked. */
function listingOf(total: number, missingPages: readonly number[] = []): Listing<{ name: string }> & { asked: number[] } {
  const asked: number[] = [];
  return {
    identity: 'test',
    asked,
    loadPage: async (page: number): Promise<FeedPage<{ name: string }>> => {
      asked.push(page);
      if (missingPages.includes(page)) throw new UpstreamError(ErrorCode.UPSTREAM_NOT_FOUND, 'no such page', { call: 'capabilities', status: 404 });
      const start = (page - 1) * 50;
      const entries = Array.from({ length: Math.max(0, Math.min(50, total - start)) }, (_, index) => ({ name: `P${start + index + 1}` }));
      return { entries, totalEntries: total } as unknown as FeedPage<{ name: string }>;
    },
  };
}

describe('findInListing()', () => {
  it('reads the page an entry was last seen on first, and nothing else when it is there', async () => {
    const listing = listingOf(2500);
    expect(await findInListing(listing, (entry) => entry.name === 'P2100', UNLIMITED_WALKS, 42)).toEqual({ name: 'P2100' });
    expect(listing.asked).toEqual([42]);
  });
  it('moved since: the hinted page, then page 1 and the rest of the listing', async () => {
    const listing = listingOf(120);
    expect(await findInListing(listing, (entry) => entry.name === 'P110', UNLIMITED_WALKS, 2)).toEqual({ name: 'P110' });
    expect(listing.asked.slice(0, 2)).toEqual([2, 1]);
    expect(new Set(listing.asked)).toEqual(new Set([1, 2, 3]));
  });
  it('without a hint: page 1 first', async () => {
    const listing = listingOf(120);
    expect(await findInListing(listing, (entry) => entry.name === 'P3', UNLIMITED_WALKS)).toEqual({ name: 'P3' });
    expect(listing.asked).toEqual([1]);
  });
  it('a hinted page the upstream no longer has (404): the scan as without the hint', async () => {
    const listing = listingOf(60, [3]);
    expect(await findInListing(listing, (entry) => entry.name === 'P55', UNLIMITED_WALKS, 3)).toEqual({ name: 'P55' });
    expect(listing.asked.slice(0, 2)).toEqual([3, 1]);
  });
  it('a hinted page answered 400 (past the end, as some upstreams answer): the scan as without the hint', async () => {
    const listing = listingOf(60);
    const load = listing.loadPage;
    listing.loadPage = (page) => (page === 9 ? Promise.reject(new BadUserInputError('page: past the end', 'page')) : load(page));
    expect(await findInListing(listing, (entry) => entry.name === 'P55', UNLIMITED_WALKS, 9)).toEqual({ name: 'P55' });
    // (This listing caches nothing, so the walk asks page 1 again; the request's loaders answer it from memory.)
    expect(listing.asked[0]).toBe(1);
    expect(new Set(listing.asked)).toEqual(new Set([1, 2]));
  });
  it("any other fault of the hinted page is the look-up's fault (no scan under a failing upstream)", async () => {
    const listing = listingOf(60);
    listing.loadPage = () => Promise.reject(new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, 'upstream 503', { call: 'capabilities', status: 503 }));
    await expect(findInListing(listing, () => true, UNLIMITED_WALKS, 2)).rejects.toThrow('upstream 503');
  });
  it('absent everywhere: null, after the whole listing', async () => {
    const listing = listingOf(120);
    expect(await findInListing(listing, (entry) => entry.name === 'NOPE', UNLIMITED_WALKS, 3)).toBeNull();
    expect(new Set(listing.asked)).toEqual(new Set([1, 2, 3]));
  });
});
