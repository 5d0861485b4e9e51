import { mkdtempSync, rmSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../src/server/config';
import { silentLogger } from '../src/core/logger';
import { startServer } from '../src/server/server';
import { CatalogueStore } from '../src/catalogue/store/CatalogueStore';
import { openStore, type StoreLocation } from '../src/catalogue/store/openStore';
import { SyncStateKey } from '../src/catalogue/sync/SyncStateKey';
import type { SubResourceEntry } from '../src/upstream/format/model';
import { preparePlaces } from '../src/zones';
import { FakeGeopfServer } from '../test/fakeUpstream/FakeGeopfServer';
import { maxInAnyWindow, percentile, sampleMemory } from './measure';

/**
 * `npm run bench:catalogue`: the catalogue index against the fake upstream on 127.0.0.1 (real-shaped: 116
 * products, 466 editions, 121 listing pages), in one run. Prints Markdown rows:
 * - a full sync: requests, wall time against requests ÷ rate (the floor the gate allows), the peak rate seen;
 * - an incremental sync with nothing changed: requests;
 * - `editions` latency over 100,000 indexed editions through GraphQL (p50 / p95 / p99, and the process's CPU per
 *   operation, client included, steadier than latency on a loaded machine): by zones, format and date
 *   with `totalCount`; by a place (`place`, as its zones), by words and by both, with `totalCount` and `facets`; a window at
 *   the store alone; the time of one refresh of the in-memory copy of the listed editions;
 * - STAC searches (`GET /stac/search`, 20 items a page) over the same index: all products, one product, one product and a year;
 * - the bulk exports of the whole index: editions per second, size, and resident memory growth while read;
 * - `syncPlan` latency over the same index: one product from nothing and since a position, 40 products once;
 * - memory: peak RSS and heap of the process during the sync and the searches.
 * The store is SQLite in a temp dir, or PostgreSQL with `BENCH_DATABASE_URL` (an empty database).
 */
const RATE = 10;
const SEARCH_EDITIONS = 100_000;
const SEARCHES = 200;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'geopf-bench-catalogue-'));
  const location: StoreLocation =
    process.env['BENCH_DATABASE_URL'] ? { kind: 'postgres', url: process.env['BENCH_DATABASE_URL'] } : { kind: 'sqlite', dataDir: dir };
  const rows: string[] = [];
  const memory = sampleMemory();
  try {
    rows.push(...(await syncRows(location)));
    rows.push(...(await searchRows(location.kind === 'sqlite' ? { kind: 'sqlite', dataDir: join(dir, 'search') } : location)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const peak = memory();
  rows.push(`| memory: peak RSS / heap used of the whole run | ${peak.rssMiB.toFixed(0)} MiB / ${peak.heapUsedMiB.toFixed(0)} MiB | |`);
  process.stdout.write(`\n### Catalogue index (${location.kind}, rate ${RATE}/s)\n\n| measure | value | against |\n|---|---|---|\n${rows.join('\n')}\n`);
}

// Private: a full sync then a no-change incremental one, through the real server's gate and client.
async function syncRows(location: StoreLocation): Promise<string[]> {
  const fake = new FakeGeopfServer({ ratePerSecond: RATE });
  const baseUrl = await fake.start();
  const store = new CatalogueStore(await openStore(location));
  let now = new Date('2026-12-01T08:00:00.000Z');
  const server = await startServer(
    { ...readConfig({}), port: 0, baseUrl, rateLimit: RATE, cacheTtlSeconds: 0 },
    { logger: silentLogger, catalogue: { store, autoStart: false, syncer: { clock: () => now } } },
    '127.0.0.1',
  );
  try {
    const syncer = server.catalogue!.syncer;
    const started = performance.now();
    const full = await syncer.runOnce();
    const wallMs = performance.now() - started;
    const requests = fake.requests.length;
    const peak = maxInAnyWindow(
      fake.requests.map((request) => request.at),
      1000,
    );
    fake.clearRequests();
    now = new Date(now.getTime() + 15 * 60_000);
    const incremental = await syncer.runOnce();
    const counts = await store.counts();
    return [
      `| full sync: upstream requests (${counts.products} products, ${counts.editions} editions, no file listing) | ${requests} (${full?.pages} pages) | |`,
      `| full sync: wall time | ${(wallMs / 1000).toFixed(1)} s | requests ÷ rate = ${(requests / RATE).toFixed(1)} s (×${(wallMs / 1000 / (requests / RATE)).toFixed(2)}) |`,
      `| full sync: most requests in any 1 s | ${peak} | rate ${RATE} |`,
      `| incremental sync, nothing changed: upstream requests | ${fake.requests.length} (${incremental?.pages} pages) | full sync ${requests} |`,
    ];
  } finally {
    await server.stop();
    await fake.stop();
  }
}

/** Themes of the synthetic products: a title and a description, so that words find some of them. */
const THEMES = [
  { title: 'BD ORTHO', description: 'Orthophotographies départementales à 20 cm' },
  { title: 'BD TOPO', description: 'Description vectorielle des éléments du territoire' },
  { title: 'Courbes de niveau', description: 'Altimétrie en courbes' },
  { title: 'Parcellaire Express', description: 'Parcelles cadastrales' },
  { title: 'RGE ALTI', description: 'Modèle numérique de terrain' },
  { title: 'ADMIN EXPRESS', description: 'Découpage administratif' },
  { title: 'OCS GE', description: 'Occupation du sol à grande échelle' },
  { title: 'SCAN 25', description: 'Cartes topographiques' },
];
/** Zones of the synthetic editions: Bretagne's départements (a place there is D029 R53 FXX FRA), others, and the wide ones. */
const SEARCH_ZONES = ['D029', 'D022', 'D035', 'D056', 'R53', 'D075', 'D013', 'D069', 'D033', 'D059', 'R11', 'D02A', 'FXX', 'FRA'];
const SEARCH_FORMATS = ['GPKG', 'SHP', 'JP2-E080'];

/** One search of the bench: a name, an `editions` filter, and whether it asks for `totalCount` and `facets`. */
interface BenchSearch {
  label: string;
  filter: (index: number) => Record<string, unknown>;
  counts: 'totalCount' | 'totalCount and facets';
}

const BENCH_SEARCHES: BenchSearch[] = [
  {
    label: 'zones, format, date (the earlier measure)',
    filter: (index) => ({ zones: [['Paris'], ['13', '69'], ['Île-de-France'], ['FXX']][index % 4], formats: ['GPKG'], editionDateFrom: '2010-01-01' }),
    counts: 'totalCount',
  },
  {
    label: 'a place ("Brest", "29200", "-4.49,48.39": D029 R53 FXX FRA)',
    filter: (index) => ({ place: ['Brest', '29200', '-4.49,48.39'][index % 3] }),
    counts: 'totalCount and facets',
  },
  {
    label: 'words ("orthophoto", "bd topo", "courbes niveau")',
    filter: (index) => ({ q: ['orthophoto', 'bd topo', 'courbes niveau'][index % 3] }),
    counts: 'totalCount and facets',
  },
  { label: 'both (place "Brest" and "orthophoto")', filter: () => ({ place: 'Brest', q: 'orthophoto' }), counts: 'totalCount and facets' },
];

// Private: 100,000 editions written straight into a fresh index, then searched through GraphQL and at the store.
async function searchRows(location: StoreLocation): Promise<string[]> {
  const store = new CatalogueStore(await openStore(location));
  const observed = '2026-12-01T08:00:00.000Z';
  const products = 200;
  const perProduct = SEARCH_EDITIONS / products;
  const loadStarted = performance.now();
  await store.applyCapabilities(
    Array.from({ length: products }, (_, p) => {
      const theme = THEMES[p % THEMES.length] as (typeof THEMES)[number];
      return { name: `PRODUIT-${p}`, title: `${theme.title} ${p}`, description: theme.description, updated: observed, zones: [], formats: [], crs: [] };
    }),
    true,
    observed,
    false,
  );
  for (let p = 0; p < products; p += 1) {
    const entries: SubResourceEntry[] = Array.from({ length: perProduct }, (_, e) => ({
      resourceName: `PRODUIT-${p}`,
      name: `PRODUIT-${p}_E${e}`,
      title: null,
      updated: observed,
      editionDate: `${2000 + (e % 26)}-${String(1 + (e % 12)).padStart(2, '0')}-01`,
      zone: { code: SEARCH_ZONES[(p + e) % SEARCH_ZONES.length] as string, label: null },
      format: { code: SEARCH_FORMATS[e % SEARCH_FORMATS.length] as string, label: null },
      crs: { code: 'EPSG:2154', label: null },
    }));
    await store.applyListing(`PRODUIT-${p}`, entries, entries.length, observed, false);
  }
  await store.setState({ [SyncStateKey.BASELINE_AT]: observed });
  const loadMs = performance.now() - loadStarted;
  const fake = new FakeGeopfServer({ ratePerSecond: RATE });
  const baseUrl = await fake.start();
  const server = await startServer(
    { ...readConfig({}), port: 0, baseUrl, rateLimit: RATE, cacheTtlSeconds: 0 },
    { logger: silentLogger, catalogue: { store, autoStart: false } },
    '127.0.0.1',
  );
  try {
    const knowledge = server.catalogue!.knowledge;
    await knowledge.settled();
    // The place data a server loads once at start (a place's first operation waits for it): loaded before measuring.
    await preparePlaces();
    const refreshStarted = performance.now();
    await knowledge.refresh();
    const refreshMs = performance.now() - refreshStarted;
    if (knowledge.editions.revision !== (await store.reader.revision())) throw new Error('bench: the edition snapshot is not of the store revision');
    const rows: string[] = [
      `| index of ${SEARCH_EDITIONS.toLocaleString('en')} editions: written in | ${(loadMs / 1000).toFixed(1)} s | |`,
      `| in-memory copy of the listed editions: one refresh (store read and build, on the event loop) | ${refreshMs.toFixed(0)} ms | at start, after each sync pass, every sync interval |`,
    ];
    // The floor: the same HTTP and GraphQL path for an operation that reads nothing.
    const floor: number[] = [];
    const floorCpuBefore = process.cpuUsage();
    for (let index = 0; index < SEARCHES; index += 1) {
      const started = performance.now();
      const response = await fetchOrSay(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await response.json();
      floor.push(performance.now() - started);
    }
    const floorCpu = process.cpuUsage(floorCpuBefore);
    rows.push(
      `| the floor: \`{ __typename }\` through GraphQL (the same HTTP and GraphQL path, reading nothing) | p50 ${percentile(floor, 50).toFixed(1)} / p95 ${percentile(floor, 95).toFixed(1)} / p99 ${percentile(floor, 99).toFixed(1)} ms; CPU ${((floorCpu.user + floorCpu.system) / 1000 / SEARCHES).toFixed(1)} ms/op | |`,
    );
    for (const search of BENCH_SEARCHES) {
      const selection =
        search.counts === 'totalCount' ?
          'totalCount'
        : 'totalCount facets { zones { code count } formats { code count } crs { code count } years { year count } }';
      const query = `query($filter: EditionFilter) { editions(first: 20, filter: $filter) { ${selection} nodes { name editionDate zone { code } } pageInfo { endCursor } } }`;
      const times: number[] = [];
      let total = 0;
      const cpuBefore = process.cpuUsage();
      for (let index = 0; index < SEARCHES; index += 1) {
        const started = performance.now();
        const response = await fetchOrSay(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables: { filter: search.filter(index) } }),
        });
        const body = (await response.json()) as { errors?: unknown; data?: { editions: { totalCount: number; nodes: unknown[] } } };
        times.push(performance.now() - started);
        if (body.errors || !body.data?.editions.nodes.length) throw new Error(`bench search failed: ${JSON.stringify(body).slice(0, 300)}`);
        total = body.data.editions.totalCount;
      }
      const cpu = process.cpuUsage(cpuBefore);
      rows.push(
        `| \`editions\` through GraphQL, first 20 with ${search.counts}: ${search.label} | p50 ${percentile(times, 50).toFixed(1)} / p95 ${percentile(times, 95).toFixed(1)} / p99 ${percentile(times, 99).toFixed(1)} ms; CPU ${((cpu.user + cpu.system) / 1000 / SEARCHES).toFixed(1)} ms/op | ${total.toLocaleString('en')} editions matched (the last one asked) |`,
      );
    }
    // STAC searches (`/stac/search`, GET): the same index, through the STAC door; 20 items a page, as above.
    const stacRoot = server.url.replace(/\/graphql$/, '/stac');
    const stacSearches: Array<{ label: string; path: (index: number) => string }> = [
      { label: 'newest first, all products', path: () => '/search?limit=20' },
      { label: 'one product (`collections`), newest first', path: (index) => `/search?collections=PRODUIT-${index % 40}&limit=20` },
      {
        label: 'one product and a year (`datetime` interval)',
        path: (index) => `/search?collections=PRODUIT-${index % 40}&datetime=2020-01-01T00:00:00Z/2020-12-31T00:00:00Z&limit=20`,
      },
    ];
    for (const search of stacSearches) {
      const times: number[] = [];
      let bytes = 0;
      const cpuBefore = process.cpuUsage();
      for (let index = 0; index < SEARCHES; index += 1) {
        const started = performance.now();
        const response = await fetchOrSay(`${stacRoot}${search.path(index)}`, {});
        const text = await response.text();
        const body = JSON.parse(text) as { features?: unknown[] };
        times.push(performance.now() - started);
        bytes += text.length;
        if (response.status !== 200 || !body.features) throw new Error(`bench STAC search failed: ${JSON.stringify(body).slice(0, 300)}`);
      }
      const cpu = process.cpuUsage(cpuBefore);
      rows.push(
        `| STAC \`/stac/search\` (GET, 20 items): ${search.label} | p50 ${percentile(times, 50).toFixed(1)} / p95 ${percentile(times, 95).toFixed(1)} / p99 ${percentile(times, 99).toFixed(1)} ms; CPU ${((cpu.user + cpu.system) / 1000 / SEARCHES).toFixed(1)} ms/op | 0 upstream requests; ${Math.round(bytes / SEARCHES / 1024)} kB a page (zone outlines as geometry) |`,
      );
    }
    // Bulk exports of the whole index: throughput and the process's resident memory growth while a client reads.
    for (const path of ['/exports/editions.csv', '/exports/editions.ndjson', '/exports/editions.parquet', '/exports/products.csv']) {
      const exported = await exportOnce(`http://127.0.0.1:${server.port}${path}`);
      const perSecond = path.startsWith('/exports/editions') ? `${Math.round(SEARCH_EDITIONS / (exported.ms / 1000)).toLocaleString('en')} editions/s, ` : '';
      rows.push(
        `| \`GET ${path}\`, the whole index (${SEARCH_EDITIONS.toLocaleString('en')} editions) | ${perSecond}${(exported.ms / 1000).toFixed(1)} s, ${(exported.bytes / 1024 / 1024).toFixed(1)} MiB; RSS growth ${exported.rssGrowthMiB.toFixed(0)} MiB | bound 50 MB (\`test/e2e/exports/exportBounds.test.ts\`) |`,
      );
    }
    const direct: number[] = [];
    for (let index = 0; index < SEARCHES; index += 1) {
      const started = performance.now();
      await store.editions({ zones: [SEARCH_ZONES[index % SEARCH_ZONES.length] as string], formats: ['GPKG'] }, 'EDITION_DATE_DESC', null, false, 21);
      direct.push(performance.now() - started);
    }
    // Sync plans, from the index alone: one product from nothing, the same since position 0 once 40 products had
    // 20 editions added and 20 withdrawn each (1,600 events to rewind), and 40 products (20,000 editions) from nothing.
    for (let p = 0; p < 40; p += 1) {
      const kept = Array.from({ length: perProduct - 20 }, (_, e) => e + 20);
      const entries: SubResourceEntry[] = [...kept, ...Array.from({ length: 20 }, (_, e) => perProduct + e)].map((e) => ({
        resourceName: `PRODUIT-${p}`,
        name: `PRODUIT-${p}_E${e}`,
        title: null,
        updated: observed,
        editionDate: `${2000 + (e % 27)}-${String(1 + (e % 12)).padStart(2, '0')}-01`,
        zone: { code: SEARCH_ZONES[(p + e) % SEARCH_ZONES.length] as string, label: null },
        format: { code: SEARCH_FORMATS[e % SEARCH_FORMATS.length] as string, label: null },
        crs: { code: 'EPSG:2154', label: null },
      }));
      await store.applyListing(`PRODUIT-${p}`, entries, entries.length, '2026-12-02T08:00:00.000Z', true);
    }
    const plan = async (filter: string, after: string | null): Promise<{ ms: number; downloads: number; removals: number }> => {
      const started = performance.now();
      const response = await fetchOrSay(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `query($after: String) { syncPlan(filter: ${filter}, after: $after, keep: 2) { download { name } remove { name } endCursor } }`,
          variables: { after },
        }),
      });
      const body = (await response.json()) as { errors?: unknown; data?: { syncPlan: { download: unknown[]; remove: unknown[] } } };
      if (body.errors || !body.data) throw new Error(`bench syncPlan failed: ${JSON.stringify(body).slice(0, 300)}`);
      return { ms: performance.now() - started, downloads: body.data.syncPlan.download.length, removals: body.data.syncPlan.remove.length };
    };
    const origin = Buffer.from('c1:0').toString('base64');
    const oneProduct: number[] = [];
    const rewound: number[] = [];
    let sample = { fresh: { downloads: 0, removals: 0 }, since: { downloads: 0, removals: 0 } };
    for (let index = 0; index < 50; index += 1) {
      const fresh = await plan('{ resources: ["PRODUIT-7"] }', null);
      const since = await plan('{ resources: ["PRODUIT-7"] }', origin);
      oneProduct.push(fresh.ms);
      rewound.push(since.ms);
      sample = { fresh, since };
    }
    const forty = JSON.stringify(Array.from({ length: 40 }, (_, p) => `PRODUIT-${p}`));
    const widest = await plan(`{ resources: ${forty} }`, null);
    const refused = await plan('{}', null).then(
      () => 'answered',
      (error: unknown) => String(error),
    );
    if (!refused.includes('expected at most 25,000 matching editions')) throw new Error(`bench syncPlan of every product: ${refused}`);
    if (fake.requests.length > 0) throw new Error(`searches and plans sent ${fake.requests.length} upstream requests`);
    rows.push(
      `| a window at the store alone (zone, format; no count): p50 / p95 | ${percentile(direct, 50).toFixed(2)} / ${percentile(direct, 95).toFixed(2)} ms | |`,
      `| \`syncPlan\` of one product (${perProduct} editions, keep 2: ${sample.fresh.downloads} to download) from nothing, through GraphQL: p50 / p95 | ${percentile(oneProduct, 50).toFixed(1)} / ${percentile(oneProduct, 95).toFixed(1)} ms | 0 upstream requests |`,
      `| the same since position 0, 20 editions added and 20 withdrawn since (${sample.since.downloads} to download, ${sample.since.removals} to remove): p50 / p95 | ${percentile(rewound, 50).toFixed(1)} / ${percentile(rewound, 95).toFixed(1)} ms | |`,
      `| \`syncPlan\` of 40 products (20,000 editions, keep 2: ${widest.downloads} to download), names only, once | ${widest.ms.toFixed(0)} ms | every product (100,000): refused (BAD_USER_INPUT) |`,
      `| upstream requests of every search and plan above | 0 | |`,
    );
    return rows;
  } finally {
    await server.stop();
    await fake.stop();
  }
}

// Private: one export read to its end by a node:http client (counted, not kept): wall time, bytes, and the
// process's peak resident memory above what it was at the request, sampled on every chunk.
async function exportOnce(url: string): Promise<{ ms: number; bytes: number; rssGrowthMiB: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  let bytes = 0;
  const started = performance.now();
  const response = await new Promise<IncomingMessage>((resolve, reject) => get(url, resolve).on('error', reject));
  if (response.statusCode !== 200) throw new Error(`bench export ${url}: ${response.statusCode}`);
  for await (const chunk of response as AsyncIterable<Buffer>) {
    bytes += chunk.byteLength;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { ms: performance.now() - started, bytes, rssGrowthMiB: (peak - before) / 1024 / 1024 };
}

// Private: fetch, once more when the first attempt finds its kept-alive connection closed by the server while it
// idled (the index was being written); its cause in the message when it fails.
async function fetchOrSay(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (first) {
    try {
      return await fetch(url, init);
    } catch (error) {
      throw new Error(`${String(error)}: ${String((error as { cause?: unknown }).cause)} (first: ${String((first as { cause?: unknown }).cause)})`, {
        cause: error,
      });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
