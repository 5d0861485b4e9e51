import { UPSTREAM_PAGE_SIZE } from '../upstream/listingPath';
import type { Listing } from './Listing';

/**
 * The first entry of a listing matching `predicate`, or null. Reads page 1, then, if needed, every other page
 * at once (the gate paces them); pages come from the request's loaders, so concurrent look-ups in the same
 * listing share every page.
 */
export async function findInListing<E>(listing: Listing<E>, predicate: (entry: E) => boolean): Promise<E | null> {
  const first = await listing.loadPage(1);
  const hit = first.entries.find(predicate);
  if (hit !== undefined) return hit;
  const pageCount = Math.ceil(first.totalEntries / UPSTREAM_PAGE_SIZE);
  const rest = await Promise.all(Array.from({ length: Math.max(pageCount - 1, 0) }, (_, index) => listing.loadPage(index + 2)));
  for (const page of rest) {
    const found = page.entries.find(predicate);
    if (found !== undefined) return found;
  }
  return null;
}
