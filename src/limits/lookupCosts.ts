import { editionSearchHint } from '../loaders/editionSearchHint';
import { needsCapabilitiesEntry, needsOnlyFileListing } from '../resolvers/lookupFields';
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
 * page 1 of its own feed (which proves it); asked for a facet of its capabilities entry, the capabilities scan
 * too (charged once per request).
 */
export function resourceLookupCost(productCount: number, selected: ReadonlySet<string>): LookupCost {
  return { requests: productCount * COST.productFeedFirstPage, capabilitiesScan: needsCapabilitiesEntry(selected) };
}

/**
 * Distinct editions by name. Asked only for their files, each costs page 1 of its files. Otherwise, worst
 * case: the date-filtered feed of each product and date (names ending with a date), then, when the hint
 * misses, page 1 of each edition's files and a walk of each product's whole feed.
 */
export function editionLookupCost(editions: readonly EditionKey[], selected: ReadonlySet<string>): LookupCost {
  const filesOnly = needsOnlyFileListing(selected);
  const filePages = editions.length * COST.editionFilesFirstPage;
  if (filesOnly) return { requests: filePages, capabilitiesScan: false };
  const hints = new Set<string>();
  for (const edition of editions) {
    const hint = editionSearchHint(edition.name);
    if (hint) hints.add(JSON.stringify([edition.resourceName, hint]));
  }
  const products = new Set(editions.map((edition) => edition.resourceName)).size;
  return {
    requests: hints.size * COST.editionsOfOneDatePages + filePages + products * COST.editionsOfProductPages,
    capabilitiesScan: false,
  };
}

/** Files by name, given the distinct editions holding them: each edition's file feed is scanned once. */
export function fileLookupCost(editionCount: number): LookupCost {
  return { requests: editionCount * COST.filesOfEditionPages, capabilitiesScan: false };
}
