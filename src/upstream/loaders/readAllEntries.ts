import { ErrorCode, UpstreamError } from '../../core/errors';
import type { FeedPage, RefusedEntry } from '../format/model';
import { itemCount } from '../format/pageItems';
import { expectedOnPage, inconsistentListing, pagesOf } from './listingTotals';
import type { Listing } from './Listing';
import type { WalkBudget } from './WalkBudget';

/**
 * Every entry of a listing, in order, or a typed error: page 1 (which gives the total), then every other page
 * at once (the gate paces them). Never partial: the pages past page 1 are reserved on `budget` first (more
 * than the operation has left is `QUERY_TOO_EXPENSIVE`), and pages that do not hold what the total promised
 * (the listing changed while read) are `UPSTREAM_BAD_RESPONSE`. Entries refused one by one (see `FeedPage`) are
 * in `refused`, not in `entries`: a caller that needs every entry must not answer without them (`everyEntry`).
 */
export async function readAllEntries<E>(listing: Listing<E>, budget: WalkBudget): Promise<{ entries: E[]; total: number; refused: RefusedEntry[] }> {
  const first = await listing.loadPage(1);
  const pageCount = pagesOf(first.totalEntries);
  const release = pageCount > 1 ? budget.reserve(pageCount - 1, `the rest of a listing of ${first.totalEntries} entries`) : () => undefined;
  const loads = Array.from({ length: Math.max(pageCount - 1, 0) }, (_, index) => listing.loadPage(index + 2));
  // Every load is admitted (or was already loaded) once they all settled: what the reservation has left is unused.
  const rest = await Promise.all(loads).finally(release);
  const pages = [first, ...rest];
  pages.forEach((page, index) => checkPage(page, first.totalEntries, index + 1));
  return { entries: pages.flatMap((page) => page.entries), total: first.totalEntries, refused: pages.flatMap((page) => page.refused ?? []) };
}

/**
 * The entries of a listing read whole, when none was refused; else `UPSTREAM_BAD_RESPONSE` naming the first one
 * refused: an answer made of every entry (a download plan, a total size, the archives) cannot be given without it.
 */
export function everyEntry<E>(read: { entries: E[]; refused: readonly RefusedEntry[] }): E[] {
  const [first] = read.refused;
  if (!first) return read.entries;
  throw new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `${first.error.message} This answer needs every entry of the listing${read.refused.length > 1 ? ` (${read.refused.length} are refused)` : ''}, so it cannot be given.`,
    { call: String((first.error.extensions['upstream'] as { call?: string } | undefined)?.call ?? 'listing') },
  );
}

/** Throws unless page `page` of a listing of `total` entries holds exactly what the total promises. */
export function checkPage(page: Pick<FeedPage<unknown>, 'totalEntries' | 'entries' | 'refused'>, total: number, pageNumber: number): void {
  if (page.totalEntries !== total) throw inconsistentListing(`page ${pageNumber} counts ${page.totalEntries} entries, page 1 counted ${total}`);
  const expected = expectedOnPage(total, pageNumber);
  if (itemCount(page) !== expected) throw inconsistentListing(`page ${pageNumber} holds ${itemCount(page)} entries where ${expected} were due`);
}
