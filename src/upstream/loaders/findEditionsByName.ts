import type { UpstreamParams } from '../format/listingPath';
import type { SubResourceEntry } from '../format/model';
import { editionSearchHint } from './editionSearchHint';
import { pagesOf } from './listingTotals';
import type { Listing } from './Listing';
import { readAllEntries } from './readAllEntries';
import type { WalkBudget } from './WalkBudget';

/** An edition asked by name. */
export interface EditionName {
  resourceName: string;
  name: string;
}

/**
 * Editions of one product asked together (a batch of look-ups), found by the dates their names end with at
 * the fewest requests: one date → the feed filtered on that date (as `editionSearchHint`); several dates →
 * page 1 of the feed filtered on the range from the oldest to the newest, then that whole range when its
 * pages are no more than the dates left to look for, else one date-filtered feed per date not yet found.
 * Null for a name without a date or not where its date says (the caller decides what proves it then).
 */
export async function findEditionsOfProduct(
  editions: (params: UpstreamParams) => Listing<SubResourceEntry>,
  names: readonly string[],
  budget: WalkBudget,
): Promise<Map<string, SubResourceEntry | null>> {
  const found = new Map<string, SubResourceEntry | null>(names.map((name) => [name, null]));
  const dateOf = (name: string) => editionSearchHint(name)?.['editionDateFrom'];
  const missing = () => names.filter((name) => found.get(name) === null && dateOf(name) !== undefined);
  const keep = (entries: readonly SubResourceEntry[]) => {
    for (const entry of entries) if (found.get(entry.name) === null) found.set(entry.name, entry);
  };
  // Page 1, then the rest of the listing only while names it may hold are still missing.
  const scan = async (listing: Listing<SubResourceEntry>, holds: (name: string) => boolean) => {
    keep((await listing.loadPage(1)).entries);
    if (missing().some(holds)) keep((await readAllEntries(listing, budget)).entries);
  };
  const dates = [...new Set(missing().map((name) => dateOf(name) as string))].sort();
  if (dates.length === 0) return found;
  const oldest = dates[0] as string;
  const newest = dates[dates.length - 1] as string;
  if (dates.length === 1) {
    await scan(editions(dateRange(oldest, oldest)), () => true);
    return found;
  }
  const range = editions(dateRange(oldest, newest));
  const first = await range.loadPage(1);
  keep(first.entries);
  const datesLeft = [...new Set(missing().map((name) => dateOf(name) as string))];
  if (datesLeft.length === 0) return found;
  if (pagesOf(first.totalEntries) - 1 <= datesLeft.length) {
    keep((await readAllEntries(range, budget)).entries);
  } else {
    await Promise.all(datesLeft.map((date) => scan(editions(dateRange(date, date)), (name) => dateOf(name) === date)));
  }
  return found;
}

function dateRange(from: string, to: string): UpstreamParams {
  return { editionDateFrom: from, editionDateTo: to };
}
