import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import type { EditionQuery, IndexedEdition } from '../../catalogue/store/CatalogueStore';
import type { Term } from '../../upstream/format/model';
import type { EditionLineage } from './stacItem';

/** Most editions read of one lineage (one product, zone, format and CRS: an edition a year or so). */
const MAX_LINEAGE = 1000;
/** Most editions read at once for every lineage of a page (beyond: one read per lineage). */
const MAX_PAGE_LINEAGES = 2000;

/**
 * The version links of each of `editions` (by name): the listed editions before and after it among those of the
 * same product, zone, format and CRS (by edition date), and the newest of them; null for an edition missing one
 * of those four. One read of the index for the lineages of a page when they fit, else one per lineage, all in one
 * transaction.
 */
export async function editionLineages(
  index: CatalogueIndex,
  editions: readonly IndexedEdition[],
  /** Most editions read at once (tests lower it to see the read per lineage). */
  maxAtOnce: number = MAX_PAGE_LINEAGES,
): Promise<Map<string, EditionLineage | null>> {
  const lineages = new Map<string, IndexedEdition[]>();
  for (const edition of editions) {
    const key = lineageKey(edition);
    if (key !== null) lineages.set(key, [...(lineages.get(key) ?? []), edition]);
  }
  const found = new Map<string, EditionLineage | null>(editions.map((edition) => [edition.name, null]));
  if (lineages.size === 0) return found;
  const groups = [...lineages.values()];
  const filterOf = (members: readonly IndexedEdition[]): EditionQuery => ({
    products: [...new Set(members.map((edition) => edition.product))],
    zones: [...new Set(members.map((edition) => (edition.zone as Term).code))],
    formats: [...new Set(members.map((edition) => (edition.format as Term).code))],
    crs: [...new Set(members.map((edition) => (edition.crs as Term).code))],
    includeWithdrawn: true,
  });
  await index.read((store) =>
    store.readConsistently(async (reader) => {
      // Every lineage of the page in one read when they fit (it may hold editions of none of them: those are left
      // aside); otherwise one read per lineage.
      const all = await reader.editions(filterOf(groups.flat()), 'EDITION_DATE_ASC', null, false, maxAtOnce + 1);
      const rowsOf =
        all.length <= maxAtOnce ?
          (members: readonly IndexedEdition[]) => Promise.resolve(all.filter((row) => lineageKey(row.edition) === lineageKey(members[0] as IndexedEdition)))
        : (members: readonly IndexedEdition[]) => reader.editions(filterOf(members), 'EDITION_DATE_ASC', null, false, MAX_LINEAGE);
      for (const members of groups) {
        const rows = await rowsOf(members);
        for (const edition of members) {
          // The listed editions, and this one even if withdrawn (its place in the line).
          const names = rows.filter((row) => row.edition.withdrawnAt === null || row.edition.name === edition.name).map((row) => row.edition.name);
          const at = names.indexOf(edition.name);
          if (at < 0) continue;
          const latest = names[names.length - 1] ?? null;
          found.set(edition.name, { previous: names[at - 1] ?? null, next: names[at + 1] ?? null, latest: latest === edition.name ? null : latest });
        }
      }
    }),
  );
  return found;
}

// Private: what an edition's lineage is keyed by; null when its zone, format or CRS is unknown.
function lineageKey(edition: IndexedEdition): string | null {
  if (!edition.zone || !edition.format || !edition.crs) return null;
  return JSON.stringify([edition.product, edition.zone.code, edition.format.code, edition.crs.code]);
}
