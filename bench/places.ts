/**
 * Measures the place library: load time and retained memory of the zone footprints and of the commune index,
 * each in a fresh process, the latency of `resolvePlace` once both are loaded, and `Query.place` through
 * GraphQL (HTTP on 127.0.0.1, the real server, its place data loaded at start) in a process of its own.
 *
 *   npx tsx bench/places.ts
 *
 * Retained memory is the heap (and RSS) after a full GC, minus the same before loading; load time is the
 * first call (file read, parse, decode or compaction).
 */
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { execute, parse } from 'graphql';
import { silentLogger } from '../src/core/logger';
import { readConfig } from '../src/server/config';
import { startServer } from '../src/server/server';
import { buildSchema } from '../src/graphql/schema';
import { communeIndex } from '../src/zones/communeIndex';
import { preparePlaces } from '../src/zones/preparePlaces';
import { resolvePlace } from '../src/zones/resolvePlace';
import { zoneFootprints } from '../src/zones/zoneFootprints';
import { zonesIntersecting } from '../src/zones/zonesCovering';
import { FakeGeopfServer } from '../test/fakeUpstream/FakeGeopfServer';

// Private: what people write, one of each kind, then a few harder ones.
const INPUTS = ['-4.49,48.39', '55.45,-20.88', '-5,46', '29200', '75056', '2A004', 'Brest', 'Saint-Denis (974)', 'D029', 'ile de france'];
const ITERATIONS = 2_000;

interface LoadFigures {
  loadMs: number;
  heapMiB: number;
  rssMiB: number;
}

function measureLoad(load: () => unknown): LoadFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  load();
  const loadMs = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  return { loadMs, heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20, rssMiB: (after.rss - before.rss) / 2 ** 20 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function measureResolve(): Record<string, { p50: number; p95: number }> {
  zoneFootprints();
  communeIndex();
  const results: Record<string, { p50: number; p95: number }> = {};
  const all: number[] = [];
  for (const input of INPUTS) {
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i += 1) {
      const started = performance.now();
      try {
        resolvePlace(input);
      } catch {
        // An ambiguous input is measured as well: it is a result too.
      }
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    results[input] = { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  }
  all.sort((a, b) => a - b);
  results['(all)'] = { p50: percentile(all, 0.5), p95: percentile(all, 0.95) };
  const box: [number, number, number, number] = [-2, 47, 0, 48.5];
  const times: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const started = performance.now();
    zonesIntersecting(box);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  results['zonesIntersecting([-2, 47, 0, 48.5])'] = { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  return results;
}

// Private: what `Query.place` is asked through GraphQL, one of each kind.
const GRAPHQL_INPUTS = ['Brest', '29200', '2A004', '75056', '-4.49,48.39', 'Saint-Denis (974)', 'Finistère'];
const GRAPHQL_WARM_UP = 300;
const GRAPHQL_CALLS = 3_000;
const PLACE_QUERY = 'query($input: String!) { place(input: $input) { kind code name departement { code } region { code } zones { code } } }';

/** Latencies (ms) of one kind of call: p50 and p95. */
interface Latency {
  p50: number;
  p95: number;
}

/** What `measureGraphql` measures, each latency in ms. */
interface GraphqlFigures {
  /** `Query.place` over HTTP to the real server (its admission, limits and log plugins included). */
  place: Latency;
  /** `{ __typename }` over the same HTTP path, interleaved with the above: the floor of any operation. */
  floor: Latency;
  /** `Query.place` executed on the subgraph schema in process (graphql-js `execute`): resolving alone. */
  executed: Latency;
  upstreamRequests: number;
}

/**
 * `Query.place` through GraphQL: over HTTP to the real server (its place data loaded at start), interleaved
 * with `{ __typename }` so that both see the same machine load, and executed in process on the same schema.
 */
async function measureGraphql(): Promise<GraphqlFigures> {
  const fake = new FakeGeopfServer({ ratePerSecond: 10 });
  const baseUrl = await fake.start();
  const server = await startServer({ ...readConfig({}), port: 0, baseUrl, cacheTtlSeconds: 0 }, { logger: silentLogger }, '127.0.0.1');
  try {
    // The load the server started once listening, awaited here (calls share it).
    await preparePlaces();
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { errors?: unknown; data?: unknown };
      if (body.errors || !body.data) throw new Error(`bench operation failed: ${JSON.stringify(body).slice(0, 300)}`);
    };
    const schema = buildSchema();
    const document = parse(PLACE_QUERY);
    const executeOnce = async (input: string) => {
      const result = await execute({ schema, document, variableValues: { input }, contextValue: {} });
      if (result.errors) throw new Error(`bench execute failed: ${JSON.stringify(result.errors).slice(0, 300)}`);
    };
    const place: number[] = [];
    const floor: number[] = [];
    const executed: number[] = [];
    const timed = async (into: number[] | null, call: () => Promise<void>) => {
      const started = performance.now();
      await call();
      into?.push(performance.now() - started);
    };
    for (let i = 0; i < GRAPHQL_WARM_UP + GRAPHQL_CALLS; i += 1) {
      const input = GRAPHQL_INPUTS[i % GRAPHQL_INPUTS.length] as string;
      const kept = i >= GRAPHQL_WARM_UP;
      await timed(kept ? place : null, () => post(PLACE_QUERY, { input }));
      await timed(kept ? floor : null, () => post('{ __typename }', {}));
      await timed(kept ? executed : null, () => executeOnce(input));
    }
    const latency = (times: number[]): Latency => {
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
    };
    return { place: latency(place), floor: latency(floor), executed: latency(executed), upstreamRequests: fake.requests.length };
  } finally {
    await server.stop();
    await fake.stop();
  }
}

/**
 * What loading the place data in the background holds the event loop for, as a server does at start
 * (`preparePlaces`): the longest delay a timer saw meanwhile (`monitorEventLoopDelay`), and the wall time.
 */
async function measureBackground(): Promise<{ longestBlockMs: number; totalMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await preparePlaces();
  const totalMs = performance.now() - started;
  delay.disable();
  return { longestBlockMs: delay.max / 1e6, totalMs };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'footprints') return void process.stdout.write(JSON.stringify(measureLoad(zoneFootprints)));
  if (mode === 'communes') return void process.stdout.write(JSON.stringify(measureLoad(communeIndex)));
  if (mode === 'both') return void process.stdout.write(JSON.stringify(measureLoad(() => (zoneFootprints(), communeIndex()))));
  if (mode === 'resolve') return void process.stdout.write(JSON.stringify(measureResolve()));
  if (mode === 'graphql') return void process.stdout.write(JSON.stringify(await measureGraphql()));
  if (mode === 'background') return void process.stdout.write(JSON.stringify(await measureBackground()));
  const run = (which: string): unknown =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, which], { encoding: 'utf8' }));
  const row = (name: string, figures: LoadFigures) =>
    `| ${name} | ${figures.loadMs.toFixed(0)} ms | ${figures.heapMiB.toFixed(1)} MiB | ${figures.rssMiB.toFixed(1)} MiB |`;
  const lines = [
    `Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| data | first load | retained heap | RSS growth |',
    '|---|---|---|---|',
    row('zone footprints', run('footprints') as LoadFigures),
    row('commune index', run('communes') as LoadFigures),
    row('both (what a server loads at start)', run('both') as LoadFigures),
    '',
    '| loaded in the background, as a server does at start | longest event-loop block | wall time |',
    '|---|---|---|',
    (({ longestBlockMs, totalMs }: { longestBlockMs: number; totalMs: number }) =>
      `| footprints, then the commune index in slices | ${longestBlockMs.toFixed(0)} ms | ${totalMs.toFixed(0)} ms |`)(
      run('background') as { longestBlockMs: number; totalMs: number },
    ),
    '',
    `| resolvePlace input (${ITERATIONS} calls each, warm) | p50 | p95 |`,
    '|---|---|---|',
    ...Object.entries(run('resolve') as Record<string, { p50: number; p95: number }>).map(
      ([input, { p50, p95 }]) => `| ${input} | ${(p50 * 1000).toFixed(0)} µs | ${(p95 * 1000).toFixed(0)} µs |`,
    ),
    '',
    `| \`Query.place\` through GraphQL (${GRAPHQL_CALLS} calls over ${GRAPHQL_INPUTS.join(', ')}; warm) | p50 | p95 |`,
    '|---|---|---|',
    ...((figures: GraphqlFigures) => [
      `| over HTTP to the real server | ${figures.place.p50.toFixed(2)} ms | ${figures.place.p95.toFixed(2)} ms |`,
      `| \`{ __typename }\` over the same path, interleaved (the floor of any operation) | ${figures.floor.p50.toFixed(2)} ms | ${figures.floor.p95.toFixed(2)} ms |`,
      `| ratio place / floor | ${(figures.place.p50 / figures.floor.p50).toFixed(2)} | ${(figures.place.p95 / figures.floor.p95).toFixed(2)} |`,
      `| executed on the subgraph schema in process (resolving alone) | ${figures.executed.p50.toFixed(3)} ms | ${figures.executed.p95.toFixed(3)} ms |`,
      `| upstream requests | ${figures.upstreamRequests} | |`,
    ])(run('graphql') as GraphqlFigures),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
