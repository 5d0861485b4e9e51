import { editionSearchHint } from '../loaders/editionSearchHint';
import { FILE_LISTING_FIELDS, needsCapabilitiesEntry, needsOnlyFileListing } from '../resolvers/lookupFields';
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
}

/** An edition by both its names; for files, the edition holding them. */
export interface EditionKey {
  resourceName: string;
  name: string;
}

/**
 * Products by name. `selected`: the field names `selectedFields` finds, as the resolver sees them. Each costs
 * page 1 of its own feed (which proves it), nothing when `sharesProbe` (the first feed field reads that very page
 * and is charged for it); asked for a facet of its capabilities entry, the capabilities scan too (charged once
 * per request) and that page.
 */
export function resourceLookupCost(productCount: number, selected: ReadonlySet<string>, sharesProbe = false): LookupCost {
  const own = sharesProbe && !needsCapabilitiesEntry(selected) ? 0 : COST.productFeedFirstPage;
  return { requests: productCount * own, capabilitiesScan: needsCapabilitiesEntry(selected) };
}

/**
 * Distinct editions by name. Asked only for their files, each costs page 1 of its files (nothing of its own when
 * `sharesFilesProbe`: the first file field reads that very page and is charged for it). Otherwise, per product
 * (`findEditionsOfProduct`): one date, the pages of that date's feed; several, page 1 of their date range, then
 * the range's pages or one date feed per date, whichever is fewer: at most 1 + dates × the pages of one date.
 * Then page 1 of the files of an edition not found (it settles whether it exists), and a walk of the product's
 * feed for names without a date. Not counted: the walk for an edition that exists but is not where its date
 * says (an upstream listing it elsewhere): it reserves its pages on the operation's remaining budget when it
 * runs (`WalkBudget`), so the budget holds all the same.
 */
export function editionLookupCost(editions: readonly EditionKey[], selected: ReadonlySet<string>, sharesFilesProbe = false): LookupCost {
  if (needsOnlyFileListing(selected)) return { requests: sharesFilesProbe ? 0 : editions.length * COST.editionFilesFirstPage, capabilitiesScan: false };
  const datesByProduct = new Map<string, Set<string>>();
  for (const edition of editions) {
    const date = editionSearchHint(edition.name)?.['editionDateFrom'];
    if (date === undefined) continue;
    datesByProduct.set(edition.resourceName, (datesByProduct.get(edition.resourceName) ?? new Set()).add(date));
  }
  let feedPages = 0;
  for (const dates of datesByProduct.values()) feedPages += dates.size === 1 ? COST.editionsOfOneDatePages : 1 + dates.size * COST.editionsOfOneDatePages;
  // An edition the date hint does not find is settled by page 1 of its files (charged by the files connection
  // when the query asks for its files); one without a date in its name is then found by a walk of its product.
  const filePages = FILE_LISTING_FIELDS.some((field) => selected.has(field)) ? 0 : editions.length * COST.editionFilesFirstPage;
  const undatedProducts = new Set(editions.filter((edition) => editionSearchHint(edition.name) === null).map((edition) => edition.resourceName)).size;
  return { requests: feedPages + filePages + undatedProducts * COST.editionsOfProductPages, capabilitiesScan: false };
}

/** Files by name, given the distinct editions holding them: each edition's file feed is scanned once. */
export function fileLookupCost(editionCount: number): LookupCost {
  return { requests: editionCount * COST.filesOfEditionPages, capabilitiesScan: false };
}
