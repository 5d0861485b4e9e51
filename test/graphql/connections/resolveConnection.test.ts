import { encodeCursor } from '../../../src/graphql/connections/cursor';
import type { ConnectionModel } from '../../../src/graphql/models/ConnectionModel';
import { resolveConnection } from '../../../src/graphql/connections/resolveConnection';
import type { Listing } from '../../../src/upstream/loaders/Listing';
import type { FeedPage } from '../../../src/upstream/format/model';

/** A listing of `total` numbered items in pages of 50 that records which pages were read. */
function numberedListing(total: number): Listing<number> & { pagesRead: number[] } {
  const pagesRead: number[] = [];
  return {
    identity: 'items?',
    pagesRead,
    loadPage: async (page): Promise<FeedPage<number>> => {
      pagesRead.push(page);
      const start = (page - 1) * 50;
      const entries = Array.from({ length: Math.max(0, Math.min(50, total - start)) }, (_, index) => start + index);
      return { page, pageSize: 50, pageCount: Math.ceil(total / 50), totalEntries: total, title: null, updated: null, entries };
    },
  };
}

const cursorAt = (offset: number) => encodeCursor('items?', offset);

/** Every field of a connection, as a query selecting all of them would read it. */
async function loadAll<N>(connection: ConnectionModel<N>) {
  const [edges, pageInfo, totalCount] = await Promise.all([connection.edges(), connection.pageInfo(), connection.totalCount()]);
  return { edges, pageInfo, totalCount };
}

describe('resolveConnection()', () => {
  describe('forward', () => {
    it('returns the first window from one page and exact page info', async () => {
      const listing = numberedListing(116);
      const window = await loadAll(resolveConnection(listing, { first: 7 }, (n) => n));
      expect(window.edges.map((edge) => edge.node)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(window.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: true, startCursor: cursorAt(0), endCursor: cursorAt(6) });
      expect(window.totalCount).toBe(116);
      expect(listing.pagesRead).toEqual([1]);
    });

    it('reads two pages for a window across a page boundary', async () => {
      const listing = numberedListing(116);
      const window = await loadAll(resolveConnection(listing, { first: 7, after: cursorAt(45) }, (n) => n));
      expect(window.edges.map((edge) => edge.node)).toEqual([46, 47, 48, 49, 50, 51, 52]);
      expect(listing.pagesRead).toEqual([1, 2]);
    });

    it('does not read a page past the total', async () => {
      const listing = numberedListing(30);
      const window = await loadAll(resolveConnection(listing, { first: 100 }, (n) => n));
      expect(window.edges).toHaveLength(30);
      expect(window.pageInfo.hasNextPage).toBe(false);
      expect(listing.pagesRead).toEqual([1]);
    });
  });

  describe('backward', () => {
    it('reads the probe page for the total, then the last page', async () => {
      const listing = numberedListing(116);
      const window = await loadAll(resolveConnection(listing, { last: 7 }, (n) => n));
      expect(window.edges.map((edge) => edge.node)).toEqual([109, 110, 111, 112, 113, 114, 115]);
      expect(window.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false, startCursor: cursorAt(109), endCursor: cursorAt(115) });
      expect(listing.pagesRead).toEqual([1, 3]);
    });

    it('reads only the pages of the window when before is given', async () => {
      const listing = numberedListing(116);
      const window = await loadAll(resolveConnection(listing, { last: 7, before: cursorAt(103) }, (n) => n));
      expect(window.edges.map((edge) => edge.node)).toEqual([96, 97, 98, 99, 100, 101, 102]);
      expect(listing.pagesRead).toEqual([2, 3]);
    });
  });

  describe('laziness', () => {
    it('reads nothing until a field asks, and each page once however many fields ask', async () => {
      const listing = numberedListing(116);
      const connection = resolveConnection(listing, { first: 70 }, (n) => n);
      expect(listing.pagesRead).toEqual([]);
      await Promise.all([loadAll(connection), loadAll(connection), connection.edges()]);
      expect(listing.pagesRead).toEqual([1, 2]);
    });

    it('reads only the probe page for totalCount or pageInfo, however wide the window', async () => {
      const listing = numberedListing(116);
      const connection = resolveConnection(listing, { first: 100, after: cursorAt(9) }, (n) => n);
      expect(await connection.totalCount()).toBe(116);
      expect(await connection.pageInfo()).toEqual({ hasPreviousPage: true, hasNextPage: true, startCursor: cursorAt(10), endCursor: cursorAt(109) });
      expect(listing.pagesRead).toEqual([1]);
    });

    it('reads nothing for the edges of an empty window', async () => {
      const listing = numberedListing(116);
      expect(await resolveConnection(listing, { first: 0 }, (n) => n).edges()).toEqual([]);
      expect(await resolveConnection(listing, { last: 0 }, (n) => n).edges()).toEqual([]);
      expect(listing.pagesRead).toEqual([]);
    });

    it('validates arguments before any read', () => {
      const listing = numberedListing(116);
      expect(() => resolveConnection(listing, { first: 7, after: encodeCursor('other?', 1) }, (n) => n)).toThrow(/another connection/);
      expect(listing.pagesRead).toEqual([]);
    });
  });

  it('answers an empty listing with no edges and null cursors', async () => {
    const window = await loadAll(resolveConnection(numberedListing(0), { first: 10 }, (n) => n));
    expect(window).toEqual({
      edges: [],
      totalCount: 0,
      pageInfo: { hasPreviousPage: false, hasNextPage: false, startCursor: null, endCursor: null },
    });
  });
});
