import { GraphQLError } from 'graphql';
import { ErrorCode, isUpstreamNotFound } from '../../core/errors';
import type { Listing } from './Listing';
import { loadReservedPage } from './loadReservedPage';
import { readAllEntries } from './readAllEntries';
import type { WalkBudget } from './WalkBudget';

/**
 * The first entry of a listing matching `predicate`, or null. Reads `firstPage` (default 1: where the entry was
 * last seen, when that is known), then, if needed, page 1 and the whole listing (see `readAllEntries`: complete
 * or a typed error, never a null for a page it did not read); pages come from the request's loaders, so
 * concurrent look-ups in the same listing share every page. A `firstPage` past the listing's end (it shrank),
 * answered empty, 404 or 400, costs that one request, then the scan goes on as without it. Page 1 read after
 * the hinted page missed, or when `afterMiss` says the scan itself follows a miss, is reserved on `budget` first
 * (`loadReservedPage`), as the pages after it are: the estimate charges only what is read before any data.
 */
export async function findInListing<E>(
  listing: Listing<E>,
  predicate: (entry: E) => boolean,
  budget: WalkBudget,
  firstPage = 1,
  afterMiss = false,
): Promise<E | null> {
  if (firstPage !== 1) {
    // A page past the end may be answered empty, 404 or 400 (unknown upstream behaviour): then scan as without it.
    const hinted = await listing.loadPage(firstPage).catch((error: unknown) => {
      if (isUpstreamNotFound(error) || (error instanceof GraphQLError && error.extensions['code'] === ErrorCode.BAD_USER_INPUT)) return null;
      throw error;
    });
    const hit = hinted?.entries.find(predicate);
    if (hit !== undefined) return hit;
  }
  const first = firstPage !== 1 || afterMiss ? await loadReservedPage(listing, 1, budget, 'page 1 of a listing, after a miss') : await listing.loadPage(1);
  const hit = first.entries.find(predicate);
  if (hit !== undefined) return hit;
  return (await readAllEntries(listing, budget)).entries.find(predicate) ?? null;
}
