import { editionSearchHint } from '../../upstream/loaders/editionSearchHint';
import { FILE_LISTING_FIELDS, needsCapabilitiesEntry, needsOnlyFileListing } from '../resolvers/lookupFields';
import { pagesOf } from '../../upstream/loaders/listingTotals';
import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import { UPSTREAM_COST_MODEL as COST } from './upstreamCostModel';

/**
 * What look-ups by name cost (`lookups.ts`: root fields and federation references), per group of distinct
 * names asked by one field: the loaders share every page within a request, so a name asked twice costs once.
 */

/** The cost of a group of look-ups. */
export interface LookupCost {
  /** Requests that are these look-ups' own. */
  requests: number;
  /** True when they scan the capabilities listing, whose pages the whole request shares: charge it once. */
  capabilitiesScan: boolean;
  /** The products the scan looks for, when known by name (their pages may be known: see `ListingKnowledge`). */
  products?: readonly string[];
  /**
   * Editions found by the dates their names end with, as dates per product: their date-filtered feeds are
   * charged once for the whole operation (`datedFeedPages`), since the loader batches the look-ups of every
   * field of one tick per product.
   */
  datesByProduct?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** An edition by both its names; for files, the edition holding them. */
export interface EditionKey {
  resourceName: string;
  name: string;
}

/**
 * Products by name (`products`: their names, or how many when the names are not known before running).
 * `selected`: the field names `selectedFields` finds, as the resolver sees them. Each costs page 1 of its own
 * feed (which proves it), nothing when `sharesProbe` (the first feed field reads that very page and is charged
 * for it). Asked for a facet of its capabilities entry, the capabilities scan instead (charged once per
 * request: the caller charges it). A product the scan does not find is settled by its own feed's page 1, read
 * after that miss and reserved at run time; `worstCase` charges it for each product the knowledge never saw in
 * the capabilities listing.
 */
export function resourceLookupCost(
  products: readonly string[] | number,
  selected: ReadonlySet<string>,
  sharesProbe = false,
  knowledge?: ListingKnowledge,
  worstCase = false,
): LookupCost {
  const names = typeof products === 'number' ? undefined : products;
  const count = names?.length ?? (products as number);
  if (!needsCapabilitiesEntry(selected)) return { requests: sharesProbe ? 0 : count * COST.productFeedFirstPage, capabilitiesScan: false };
  const unseen = names === undefined ? count : names.filter((name) => knowledge?.capabilitiesPageOf?.(name) === undefined).length;
  return { requests: worstCase ? unseen * COST.productFeedFirstPage : 0, capabilitiesScan: true, ...(names ? { products: names } : {}) };
}

/**
 * Distinct editions by name. Asked only for their files, each costs page 1 of its files (nothing of its own when
 * `sharesFilesProbe`: the first file field reads that very page and is charged for it). Otherwise, per product
 * (`findEditionsOfProduct`): one date, the pages of that date's feed; several, page 1 of their date range, then
 * the range's pages or one date feed per date, whichever is fewer: at most 1 + dates × the pages of one date.
 * A name without a date is looked for by page 1 of its files (it settles whether it exists) and a walk of the
 * product's feed (its known pages, else page 1: the rest is reserved at run time). Not counted: what follows a
 * dated name its date's listing missed (page 1 of its files, a walk of the product): it reserves its pages on the
 * operation's remaining budget when it runs (`WalkBudget`), so the budget holds all the same; `worstCase`
 * charges the files' page 1 of every edition the knowledge does not hold, and the cost model's walks.
 */
export function editionLookupCost(
  editions: readonly EditionKey[],
  selected: ReadonlySet<string>,
  sharesFilesProbe = false,
  knowledge?: ListingKnowledge,
  worstCase = false,
): LookupCost {
  if (needsOnlyFileListing(selected)) return { requests: sharesFilesProbe ? 0 : editions.length * COST.editionFilesFirstPage, capabilitiesScan: false };
  const datesByProduct = new Map<string, Set<string>>();
  for (const edition of editions) {
    const date = editionSearchHint(edition.name)?.['editionDateFrom'];
    if (date === undefined) continue;
    datesByProduct.set(edition.resourceName, (datesByProduct.get(edition.resourceName) ?? new Set()).add(date));
  }
  // An edition the date hint does not find is settled by page 1 of its files (charged by the files connection
  // when the query asks for its files): not charged for one the knowledge saw in its product's listing, under
  // the date its name ends with. One without a date in its name is then found by a walk of its product.
  const dated = (edition: EditionKey) => editionSearchHint(edition.name) !== null;
  const filePages =
    FILE_LISTING_FIELDS.some((field) => selected.has(field)) ? 0 : (
      editions.filter((edition) => (worstCase ? !(dated(edition) && knowledge?.holdsEdition?.(edition.resourceName, edition.name) === true) : !dated(edition)))
        .length * COST.editionFilesFirstPage
    );
  const undated = new Set(editions.filter((edition) => !dated(edition)).map((edition) => edition.resourceName));
  let walkPages = 0;
  for (const product of undated) walkPages += knownPages(knowledge, product, {}) ?? (worstCase ? COST.editionsOfProductPages : COST.walkFirstPages);
  return { requests: filePages + walkPages, capabilitiesScan: false, datesByProduct };
}

/**
 * What `findEditionsOfProduct` reads for these dates (sorted) of one product, asked by `fields` look-up fields
 * of the operation. One field is one batch. One date: its feed, whole. Several: page 1 of their range, then the
 * range whole (when its further pages are no more than the dates left to find) or each date's feed. With the
 * knowledge's totals: a range of at most two pages is read whole; a longer one costs at most the larger of the
 * two ways. Without: 1 + page 1 of each date (the pages after it reserved at run time; `worstCase`: the cost
 * model's pages per date). Several fields may make several batches (one per tick): each date's feed (shared),
 * plus a range page per batch of two dates or more.
 */
export function datedFeedPages(product: string, dates: readonly string[], knowledge: ListingKnowledge | undefined, fields = 1, worstCase = false): number {
  const ofDate = (date: string) =>
    knownPages(knowledge, product, { editionDateFrom: date, editionDateTo: date }) ?? (worstCase ? COST.editionsOfOneDatePages : COST.walkFirstPages);
  if (fields > 1) return dates.reduce((sum, date) => sum + ofDate(date), 0) + Math.min(fields, Math.floor(dates.length / 2));
  if (dates.length === 1) return ofDate(dates[0] as string);
  const perDate = 1 + dates.reduce((sum, date) => sum + ofDate(date), 0);
  const range = knownPages(knowledge, product, { editionDateFrom: dates[0] as string, editionDateTo: dates[dates.length - 1] as string });
  if (range === undefined) return perDate;
  return range <= 2 ? range : Math.max(range, perDate);
}

// Private: the pages (at least 1: an empty listing still answers page 1) of a product's listing under `params`, when its total is known.
function knownPages(knowledge: ListingKnowledge | undefined, product: string, params: Record<string, string>): number | undefined {
  const total = knowledge?.knownTotal(['resource', product], params);
  return total === undefined ? undefined : Math.max(1, pagesOf(total));
}

/**
 * Files by name, given the distinct editions holding them: each edition's file feed is scanned once, from page 1
 * (the pages after it reserved at run time; `worstCase`: the cost model's pages).
 */
export function fileLookupCost(editionCount: number, worstCase = false): LookupCost {
  return { requests: editionCount * (worstCase ? COST.filesOfEditionPages : COST.walkFirstPages), capabilitiesScan: false };
}
