/**
 * What `IndexKnowledge`'s snapshots cost: fills a throwaway SQLite store with `EDITIONS` listed editions
 * (default 100,000, over a catalogue shaped like the real one: one BD TOPO of 3,800, many small products), then
 * reports the store read, the build of each snapshot (`ListingSnapshot`, `EditionSnapshot`), the heap each keeps
 * (after a full GC, rows dropped) and the time of a filtered count in each. Run it alone:
 * `node --expose-gc --import tsx bench/listingSnapshot.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditionSnapshot } from '../src/catalogue/index/EditionSnapshot';
import { ListingSnapshot } from '../src/catalogue/index/ListingSnapshot';
import { CatalogueStore } from '../src/catalogue/store/CatalogueStore';
import { openStore } from '../src/catalogue/store/openStore';
import type { ResourceEntry, SubResourceEntry } from '../src/upstream/format/model';

const EDITIONS = Number(process.env['EDITIONS'] ?? 100_000);
const LARGEST = 3_800;
const T0 = '2026-01-01T00:00:00.000Z';
const FORMATS = ['GPKG', 'SHP', 'GML', 'SQL', 'JP2', 'LAZ'];
const CRS = ['EPSG:2154', 'EPSG:4326', 'EPSG:5490', 'EPSG:2972', 'EPSG:2975', 'EPSG:4471', 'EPSG:32620'];

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (see the comment at the top)');

function heapUsed(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

// Private: one edition the way the upstream names them, in one of ~110 zones and ~1,500 dates.
function edition(product: string, index: number): SubResourceEntry {
  const zone = index % 7 === 0 ? 'FXX' : `D${String((index * 37) % 101).padStart(3, '0')}`;
  const format = FORMATS[index % FORMATS.length] as string;
  const crs = CRS[(index >> 3) % CRS.length] as string;
  const date = index % 50 === 49 ? null : new Date(Date.UTC(2020, 0, 1) + ((index * 7919) % 1500) * 86_400_000).toISOString().slice(0, 10);
  return {
    resourceName: product,
    name: `${product}_3-${index % 5}__${format}_${crs.replace(':', '')}_${zone}_${date ?? 'undated'}_${index}`,
    title: null,
    updated: null,
    editionDate: date,
    zone: { code: zone, label: null },
    format: { code: format, label: null },
    crs: { code: crs, label: null },
  };
}

// Private: the heap the rows of one read hold (what an object per edition would cost). Measured in a frame of
// its own: a suspended async frame may keep the last value it awaited alive.
async function heapOfRows(store: CatalogueStore): Promise<number> {
  const base = heapUsed();
  const catalogue = await store.listedCatalogue();
  const bytes = heapUsed() - base;
  return catalogue.editions.length > 0 ? bytes : 0;
}

// Private: one refresh's work, timed: the store read, then the build; only the snapshot outlives it.
async function readAndBuild(
  store: CatalogueStore,
): Promise<{ snapshot: ListingSnapshot; readMs: number; buildMs: number; counts: { products: number; editions: number } }> {
  let started = process.hrtime.bigint();
  const catalogue = await store.listedCatalogue();
  const readMs = Number(process.hrtime.bigint() - started) / 1e6;
  started = process.hrtime.bigint();
  const snapshot = ListingSnapshot.fromCatalogue(catalogue);
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { snapshot, readMs, buildMs, counts: { products: catalogue.products.length, editions: catalogue.editions.length } };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'geopf-snapshot-'));
  const store = new CatalogueStore(await openStore({ kind: 'sqlite', dataDir: dir }));
  try {
    const sizes = [LARGEST];
    for (let left = EDITIONS - LARGEST, index = 0; left > 0; index += 1) {
      const size = Math.min(left, 10 + ((index * 53) % 80));
      sizes.push(size);
      left -= size;
    }
    const products: ResourceEntry[] = sizes.map((_, index) => ({
      name: index === 0 ? 'BDTOPO' : `PRODUCT-${index}`,
      title: null,
      description: null,
      updated: 'u',
      zones: [],
      formats: [],
      crs: [],
    }));
    await store.applyCapabilities(products, true, T0, false);
    for (const [index, size] of sizes.entries()) {
      const name = (products[index] as ResourceEntry).name;
      await store.applyListing(
        name,
        Array.from({ length: size }, (_, n) => edition(name, n)),
        size,
        T0,
        false,
      );
    }

    const rowsBytes = await heapOfRows(store);
    const base = heapUsed();
    const { snapshot, readMs, buildMs, counts } = await readAndBuild(store);
    const snapshotBytes = heapUsed() - base;

    const rounds = 2_000;
    const started = process.hrtime.bigint();
    let sum = 0;
    for (let round = 0; round < rounds; round += 1)
      sum += snapshot.knownTotal(['resource', 'BDTOPO'], { zone: 'D075', format: 'GPKG', editionDateFrom: '2022-01-01' }) ?? 0;
    const countUs = Number(process.hrtime.bigint() - started) / 1e3 / rounds;

    // The listed editions for searches, built as a refresh builds them: from the same read as the listings' (its
    // names are the same strings). Its heap (rows alive before and after) and its typed arrays, off the heap.
    const catalogue = await store.listedCatalogue();
    ListingSnapshot.fromCatalogue(catalogue);
    const editionsBase = heapUsed();
    const arraysBase = process.memoryUsage().arrayBuffers;
    const buildStarted = process.hrtime.bigint();
    const editions = EditionSnapshot.fromCatalogue(catalogue);
    const editionsBuildMs = Number(process.hrtime.bigint() - buildStarted) / 1e6;
    const editionsBytes = heapUsed() - editionsBase;
    const editionsArrays = process.memoryUsage().arrayBuffers - arraysBase;
    catalogue.editions.length = 0;
    const searchStarted = process.hrtime.bigint();
    let found = 0;
    for (let round = 0; round < rounds; round += 1)
      found += editions.tally({ products: ['BDTOPO'], zones: ['D075'], formats: ['GPKG'], editionDateFrom: '2022-01-01' }, null, true).count;
    const searchUs = Number(process.hrtime.bigint() - searchStarted) / 1e3 / rounds;

    console.log(
      JSON.stringify(
        {
          products: counts.products,
          editions: counts.editions,
          snapshotHeap: mib(snapshotBytes),
          snapshotBytesPerEdition: Math.round(snapshotBytes / counts.editions),
          rowsHeap: mib(rowsBytes),
          typedArrays: mib(process.memoryUsage().arrayBuffers),
          storeReadMs: Math.round(readMs),
          buildMs: Math.round(buildMs),
          bdtopoFilteredCountMicroseconds: Number(countUs.toFixed(1)),
          bdtopoFilteredCount: sum / rounds,
          editionSnapshotHeap: mib(editionsBytes),
          editionSnapshotTypedArrays: mib(editionsArrays),
          editionSnapshotBytesPerEdition: Math.round((editionsBytes + editionsArrays) / counts.editions),
          editionSnapshotBuildMs: Math.round(editionsBuildMs),
          editionSnapshotBdtopoCountAndFacetsMicroseconds: Number(searchUs.toFixed(1)),
          editionSnapshotBdtopoCount: found / rounds,
        },
        null,
        2,
      ),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
