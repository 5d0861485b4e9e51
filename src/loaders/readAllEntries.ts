import { UPSTREAM_PAGE_SIZE } from '../upstream/listingPath';
import type { Listing } from './Listing';

/**
 * Every entry of a listing, in order: page 1, then every other page at once (the gate paces them). For
 * listings the code cannot narrow further (an edition's files, a filtered product feed); `maxPages` bounds
 * the walk, past which the caller gets what was read and `truncated`.
 */
export async function readAllEntries<E>(listing: Listing<E>, maxPages = 40): Promise<{ entries: E[]; total: number; truncated: boolean }> {
  const first = await listing.loadPage(1);
  const pageCount = Math.min(Math.ceil(first.totalEntries / UPSTREAM_PAGE_SIZE), maxPages);
  const rest = await Promise.all(Array.from({ length: Math.max(pageCount - 1, 0) }, (_, index) => listing.loadPage(index + 2)));
  const entries = [first, ...rest].flatMap((page) => page.entries);
  return { entries, total: first.totalEntries, truncated: entries.length < first.totalEntries };
}
