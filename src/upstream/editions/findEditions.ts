import type { Loaders } from '../loaders/createLoaders';
import { pagesOf } from '../loaders/listingTotals';
import { checkPage, readAllEntries } from '../loaders/readAllEntries';
import type { UpstreamParams } from '../format/listingPath';
import type { SubResourceEntry } from '../format/model';
import { newestEdition, newestPerZone } from './newestEdition';
import { newestOfListing } from './newestOfListing';
import { loadReservedPage } from '../loaders/loadReservedPage';

/**
 * The newest edition of the first zone of `chain` that has one (the zone asked, then the zones containing
 * it), or of the whole filtered product when `chain` is null, under the format/CRS filter `base`. The zone
 * asked is read first, from its own filtered listing (its page 1, and its last page when longer: see
 * `newestOfListing`), which also proves the product exists. Only when it has none is the product's `base`
 * listing read: when it fits on one page it settles the rest of the chain; otherwise each containing zone
 * is read like the first, stopping at the first one found.
 */
export async function findLatestEdition(
  loaders: Loaders,
  resourceName: string,
  base: UpstreamParams,
  chain: readonly string[] | null,
): Promise<SubResourceEntry | null> {
  if (chain === null || chain.length === 0) return newestOfListing(loaders.editions(resourceName, base), loaders.budget);
  const [asked, ...containing] = chain as [string, ...string[]];
  const own = await newestOfListing(loaders.editions(resourceName, { ...base, zone: asked }), loaders.budget);
  if (own || containing.length === 0) return own;
  // The zone asked has none: what follows depends on what was read, so each page is reserved before it is read.
  const first = await loadReservedPage(loaders.editions(resourceName, base), 1, loaders.budget, `the editions of ${resourceName} in every zone`);
  if (pagesOf(first.totalEntries) <= 1) {
    checkPage(first, first.totalEntries, 1);
    for (const zone of containing) {
      const found = newestEdition(first.entries.filter((entry) => entry.zone?.code === zone));
      if (found) return found;
    }
    return null;
  }
  for (const zone of containing) {
    const release = loaders.budget.reserve(1, `page 1 of the editions of ${resourceName} in ${zone}`);
    const found = await newestOfListing(loaders.editions(resourceName, { ...base, zone }), loaders.budget).finally(release);
    if (found) return found;
  }
  return null;
}

/**
 * The newest edition of each zone asked (or of every zone), in zone-code order, under `base`: the filtered
 * listing's first page when it holds the whole listing (one request); else the newest of each zone asked from
 * its own listing (`newestOfListing`), or, with no zone given, the whole listing (complete or a typed error).
 */
export async function findNewestPerZone(
  loaders: Loaders,
  resourceName: string,
  base: UpstreamParams,
  zones: readonly string[] | null,
): Promise<SubResourceEntry[]> {
  const inZones = (entries: readonly SubResourceEntry[]) =>
    entries.filter((entry) => zones === null || (entry.zone !== null && zones.includes(entry.zone.code)));
  const first = await loaders.editions(resourceName, base).loadPage(1);
  if (pagesOf(first.totalEntries) <= 1) {
    checkPage(first, first.totalEntries, 1);
    return newestPerZone(inZones(first.entries));
  }
  if (zones === null) return newestPerZone((await readAllEntries(loaders.editions(resourceName, base), loaders.budget)).entries);
  const found = await Promise.all(zones.map((zone) => newestOfListing(loaders.editions(resourceName, { ...base, zone }), loaders.budget)));
  return newestPerZone(inZones(found.filter((entry): entry is SubResourceEntry => entry !== null)));
}
