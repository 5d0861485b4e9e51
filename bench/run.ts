import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCursor } from '../src/graphql/connections/cursor';
import { readConfig } from '../src/server/config';
import { silentLogger, type Logger } from '../src/core/logger';
import { openCatalogueStore } from '../src/catalogue/index/startCatalogue';
import { startServer } from '../src/server/server';
import { GeopfClient } from '../src/upstream/client/GeopfClient';
import { listingIdentity } from '../src/upstream/format/listingPath';
import { RateGate } from '../src/upstream/gate/RateGate';
import { FakeGeopfServer } from '../test/fakeUpstream/FakeGeopfServer';
import { buildCatalogue, findResource, type FakeResource } from '../test/fakeUpstream/catalogue';
import { REAL_SHAPE_BDTOPO_FORMATS, REAL_SHAPE_BDTOPO_ZONES } from '../test/fakeUpstream/realShapedCatalogue';
import { REAL_SHAPE_OPERATIONS, REAL_SHAPED, type RealShapeOperation } from '../test/helpers/realShapeOperations';
import { threeFileEdition, zipsEdition } from '../test/helpers/archiveEditions';
import type { FileBytes } from '../test/fakeUpstream/byteDownloads';
import { maxInAnyWindow, percentile } from './measure';
import { SUITE } from './suite';

/**
 * `npm run bench`: everything against the fake upstream on 127.0.0.1, in one run, so the ratios compare like
 * with like. Prints a Markdown report; writes it to bench/RESULTS.md only with `--write` (so that running the
 * bench leaves the working tree clean). Exits non-zero when a target is missed.
 */
const UPSTREAM_LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 40);
const RATE = 10;
const WRITE = process.argv.includes('--write');
/** `GEOPF_CACHE_MAX_MB` of the memory run: the default. */
const MEMORY_BOUND_MB = 64;
/** Warm CPU per operation, at most this many times a bare Apollo Server's, on every warm row. */
const WARM_CPU_TARGET = 1.2;

/** The estimate and real count of the last operation, read from the subgraph's operation log. */
interface OperationLog {
  estimate: number | null;
  actual: number;
}

/**
 * A catalogue index as a running subgraph has it after its first sync: a full sync of `catalogue` from a fake
 * upstream of its own (no latency, no rate limit, so seeding takes seconds), into a fresh data directory.
 */
async function seedIndex(catalogue?: FakeResource[]): Promise<string> {
  const fake = new FakeGeopfServer({ ratePerSecond: 1_000_000, ...(catalogue ? { catalogue } : {}) });
  const baseUrl = await fake.start();
  const defaults = readConfig({});
  const dataDir = mkdtempSync(join(tmpdir(), 'geopf-bench-index-'));
  const config = { ...defaults, port: 0, baseUrl, rateLimit: 100_000, catalogue: { ...defaults.catalogue, dataDir } };
  const store = await openCatalogueStore(config.catalogue);
  if (!store) throw new Error('bench: the catalogue store did not open');
  const server = await startServer(config, { logger: silentLogger, catalogue: { store, autoStart: false } }, '127.0.0.1');
  await server.catalogue?.syncer.runOnce();
  await server.stop();
  await fake.stop();
  return dataDir;
}

/** Data directories of seeded indexes, removed when the bench exits. */
const seededIndexes: string[] = [];
process.on('exit', () => seededIndexes.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function startSubgraphAt(baseUrl: string, cacheTtlSeconds: number, indexDir?: string) {
  const last: OperationLog = { estimate: null, actual: 0 };
  const logger: Logger = {
    info: (message, fields) => {
      if (message !== 'operation') return;
      last.estimate = (fields?.['estimatedUpstreamRequests'] as number | null) ?? null;
      last.actual = (fields?.['upstreamRequests'] as number) ?? 0;
    },
    warn: () => undefined,
    error: () => undefined,
  };
  const defaults = readConfig({});
  const config = {
    ...defaults,
    port: 0,
    baseUrl,
    rateLimit: RATE,
    cacheTtlSeconds,
    catalogue: { ...defaults.catalogue, ...(indexDir ? { dataDir: indexDir } : {}) },
  };
  // With an index: its store as the seeding sync left it, no sync of its own (its requests would count), and its
  // knowledge read before the first operation.
  const store = indexDir ? await openCatalogueStore(config.catalogue) : null;
  const server = await startServer(config, { logger, ...(store ? { catalogue: { store, autoStart: false } } : {}) }, '127.0.0.1');
  await server.catalogue?.knowledge.refresh();
  return { server, last };
}

async function startPair(
  cacheTtlSeconds: number,
  latencyMs: number,
  upstreamRate = RATE,
  catalogue?: FakeResource[],
  indexDir?: string,
  fileBytes?: FileBytes,
) {
  const fake = new FakeGeopfServer({ ratePerSecond: upstreamRate, ...(catalogue ? { catalogue } : {}), ...(fileBytes ? { fileBytes } : {}) });
  const baseUrl = await fake.start();
  if (latencyMs > 0) fake.setFault(() => ({ delayMs: latencyMs }));
  const { server, last } = await startSubgraphAt(baseUrl, cacheTtlSeconds, indexDir);
  return { fake, baseUrl, server, last };
}

async function ask(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`bench operation failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body;
}

const ratioText = (value: number, minimum: number) =>
  minimum === 0 ?
    value === 0 ?
      '1.00'
    : '∞'
  : (value / minimum).toFixed(2);

/**
 * One operation on a cold page cache: upstream requests, the estimate it was admitted with, what it reserved while
 * running (its answer's `extensions.upstream.reserved`), then a warm repeat.
 */
interface ColdRun {
  cold: number;
  estimate: number | null;
  reserved: number | null;
  warm: number | null;
}

/** What an answer says it reserved while running. */
const reservedOf = (answer: { extensions?: { upstream?: { reserved?: number } } }): number | null => answer.extensions?.upstream?.reserved ?? null;

/**
 * One row of a request table: the operation on a fresh subgraph without an index (knowing nothing), and on a
 * fresh subgraph whose index a sync filled (page cache cold all the same), against the minimum.
 */
interface RequestRow {
  name: string;
  minimum: number;
  /** The minimum without an index, when it differs (the index tells where to look). */
  minimumWithoutIndex?: number;
  bare: ColdRun;
  indexed: ColdRun | null;
  why: string;
}

const estimateText = (run: ColdRun) =>
  `${run.estimate ?? '–'} | ${run.reserved ?? '–'} | ${run.estimate === null || run.cold === 0 ? '–' : (run.estimate / run.cold).toFixed(2)}`;

function requestTable(rows: readonly RequestRow[]): string[] {
  return [
    '| operation | minimum | requests | ratio | estimate | reserved | estimate / actual | with the index: requests | ratio | estimate | reserved | estimate / actual | warm repeat | minimum because |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => {
      const bareMinimum = row.minimumWithoutIndex ?? row.minimum;
      const indexed = row.indexed ? `${row.indexed.cold} | ${ratioText(row.indexed.cold, row.minimum)} | ${estimateText(row.indexed)}` : '– | – | – | – | –';
      const warm = [row.bare.warm, row.indexed?.warm].filter((value) => value !== null && value !== undefined);
      return `| ${row.name} | ${row.minimum}${row.minimumWithoutIndex === undefined ? '' : ` (${bareMinimum} without)`} | ${row.bare.cold} | ${ratioText(row.bare.cold, bareMinimum)} | ${estimateText(row.bare)} | ${indexed} | ${warm.length ? warm.join(' / ') : '–'} | ${row.why} |`;
    }),
  ];
}

const requestRatioOk = (row: RequestRow) => {
  const within = (run: ColdRun, minimum: number) => (minimum === 0 ? run.cold === 0 : run.cold / minimum <= 1.1) && (run.warm === null || run.warm === 0);
  return within(row.bare, row.minimumWithoutIndex ?? row.minimum) && (row.indexed === null || within(row.indexed, row.minimum));
};
/**
 * Never below the requests not taken from a run-time reservation (what is sent before the data tells more); within
 * 3 of the requests knowing nothing, within 1.5 of them once the process knows the catalogue (its index).
 */
const estimateIsUpperBound = (run: ColdRun) => run.estimate === null || run.estimate >= run.cold - (run.reserved ?? 0);
const estimateWithin = (run: ColdRun, factor: number) => run.estimate === null || run.cold === 0 || run.estimate / run.cold <= factor;
const estimateOk = (row: RequestRow) =>
  estimateIsUpperBound(row.bare) &&
  estimateWithin(row.bare, 3) &&
  (row.indexed === null || (estimateIsUpperBound(row.indexed) && estimateWithin(row.indexed, 1.5)));

/** (1) Upstream requests per operation on the usual catalogue (116 products), cold then warm. */
async function requestRatios(): Promise<RequestRow[]> {
  const rows: RequestRow[] = [];
  const indexDir = await seedIndex();
  seededIndexes.push(indexDir);
  const coldRun = async (operation: (typeof SUITE)[number], withIndex: boolean): Promise<ColdRun> => {
    const { fake, server, last } = await startPair(300, UPSTREAM_LATENCY_MS, RATE, undefined, withIndex ? indexDir : undefined);
    const reserved = reservedOf(await ask(server.url, operation.query, operation.variables));
    const cold = fake.requests.length;
    const estimate = last.estimate;
    fake.clearRequests();
    await ask(server.url, operation.query, operation.variables);
    const warm = fake.requests.length;
    await server.stop();
    await fake.stop();
    return { cold, estimate, reserved, warm };
  };
  for (const operation of SUITE) {
    rows.push({
      name: operation.name,
      minimum: operation.minimum,
      bare: await coldRun(operation, false),
      indexed: await coldRun(operation, true),
      why: operation.why,
    });
  }
  // Paging through every product, 7 at a time, with the shared cache: each page is fetched once.
  const { fake, server } = await startPair(300, UPSTREAM_LATENCY_MS);
  let after: string | null = null;
  for (;;) {
    const page = await ask(server.url, 'query($a: String) { resources(first: 7, after: $a) { pageInfo { hasNextPage endCursor } } }', { a: after });
    if (!page.data.resources.pageInfo.hasNextPage) break;
    after = page.data.resources.pageInfo.endCursor;
  }
  rows.push({
    name: 'paging all 116 products, first: 7 (17 operations)',
    minimum: 3,
    bare: { cold: fake.requests.length, estimate: null, reserved: null, warm: null },
    indexed: null,
    why: 'each capabilities page once, then from the cache',
  });
  await server.stop();
  await fake.stop();
  return rows;
}

/** (2) The rows of the real-shaped catalogue: each on a cold subgraph, then repeated warm. */
async function realShapeRatios(): Promise<RequestRow[]> {
  const fake = new FakeGeopfServer({ ratePerSecond: RATE, catalogue: REAL_SHAPED });
  const baseUrl = await fake.start();
  fake.setFault(() => ({ delayMs: UPSTREAM_LATENCY_MS }));
  const rows: RequestRow[] = [];
  const indexDir = await seedIndex(REAL_SHAPED);
  seededIndexes.push(indexDir);
  const waitForQuietSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));
  const coldRun = async (operation: RealShapeOperation, withIndex: boolean): Promise<ColdRun> => {
    await waitForQuietSecond();
    const { server, last } = await startSubgraphAt(baseUrl, 300, withIndex ? indexDir : undefined);
    fake.clearRequests();
    const reserved = reservedOf(await ask(server.url, operation.query, operation.variables));
    const cold = fake.requests.length;
    const estimate = last.estimate;
    fake.clearRequests();
    await ask(server.url, operation.query, operation.variables);
    const warm = fake.requests.length;
    await server.stop();
    return { cold, estimate, reserved, warm };
  };
  for (const operation of REAL_SHAPE_OPERATIONS) {
    rows.push({
      name: operation.name,
      minimum: operation.minimum,
      ...(operation.minimumWithoutIndex === undefined ? {} : { minimumWithoutIndex: operation.minimumWithoutIndex }),
      bare: await coldRun(operation, false),
      indexed: await coldRun(operation, true),
      why: operation.why,
    });
  }
  // Every file of every edition of BDORTHO (126 editions), as a client pages it: 100 editions, then the rest.
  await waitForQuietSecond();
  const { server, last } = await startSubgraphAt(baseUrl, 300);
  const walk = (after: string | null) =>
    `{ resource(name: "BDORTHO") { subResources(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { endCursor } nodes { name files(first: 50) { totalCount nodes { name size md5 } } } } } }`;
  fake.clearRequests();
  const first = await ask(server.url, walk(null));
  rows.push({
    name: 'every file of BDORTHO (126 editions), op 1: editions 1–100',
    minimum: 102,
    bare: { cold: fake.requests.length, estimate: last.estimate, reserved: reservedOf(first), warm: null },
    indexed: null,
    why: 'feed pages 1–2, 100 file listings',
  });
  fake.clearRequests();
  const second = await ask(server.url, walk(first.data.resource.subResources.pageInfo.endCursor));
  rows.push({
    name: 'every file of BDORTHO, op 2: editions 101–126',
    minimum: 27,
    bare: { cold: fake.requests.length, estimate: last.estimate, reserved: reservedOf(second), warm: null },
    indexed: null,
    why: 'feed page 3, 26 file listings (page 1, which proves the product, is cached)',
  });
  await server.stop();
  await fake.stop();
  return rows;
}

/** An operation over an edition of real archives, with the fewest requests any client could make for it. */
interface ArchiveOperation {
  name: string;
  edition: ReturnType<typeof threeFileEdition>;
  query: string;
  minimum: number;
  why: string;
}

/**
 * (1b) Tables of contents: the listing estimated, each archive's Range reads reserved once the listing showed it.
 * Each operation on a fresh subgraph, cold, without and with an index of its catalogue.
 */
async function archiveRatios(): Promise<RequestRow[]> {
  const three = threeFileEdition();
  const fifty = zipsEdition(50);
  const contents = (edition: ArchiveOperation['edition']) =>
    `{ subResource(resourceName: "${edition.product}", name: "${edition.edition}") { files(first: 50) { nodes { name contents { format entryCount } } } } }`;
  const operations: ArchiveOperation[] = [
    {
      name: 'every table of contents of an edition of 3 files (.7z, .zip, .md5)',
      edition: three,
      query: contents(three),
      minimum: 4,
      why: "its file listing; the .7z's start header, then its header (the packed header read ahead with it); the .zip's tail, which holds its directory; none for the .md5",
    },
    {
      name: 'files(first: 50) { contents } on an edition of 50 archives (.zip)',
      edition: fifty,
      query: contents(fifty),
      minimum: 51,
      why: "its file listing, then each .zip's tail, which holds its directory",
    },
  ];
  const catalogue = [three.resource, fifty.resource];
  const fileBytes = new Map([...three.bytes, ...fifty.bytes]);
  const indexDir = await seedIndex(catalogue);
  seededIndexes.push(indexDir);
  const coldRun = async (operation: ArchiveOperation, withIndex: boolean): Promise<ColdRun> => {
    const { fake, server, last } = await startPair(300, UPSTREAM_LATENCY_MS, RATE, catalogue, withIndex ? indexDir : undefined, fileBytes);
    const reserved = reservedOf(await ask(server.url, operation.query));
    const cold = fake.requests.length;
    const estimate = last.estimate;
    fake.clearRequests();
    await ask(server.url, operation.query);
    const warm = fake.requests.length;
    await server.stop();
    await fake.stop();
    return { cold, estimate, reserved, warm };
  };
  const rows: RequestRow[] = [];
  for (const operation of operations) {
    rows.push({
      name: operation.name,
      minimum: operation.minimum,
      bare: await coldRun(operation, false),
      indexed: await coldRun(operation, true),
      why: operation.why,
    });
  }
  return rows;
}

/** (3) The gate under saturation: 120 distinct pages asked at once through a gate of RATE per second. */
async function gateSaturation() {
  const fake = new FakeGeopfServer({ ratePerSecond: RATE });
  const baseUrl = await fake.start();
  fake.setFault(() => ({ delayMs: UPSTREAM_LATENCY_MS }));
  const client = new GeopfClient({ baseUrl, gate: new RateGate({ ratePerSecond: RATE }), timeoutMs: 30000, userAgent: 'bench', retry: { maxAttempts: 1 } });
  const count = 120;
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, index) => client.capabilities({ thematic: `bench-${index}` }, 1)));
  const elapsedS = (performance.now() - started) / 1000;
  const arrivals = fake.requests.map((request) => request.at);
  const spanS = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
  const achieved = (count - RATE) / spanS; // the first RATE go at once; the rest pace the steady state
  const refused = fake.requests.filter((request) => request.status === 429).length;
  await fake.stop();
  return { count, elapsedS, achieved, maxWindow: maxInAnyWindow(arrivals, 1000), refused };
}

/** A server of the bench in its own process (bench/serverProcess.ts). */
interface ChildServer {
  url: string;
  cpuMs(): Promise<number>;
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Starts a CPU profile of the process; `profileStop` writes it to `file` (a `.cpuprofile`). */
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  stop(): void;
}

/** Every server process started, killed when the bench exits whichever way. */
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill()));

async function startChild(args: string[], execArgv: string[] = []): Promise<ChildServer> {
  // Both servers run as `npm start` runs the subgraph: NODE_ENV=production unless the bench's own says otherwise.
  const env = { ...process.env, NODE_ENV: process.env['NODE_ENV'] ?? 'production' };
  const child: ChildProcess = fork(join(__dirname, 'serverProcess.js'), args, { execArgv, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const reply = <T>(key: string, send?: string) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench server exited with ${code}`));
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message[key] as T);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (send) child.send(send);
    });
  const url = await reply<string>('url');
  return {
    url,
    cpuMs: async () => {
      const usage = await reply<NodeJS.CpuUsage>('cpu', 'cpu');
      return (usage.user + usage.system) / 1000;
    },
    memory: () => reply<NodeJS.MemoryUsage>('memory', 'memory'),
    profileStart: async () => {
      await reply<true>('profiling', 'profile-start');
    },
    profileStop: async (file) => {
      const outcome = await reply<true | string>('profiled', `profile-stop ${file}`);
      if (outcome !== true) throw new Error(`bench: no profile: ${outcome}`);
    },
    stop: () => child.send('stop'),
  };
}

/** One warm operation compared with a bare Apollo Server answering the same data; `operationName` keys its answers. */
interface WarmOperation {
  name: string;
  operationName: string;
  query: string;
  variables?: Record<string, unknown>;
}

const usualCatalogue = buildCatalogue();
const editionsOf = (product: string) => (findResource(usualCatalogue, product) as FakeResource).editions;
/** 20 editions of the usual catalogue: 16 of BD ORTHO, then the first of 4 other products. */
const WARM_TWENTY_EDITIONS = [
  ...editionsOf('BDORTHO')
    .slice(0, 16)
    .map((edition) => ({ __typename: 'SubResource', resourceName: 'BDORTHO', name: edition.name })),
  ...['ADMIN-EXPRESS-COG', 'RGEALTI', 'ADMIN-EXPRESS', 'BDCARTO'].map((product) => ({
    __typename: 'SubResource',
    resourceName: product,
    name: (editionsOf(product)[0] as { name: string }).name,
  })),
];

/** The warm operations compared with a bare Apollo Server answering the same data. */
const WARM_OPERATIONS: WarmOperation[] = [
  {
    name: '`resources(first: 50)` with zones and formats',
    operationName: 'Facets',
    query: 'query Facets { resources(first: 50) { nodes { name title zones { code label } formats { code } } } }',
  },
  {
    name: '`resource(name: "BDORTHO") { subResources(first: 50) }` edges with cursors',
    operationName: 'Cursors',
    query: 'query Cursors { resource(name: "BDORTHO") { subResources(first: 50) { edges { cursor node { name editionDate zone { code label } } } } } }',
  },
  {
    name: 'nested `resources(first: 3)` → `subResources(first: 2)` → `files(first: 10)`',
    operationName: 'Nested',
    query:
      'query Nested { resources(first: 3) { totalCount nodes { name title subResources(first: 2) { totalCount nodes { name editionDate zone { code label } files(first: 10) { totalCount nodes { name url size md5 } } } } } } }',
  },
  {
    name: '`_entities` of 20 editions with `files(first: 10)`',
    operationName: 'Entities',
    query:
      'query Entities($r: [_Any!]!) { _entities(representations: $r) { ... on SubResource { name editionDate files(first: 10) { totalCount nodes { name url size md5 } } } } }',
    variables: { r: WARM_TWENTY_EDITIONS },
  },
];
/** Concurrent clients per server while a round runs, operations per round, rounds (interleaved). */
const WARM_CONCURRENCY = 10;
const WARM_ROUND_OPERATIONS = 400;
const WARM_ROUNDS = 7;

/** One round of one server: CPU per operation (ms), operations per second, median latency (ms). */
interface WarmRound {
  cpuPerOp: number;
  perSecond: number;
  p50: number;
}

/** A warm row: medians over the rounds, and the medians of the per-round ratios (each round's pair ran back to back). */
interface WarmRow {
  name: string;
  subgraphMs: number;
  bareMs: number;
  cpuRatio: number;
  throughputRatio: number;
  subgraphP50: number;
  bareP50: number;
}

/** `operations` of `operation` against `server` by `concurrency` clients, each sending its next once answered. */
async function warmRound(server: ChildServer, operation: WarmOperation, operations: number, concurrency: number): Promise<WarmRound> {
  const latencies: number[] = [];
  let sent = 0;
  const client = async () => {
    while (sent < operations) {
      sent += 1;
      const started = performance.now();
      await ask(server.url, operation.query, operation.variables);
      latencies.push(performance.now() - started);
    }
  };
  const cpuBefore = await server.cpuMs();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedS = (performance.now() - started) / 1000;
  return { cpuPerOp: ((await server.cpuMs()) - cpuBefore) / operations, perSecond: operations / elapsedS, p50: percentile(latencies, 50) };
}

/**
 * (4) CPU per warm operation: the subgraph against a bare Apollo Server 5, each in its own process, rounds
 * interleaved (the order alternating), so that a load shared by both drifts over both alike. With `profileDir`,
 * each server's measured rounds of each operation are also written there as a CPU profile (`.cpuprofile`).
 */
async function warmCpu(profileDir?: string): Promise<WarmRow[]> {
  const fake = new FakeGeopfServer({ ratePerSecond: 1_000_000 });
  const baseUrl = await fake.start();
  const subgraph = await startChild(['subgraph', baseUrl]);
  // The bare server answers with the subgraph's own answers (same data, same JSON), by operation name.
  const answers: Record<string, unknown> = {};
  for (const operation of WARM_OPERATIONS) answers[operation.operationName] = (await ask(subgraph.url, operation.query, operation.variables)).data;
  const answersFile = join(tmpdir(), `geopf-bench-answers-${process.pid}.json`);
  writeFileSync(answersFile, JSON.stringify(answers));
  const bare = await startChild(['bare', answersFile]);
  const rows: WarmRow[] = [];
  for (const operation of WARM_OPERATIONS) {
    const [ours, theirs] = await Promise.all([ask(subgraph.url, operation.query, operation.variables), ask(bare.url, operation.query, operation.variables)]);
    if (JSON.stringify(ours.data) !== JSON.stringify(theirs.data)) throw new Error(`the bare server does not give the subgraph's answer to ${operation.name}`);
    await warmRound(subgraph, operation, 200, WARM_CONCURRENCY);
    await warmRound(bare, operation, 200, WARM_CONCURRENCY);
    const rounds: Array<{ subgraph: WarmRound; bare: WarmRound }> = [];
    if (profileDir) await Promise.all([subgraph.profileStart(), bare.profileStart()]);
    for (let round = 0; round < WARM_ROUNDS; round += 1) {
      if (round % 2 === 0) {
        const a = await warmRound(subgraph, operation, WARM_ROUND_OPERATIONS, WARM_CONCURRENCY);
        rounds.push({ subgraph: a, bare: await warmRound(bare, operation, WARM_ROUND_OPERATIONS, WARM_CONCURRENCY) });
      } else {
        const b = await warmRound(bare, operation, WARM_ROUND_OPERATIONS, WARM_CONCURRENCY);
        rounds.push({ subgraph: await warmRound(subgraph, operation, WARM_ROUND_OPERATIONS, WARM_CONCURRENCY), bare: b });
      }
    }
    if (profileDir) {
      await subgraph.profileStop(join(profileDir, `subgraph-${operation.operationName}.cpuprofile`));
      await bare.profileStop(join(profileDir, `bare-${operation.operationName}.cpuprofile`));
    }
    const median = (values: number[]) => percentile(values, 50);
    rows.push({
      name: operation.name,
      subgraphMs: median(rounds.map((round) => round.subgraph.cpuPerOp)),
      bareMs: median(rounds.map((round) => round.bare.cpuPerOp)),
      cpuRatio: median(rounds.map((round) => round.subgraph.cpuPerOp / round.bare.cpuPerOp)),
      throughputRatio: median(rounds.map((round) => round.subgraph.perSecond / round.bare.perSecond)),
      subgraphP50: median(rounds.map((round) => round.subgraph.p50)),
      bareP50: median(rounds.map((round) => round.bare.p50)),
    });
  }
  subgraph.stop();
  bare.stop();
  rmSync(answersFile, { force: true });
  await fake.stop();
  return rows;
}

/** (5) Resident memory with a full cache against the bound: a subgraph process whose cache is filled past it. */
async function memoryBound(cacheMb: number) {
  const fake = new FakeGeopfServer({ ratePerSecond: 1_000_000, catalogue: REAL_SHAPED });
  const baseUrl = await fake.start();
  const child = await startChild(['subgraph', baseUrl, String(cacheMb)], ['--expose-gc']);
  await ask(child.url, '{ resources(first: 1) { totalCount } }');
  const idle = (await child.memory()).rss;
  // Distinct full pages: every capabilities page, every page of BD TOPO, and of each zone and format of it.
  const cursor = (segments: string[], params: Record<string, string>, offset: number) => encodeCursor(listingIdentity(segments, params), offset);
  const pages: Array<{ query: string }> = [];
  for (let offset = 0; offset < REAL_SHAPED.length; offset += 50) {
    pages.push({ query: `{ resources(first: 50${offset > 0 ? `, after: "${cursor(['capabilities'], {}, offset - 1)}"` : ''}) { nodes { name } } }` });
  }
  const listings: Array<Record<string, string>> = [{}];
  for (const zone of REAL_SHAPE_BDTOPO_ZONES) for (const format of REAL_SHAPE_BDTOPO_FORMATS) listings.push({ zone, format });
  for (const zone of REAL_SHAPE_BDTOPO_ZONES) listings.push({ zone });
  const dates = [
    ...new Set((REAL_SHAPED.find((resource) => resource.name === 'BDTOPO') as FakeResource).editions.map((edition) => edition.editionDate as string)),
  ];
  for (const date of dates) listings.push({ editionDateFrom: date, editionDateTo: date });
  for (const date of dates) for (const format of REAL_SHAPE_BDTOPO_FORMATS) listings.push({ editionDateFrom: date, editionDateTo: date, format });
  for (const params of listings) {
    const filter = Object.entries(params)
      .map(([key, value]) => `${key}: "${value}"`)
      .join(', ');
    const size =
      params['editionDateFrom'] ?
        params['format'] ?
          20
        : 60
      : params['zone'] ?
        params['format'] ?
          64
        : 190
      : 3800;
    for (let offset = 0; offset < size; offset += 50) {
      const after = offset > 0 ? `, after: "${cursor(['resource', 'BDTOPO'], params, offset - 1)}"` : '';
      pages.push({ query: `{ resource(name: "BDTOPO") { subResources(first: 50${after}${filter ? `, filter: { ${filter} }` : ''}) { nodes { name } } } }` });
    }
  }
  for (const page of pages) await ask(child.url, page.query);
  // Then every page of the capabilities filtered by each zone the catalogue uses, followed by cursor.
  const zones = [
    ...new Set(REAL_SHAPED.flatMap((resource) => resource.editions.map((edition) => edition.zone?.term).filter((code): code is string => code !== undefined))),
  ];
  let zonePages = 0;
  for (const zone of zones) {
    let after: string | null = null;
    for (;;) {
      const answer: any = await ask(
        child.url,
        'query($z: String!, $a: String) { resources(first: 50, after: $a, filter: { zone: $z }) { pageInfo { hasNextPage endCursor } nodes { name } } }',
        { z: zone, a: after },
      );
      zonePages += 1;
      if (!answer.data.resources.pageInfo.hasNextPage) break;
      after = answer.data.resources.pageInfo.endCursor;
    }
  }
  const metrics = await (await fetch(child.url.replace(/\/graphql$/, '/metrics'))).text();
  const cachedBytes = Number(/^geopf_cache_bytes\S*\s+(\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
  const evictions = Number(/^geopf_cache_evictions_total\S*\s+(\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
  const full = await child.memory();
  child.stop();
  await fake.stop();
  return {
    cacheMb,
    pagesAsked: pages.length + zonePages,
    idleMiB: idle / 2 ** 20,
    fullMiB: full.rss / 2 ** 20,
    heapMiB: full.heapUsed / 2 ** 20,
    cachedMiB: cachedBytes / 2 ** 20,
    evictions,
  };
}

/**
 * (5b) Resident memory under a 2,000-product catalogue read page by page, as a client walking it would: each
 * page of 50 products with the first 50 editions of each and the first 50 files of each edition, following
 * the cursor, in a subgraph process with a cache bound of `cacheMb`.
 */
async function memoryReadingCatalogue(cacheMb: number) {
  const fake = new FakeGeopfServer({ ratePerSecond: 1_000_000, catalogue: buildCatalogue({ resourceCount: 2000 }) });
  const baseUrl = await fake.start();
  const child = await startChild(['subgraph', baseUrl, String(cacheMb)], ['--expose-gc']);
  await ask(child.url, '{ __typename }');
  const idle = (await child.memory()).rss;
  let after: string | null = null;
  let operations = 0;
  for (;;) {
    const answer: any = await ask(
      child.url,
      'query($a: String) { resources(first: 50, after: $a) { pageInfo { hasNextPage endCursor } nodes { name subResources(first: 50) { nodes { name files(first: 50) { nodes { name size } } } } } } }',
      { a: after },
    );
    operations += 1;
    if (!answer.data.resources.pageInfo.hasNextPage) break;
    after = answer.data.resources.pageInfo.endCursor;
  }
  const metrics = await (await fetch(child.url.replace(/\/graphql$/, '/metrics'))).text();
  const cachedBytes = Number(/^geopf_cache_bytes\S*\s+(\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
  const evictions = Number(/^geopf_cache_evictions_total\S*\s+(\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
  const full = await child.memory();
  child.stop();
  const pagesRead = fake.requests.length;
  await fake.stop();
  return {
    cacheMb,
    operations,
    pagesRead,
    idleMiB: idle / 2 ** 20,
    fullMiB: full.rss / 2 ** 20,
    heapMiB: full.heapUsed / 2 ** 20,
    heapTotalMiB: full.heapTotal / 2 ** 20,
    externalMiB: full.external / 2 ** 20,
    cachedMiB: cachedBytes / 2 ** 20,
    evictions,
  };
}

async function main(): Promise<void> {
  const progress = (section: string, value: unknown) => process.stderr.write(`bench: ${section} ${JSON.stringify(value)}\n`);
  const only = process.argv.find((arg) => arg.startsWith('--only-memory='));
  if (only) {
    progress('memory', await memoryBound(Number(only.slice('--only-memory='.length))));
    progress('memory, 2,000 products', await memoryReadingCatalogue(Number(only.slice('--only-memory='.length))));
    process.exit(0);
  }
  const onlyCatalogue = process.argv.find((arg) => arg.startsWith('--only-catalogue-memory='));
  if (onlyCatalogue) {
    progress('memory, 2,000 products', await memoryReadingCatalogue(Number(onlyCatalogue.slice('--only-catalogue-memory='.length))));
    process.exit(0);
  }
  if (process.argv.includes('--only-cpu')) {
    progress('load', loadavg());
    const profileDir = process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length);
    progress('warm', await warmCpu(profileDir));
    progress('load', loadavg());
    process.exit(0);
  }
  if (process.argv.includes('--only-requests')) {
    const rows = [...(await requestRatios()), ...(await archiveRatios()), ...(await realShapeRatios())];
    process.stdout.write([...requestTable(rows), ''].join('\n'));
    process.exit(rows.every(requestRatioOk) && rows.every(estimateOk) ? 0 : 1);
  }
  const usual = await requestRatios();
  progress('usual', usual);
  const archives = await archiveRatios();
  progress('archives', archives);
  const real = await realShapeRatios();
  progress('real', real);
  const gate = await gateSaturation();
  progress('gate', gate);
  const warmLoad = loadavg()
    .map((value) => value.toFixed(1))
    .join(', ');
  const warm = await warmCpu();
  progress('warm', warm);
  const memory = await memoryBound(MEMORY_BOUND_MB);
  progress('memory', memory);
  const catalogueMemory = await memoryReadingCatalogue(MEMORY_BOUND_MB);
  progress('memory, 2,000 products', catalogueMemory);

  const allRows = [...usual, ...archives, ...real];
  const ratiosOk = allRows.every(requestRatioOk);
  const estimatesOk = allRows.every(estimateOk);
  const growth = memory.fullMiB - memory.idleMiB;
  const catalogueGrowth = catalogueMemory.fullMiB - catalogueMemory.idleMiB;
  const memoryOk = growth <= 2 * memory.cacheMb && catalogueGrowth <= 2 * catalogueMemory.cacheMb;
  const cpuOk = warm.every((row) => row.cpuRatio <= WARM_CPU_TARGET);
  const gateOk = gate.maxWindow <= RATE && gate.refused === 0;

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const report = [
    '# Benchmark results',
    '',
    `Command: \`npm run bench -- --write\` (BENCH_LATENCY_MS=${UPSTREAM_LATENCY_MS}), one run. Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    `Upstream: the test suite's fake on 127.0.0.1, answering after ${UPSTREAM_LATENCY_MS} ms, refusing more than ${RATE} requests in any second with 429; gate at ${RATE}/s; shared cache on. "estimate" is the cost estimate the operation was admitted with (its log line): what it reads before its data tells more; "reserved" what it took from run-time reservations (\`extensions.upstream.reserved\`: the pages after page 1 of a walk, archive reads, a page read after a miss); "requests" what reached the upstream.`,
    '',
    'Each operation runs on a fresh subgraph (cold page cache) twice: without a catalogue index (the estimate knows nothing), and with an index a full sync of the same catalogue filled (`seedIndex`; no sync during the run), as a running subgraph has it. The index tells where a product is listed and how long each listing is, so look-ups read the right page first and estimates are narrowed. The target: requests within 1.10 of the minimum in both; every estimate at least the requests not taken from a reservation, within 3 of the requests without the index, within 1.5 with it.',
    '',
    '## 1. Upstream requests per operation (cold cache), the usual catalogue (116 products)',
    '',
    ...requestTable(usual),
    '',
    '## 1b. Archive tables of contents (real .7z and .zip archives, read with Range requests)',
    '',
    ...requestTable(archives),
    '',
    '## 2. The real-shaped catalogue (2,500 products, BD TOPO with 3,800 editions, oldest first)',
    '',
    ...requestTable(real),
    '',
    `Every request ratio ≤ 1.10 and every warm repeat free: ${ratiosOk ? 'yes' : 'NO'}. Every estimate ≥ the requests less what was reserved, ≤ 3 × the requests without the index and ≤ 1.5 × them with it: ${estimatesOk ? 'yes' : 'NO'}.`,
    '',
    '## 3. Rate gate under saturation',
    '',
    '| pages asked at once | gate | achieved steady rate | ratio to the gate | most in any 1 s window | 429s | wall time |',
    '|---|---|---|---|---|---|---|',
    `| ${gate.count} | ${RATE}/s | ${gate.achieved.toFixed(2)}/s | ${(gate.achieved / RATE).toFixed(3)} | ${gate.maxWindow} | ${gate.refused} | ${gate.elapsedS.toFixed(1)} s |`,
    '',
    `The gate holds each slot until the answer is back (it proves the request had arrived), so the steady rate is N / (1 s + response time): ${RATE} / (1 + ${UPSTREAM_LATENCY_MS / 1000}) = ${(RATE / (1 + UPSTREAM_LATENCY_MS / 1000)).toFixed(2)}/s here.`,
    '',
    '## 4. Warm CPU: the subgraph against a bare Apollo Server 5 answering the same data',
    '',
    `Each server in its own process (\`bench/serverProcess.ts\`); the bare one is \`@apollo/server\` 5 (standalone) on the same SDL whose root resolvers (and \`__resolveReference\`) return the subgraph's own answers (default resolvers below). ${WARM_ROUNDS} rounds per operation, interleaved (subgraph then bare, then bare then subgraph, …), each of ${WARM_ROUND_OPERATIONS} operations sent by ${WARM_CONCURRENCY} concurrent clients, after 200 to warm up; answers checked equal. CPU is the server process's user + system time per operation; the ratios are the medians of the rounds' ratios (each pair ran back to back), the other figures medians over the rounds. Load average when the section started: ${warmLoad}.`,
    '',
    '| operation | subgraph CPU / op | bare Apollo CPU / op | CPU ratio | throughput ratio | subgraph p50 | bare p50 |',
    '|---|---|---|---|---|---|---|',
    ...warm.map(
      (row) =>
        `| ${row.name} | ${row.subgraphMs.toFixed(3)} ms | ${row.bareMs.toFixed(3)} ms | ${row.cpuRatio.toFixed(2)} | ${row.throughputRatio.toFixed(2)} | ${row.subgraphP50.toFixed(2)} ms | ${row.bareP50.toFixed(2)} ms |`,
    ),
    '',
    `Every CPU ratio ≤ ${WARM_CPU_TARGET}: ${cpuOk ? 'yes' : 'NO'}.`,
    '',
    '## 5. Memory with a full cache against its bound',
    '',
    `A subgraph process with \`GEOPF_CACHE_MAX_MB=${memory.cacheMb}\` reads ${memory.pagesAsked} distinct pages of the real-shaped catalogue (more than the cache holds: ${memory.evictions} evictions). Resident memory after a full GC: idle ${memory.idleMiB.toFixed(0)} MiB, full ${memory.fullMiB.toFixed(0)} MiB (heap used ${memory.heapMiB.toFixed(0)} MiB); the cache counted ${memory.cachedMiB.toFixed(1)} MiB.`,
    '',
    `Resident growth ${growth.toFixed(0)} MiB against 2 × the bound = ${2 * memory.cacheMb} MiB: ${growth <= 2 * memory.cacheMb ? 'within' : 'OVER'}.`,
    '',
    `A 2,000-product catalogue read page by page (${catalogueMemory.operations} operations, each 50 products with their first 50 editions and each edition's first 50 files; ${catalogueMemory.pagesRead} upstream pages, ${catalogueMemory.evictions} evictions), same bound: idle ${catalogueMemory.idleMiB.toFixed(0)} MiB, full ${catalogueMemory.fullMiB.toFixed(0)} MiB (heap used ${catalogueMemory.heapMiB.toFixed(0)} MiB); the cache counted ${catalogueMemory.cachedMiB.toFixed(1)} MiB. Resident growth ${catalogueGrowth.toFixed(0)} MiB against ${2 * catalogueMemory.cacheMb} MiB: ${catalogueGrowth <= 2 * catalogueMemory.cacheMb ? 'within' : 'OVER'}.`,
    '',
  ].join('\n');
  process.stdout.write(report);
  if (WRITE) writeFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), report);
  process.exit(ratiosOk && estimatesOk && memoryOk && cpuOk && gateOk ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
