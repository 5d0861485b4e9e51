import type { Listing } from './Listing';
import { readAllEntries } from './readAllEntries';
import type { WalkBudget } from './WalkBudget';

/**
 * The first entry of a listing matching `predicate`, or null. Reads page 1, then, if needed, the whole listing
 * (see `readAllEntries`: complete or a typed error, never a null for a page it did not read); pages come from
 * the request's loaders, so concurrent look-ups in the same listing share every page.
 */
export async function findInListing<E>(listing: Listing<E>, predicate: (entry: E) => boolean, budget: WalkBudget): Promise<E | null> {
  const first = await listing.loadPage(1);
  const hit = first.entries.find(predicate);
  if (hit !== undefined) return hit;
  return (await readAllEntries(listing, budget)).entries.find(predicate) ?? null;
}
