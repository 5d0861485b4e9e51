import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { SyncStateKey } from '../../src/catalogue/sync/SyncStateKey';
import type { SubResourceEntry } from '../../src/upstream/format/model';

/** Zones of the synthetic editions: départements, régions and the wide ones (each with a footprint), and one without (EUR). */
const ZONES = ['D029', 'D022', 'D035', 'D056', 'R53', 'D075', 'D013', 'D069', 'D033', 'D059', 'R11', 'D02A', 'FXX', 'FRA', 'EUR'];
const FORMATS = ['GPKG', 'SHP', 'JP2-E080'];

/**
 * Writes `count` editions straight into a fresh store (`products` products, as a complete listing each, no
 * events), then marks the first full sync done at `observedAt`: an index to export or search at scale.
 */
export async function writeSyntheticEditions(store: CatalogueStore, count: number, products = 200, observedAt = '2026-12-01T08:00:00.000Z'): Promise<void> {
  const perProduct = Math.ceil(count / products);
  await store.applyCapabilities(
    Array.from({ length: products }, (_, p) => ({
      name: `PRODUIT-${p}`,
      title: `Produit ${p}`,
      description: null,
      updated: observedAt,
      zones: [],
      formats: [],
      crs: [],
    })),
    true,
    observedAt,
    false,
  );
  for (let p = 0; p < products; p += 1) {
    const size = Math.min(perProduct, count - p * perProduct);
    if (size <= 0) break;
    const entries: SubResourceEntry[] = Array.from({ length: size }, (_, e) => ({
      resourceName: `PRODUIT-${p}`,
      name: `PRODUIT-${p}_E${e}`,
      title: null,
      updated: observedAt,
      editionDate: `${2000 + (e % 26)}-${String(1 + (e % 12)).padStart(2, '0')}-01`,
      zone: { code: ZONES[(p + e) % ZONES.length] as string, label: null },
      format: { code: FORMATS[e % FORMATS.length] as string, label: null },
      crs: { code: 'EPSG:2154', label: 'RGF93 v1 / Lambert-93' },
    }));
    await store.applyListing(`PRODUIT-${p}`, entries, entries.length, observedAt, false);
  }
  await store.setState({ [SyncStateKey.BASELINE_AT]: observedAt, [SyncStateKey.LAST_SYNC_AT]: observedAt });
}
