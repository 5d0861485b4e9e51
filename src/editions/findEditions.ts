import type { Loaders } from '../loaders/createLoaders';
import { readAllEntries } from '../loaders/readAllEntries';
import { UPSTREAM_PAGE_SIZE, type UpstreamParams } from '../upstream/listingPath';
import type { SubResourceEntry } from '../upstream/model';
import { newestEdition, newestPerZone } from './newestEdition';

/**
 * The editions a product has for each of `zones` (or for every zone), under the format/CRS filter `base`, at the
 * fewest requests: the filtered listing's first page usually holds them all (one request, sorted out here);
 * when the listing is longer, one zone-filtered listing per zone asked, never a walk through the whole product
 * unless no zone is given.
 */
async function editionsByZone(loaders: Loaders, resourceName: string, base: UpstreamParams, zones: readonly string[] | null): Promise<Map<string, SubResourceEntry[]>> {
  const byZone = new Map<string, SubResourceEntry[]>();
  const add = (entries: readonly SubResourceEntry[]) => {
    for (const entry of entries) {
      const code = entry.zone?.code;
      if (code !== undefined && (zones === null || zones.includes(code))) byZone.set(code, [...(byZone.get(code) ?? []), entry]);
    }
  };
  const first = await loaders.editions(resourceName, base).loadPage(1);
  if (first.totalEntries <= UPSTREAM_PAGE_SIZE) {
    add(first.entries);
  } else if (zones === null) {
    add((await readAllEntries(loaders.editions(resourceName, base))).entries);
  } else {
    const listed = await Promise.all(zones.map((zone) => readAllEntries(loaders.editions(resourceName, { ...base, zone }))));
    listed.forEach((result) => add(result.entries));
  }
  return byZone;
}

/**
 * The newest edition of the first zone of `chain` that has one (the zone asked, then the zones containing
 * it), or of the whole filtered product when `chain` is null. A long listing is read zone by zone along the
 * chain, stopping at the first zone found.
 */
export async function findLatestEdition(loaders: Loaders, resourceName: string, base: UpstreamParams, chain: readonly string[] | null): Promise<SubResourceEntry | null> {
  if (chain === null) {
    const first = await loaders.editions(resourceName, base).loadPage(1);
    const entries = first.totalEntries <= UPSTREAM_PAGE_SIZE ? first.entries : (await readAllEntries(loaders.editions(resourceName, base))).entries;
    return newestEdition(entries);
  }
  const first = await loaders.editions(resourceName, base).loadPage(1);
  if (first.totalEntries <= UPSTREAM_PAGE_SIZE) {
    for (const zone of chain) {
      const found = newestEdition(first.entries.filter((entry) => entry.zone?.code === zone));
      if (found) return found;
    }
    return null;
  }
  for (const zone of chain) {
    const found = newestEdition((await readAllEntries(loaders.editions(resourceName, { ...base, zone }))).entries);
    if (found) return found;
  }
  return null;
}

/** The newest edition of each zone asked (or of every zone), in zone-code order. */
export async function findNewestPerZone(loaders: Loaders, resourceName: string, base: UpstreamParams, zones: readonly string[] | null): Promise<SubResourceEntry[]> {
  const byZone = await editionsByZone(loaders, resourceName, base, zones);
  return newestPerZone([...byZone.values()].flat());
}
