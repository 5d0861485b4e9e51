import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import type { IndexedEdition } from '../../catalogue/store/CatalogueStore';
import type { EditionLineage } from './stacItem';

/** Most editions read of one lineage (one product, zone, format and CRS: an edition a year or so). */
const MAX_LINEAGE = 1000;

/**
 * The version links of each of `editions` (by name): the listed editions before and after it among those of the
 * same product, zone, format and CRS (by edition date), and the newest of them; null for an edition missing one
 * of those four. One read of the index per lineage, all in one transaction.
 */
export async function editionLineages(index: CatalogueIndex, editions: readonly IndexedEdition[]): Promise<Map<string, EditionLineage | null>> {
  const lineages = new Map<string, IndexedEdition[]>();
  for (const edition of editions) {
    const key = lineageKey(edition);
    if (key !== null) lineages.set(key, [...(lineages.get(key) ?? []), edition]);
  }
  const found = new Map<string, EditionLineage | null>(editions.map((edition) => [edition.name, null]));
  if (lineages.size === 0) return found;
  await index.read((store) =>
    store.readConsistently(async (reader) => {
      for (const members of lineages.values()) {
        const { product, zone, format, crs } = members[0] as IndexedEdition & { zone: object; format: object; crs: object };
        const rows = await reader.editions(
          { products: [product], zones: [zone.code], formats: [format.code], crs: [crs.code], includeWithdrawn: true },
          'EDITION_DATE_ASC',
          null,
          false,
          MAX_LINEAGE,
        );
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
