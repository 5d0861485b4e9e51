import type { Listing } from '../loaders/Listing';
import { pagesOf } from '../loaders/listingTotals';
import { checkPage, readAllEntries } from '../loaders/readAllEntries';
import type { WalkBudget } from '../loaders/WalkBudget';
import type { FeedPage, SubResourceEntry } from '../format/model';
import { newestEdition } from './newestEdition';

/**
 * The newest edition of a product's (filtered) feed, at the fewest requests: page 1 gives the total; when the
 * listing is longer than a page, the upstream lists editions oldest first (FORMAT.md §5, grade C), so the last
 * page holds the newest — read it, then earlier pages only while the newest date runs across their boundary.
 * The order is checked on every page read (each page sorted by edition date, every date dated, page 1 no newer
 * than the pages after it); where it does not hold, the whole listing is read (`readAllEntries`: complete or a
 * typed error). The answer is the same either way: `newestEdition` over the candidates.
 */
export async function newestOfListing(listing: Listing<SubResourceEntry>, budget: WalkBudget): Promise<SubResourceEntry | null> {
  const first = await listing.loadPage(1);
  const total = first.totalEntries;
  const pageCount = pagesOf(total);
  if (pageCount <= 1) {
    checkPage(first, total, 1);
    return newestEdition(first.entries);
  }
  const walk = async () => newestEdition((await readAllEntries(listing, budget)).entries);
  if (!isOldestFirst(first.entries)) return walk();
  const candidates: SubResourceEntry[] = [];
  let later: FeedPage<SubResourceEntry> | null = null;
  let newestDate = '';
  for (let page = pageCount; page >= 2; page -= 1) {
    const release = budget.reserve(1, `page ${page} of a listing of ${total} editions`);
    const current = await listing.loadPage(page).finally(release);
    checkPage(current, total, page);
    if (!isOldestFirst(current.entries) || !noNewerThan(first.entries, current.entries)) return walk();
    if (later !== null && !noNewerThan(current.entries, later.entries)) return walk();
    if (later === null) newestDate = lastOf(current.entries)?.editionDate ?? '';
    candidates.push(...current.entries);
    // The newest date starts on this page: no earlier page can hold an edition of that date.
    if ((current.entries[0]?.editionDate ?? '') < newestDate) return newestEdition(candidates);
    later = current;
  }
  checkPage(first, total, 1);
  return newestEdition([...first.entries, ...candidates]);
}

// Private: every entry dated, in non-decreasing date order.
function isOldestFirst(entries: readonly SubResourceEntry[]): boolean {
  for (let index = 0; index < entries.length; index += 1) {
    const date = entries[index]?.editionDate;
    if (date == null) return false;
    if (index > 0 && (entries[index - 1]?.editionDate as string) > date) return false;
  }
  return true;
}

// Private: the last entry of `earlier` is not newer than the first of `later` (both already sorted).
function noNewerThan(earlier: readonly SubResourceEntry[], later: readonly SubResourceEntry[]): boolean {
  const last = lastOf(earlier)?.editionDate;
  const next = later[0]?.editionDate;
  return last == null || next == null || last <= next;
}

function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}
