import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { GeopfClient } from '../src/upstream/GeopfClient';
import { parseAtomFeed } from '../src/upstream/parseAtomFeed';
import { RateGate } from '../src/upstream/RateGate';
import { toResourceEntry } from '../src/upstream/toModel';
import { FakeGeopfServer } from '../test/fakeUpstream/FakeGeopfServer';
import { maxInAnyWindow, percentile, sampleMemory } from './measure';
import { SUITE } from './suite';

/**
 * `npm run bench`: everything against the fake upstream on 127.0.0.1, in one run, so the ratios compare like
 * with like. Prints a Markdown report and writes it to bench/RESULTS.md.
 */
const UPSTREAM_LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 40);
const RATE = 10;

async function startPair(cacheTtlSeconds: number, latencyMs: number, upstreamRate = RATE) {
  const fake = new FakeGeopfServer({ ratePerSecond: upstreamRate });
  const baseUrl = await fake.start();
  if (latencyMs > 0) fake.setFault(() => ({ delayMs: latencyMs }));
  const server = await startServer({ ...readConfig({}), port: 0, baseUrl, rateLimit: RATE, cacheTtlSeconds }, { logger: silentLogger }, '127.0.0.1');
  return { fake, baseUrl, server };
}

async function ask(server: RunningServer, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`bench operation failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body;
}

/** (1) Upstream requests per operation, cold then warm, against the minimum possible. */
async function requestRatios() {
  const rows: string[] = [];
  let allOne = true;
  for (const operation of SUITE) {
    const { fake, server } = await startPair(300, UPSTREAM_LATENCY_MS);
    await ask(server, operation.query, operation.variables);
    const cold = fake.requests.length;
    fake.clearRequests();
    await ask(server, operation.query, operation.variables);
    const warm = fake.requests.length;
    await server.stop();
    await fake.stop();
    const ratio = operation.minimum === 0 ? (cold === 0 ? 1 : Number.POSITIVE_INFINITY) : cold / operation.minimum;
    allOne &&= ratio === 1 && warm === 0;
    rows.push(`| ${operation.name} | ${cold} | ${operation.minimum} | ${ratio.toFixed(2)} | ${warm} | ${operation.why} |`);
  }
  // Paging through every product, 7 at a time, with the shared cache: each page is fetched once.
  const { fake, server } = await startPair(300, UPSTREAM_LATENCY_MS);
  let after: string | null = null;
  for (;;) {
    const page = (await ask(server, 'query($a: String) { resources(first: 7, after: $a) { pageInfo { hasNextPage endCursor } } }', { a: after })) as {
      data: { resources: { pageInfo: { hasNextPage: boolean; endCursor: string } } };
    };
    if (!page.data.resources.pageInfo.hasNextPage) break;
    after = page.data.resources.pageInfo.endCursor;
  }
  const paged = fake.requests.length;
  await server.stop();
  await fake.stop();
  allOne &&= paged === 3;
  rows.push(`| paging all 116 products, first: 7 (17 operations) | ${paged} | 3 | ${(paged / 3).toFixed(2)} | – | each capabilities page once, then from the cache |`);
  return { rows, allOne };
}

/** (2) The gate under saturation: 120 distinct pages asked at once through a gate of RATE per second. */
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

/** (3) Warm-cache latency of a GraphQL operation vs fetching and parsing the same page directly. */
async function warmThroughput() {
  // The direct loop below asks far more than 10 pages a second: this fake does not rate-limit.
  const { fake, baseUrl, server } = await startPair(300, 0, 1_000_000);
  const query = '{ resources(first: 50) { nodes { name title zones { code label } formats { code } } } }';
  await ask(server, query);
  const iterations = 400;
  const timed = async (run: () => Promise<unknown>) => {
    const latencies: number[] = [];
    const started = performance.now();
    for (let index = 0; index < iterations; index += 1) {
      const before = performance.now();
      await run();
      latencies.push(performance.now() - before);
    }
    return { opsPerSecond: iterations / ((performance.now() - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  };
  const subgraph = await timed(() => ask(server, query));
  // The fake answers the same page fast; the direct client pays one loopback fetch plus the parse each time.
  const url = `${baseUrl}/capabilities?limit=50&page=1`;
  const direct = await timed(async () => {
    const body = await (await fetch(url, { headers: { accept: 'application/atom+xml' } })).text();
    return JSON.stringify(parseAtomFeed(body).entries.map(toResourceEntry));
  });
  // And the parse alone, from a body already in memory: what a client with its own cache would still pay.
  const body = await (await fetch(url, { headers: { accept: 'application/atom+xml' } })).text();
  const parseOnly = await timed(async () => JSON.stringify(parseAtomFeed(body).entries.map(toResourceEntry)));
  await server.stop();
  await fake.stop();
  return { subgraph, direct, parseOnly };
}

async function main(): Promise<void> {
  const stopSampling = sampleMemory();
  const ratios = await requestRatios();
  const gate = await gateSaturation();
  const warm = await warmThroughput();
  const memory = stopSampling();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const report = [
    '# Benchmark results',
    '',
    `Command: \`npm run bench\` (BENCH_LATENCY_MS=${UPSTREAM_LATENCY_MS}). Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    `Upstream: the test suite's fake on 127.0.0.1 (116 products), answering after ${UPSTREAM_LATENCY_MS} ms, refusing more than ${RATE} requests in any second with 429; gate at ${RATE}/s; shared cache on.`,
    '',
    '## 1. Upstream requests per operation (cold cache), against the minimum possible',
    '',
    '| operation | requests | minimum | ratio | warm repeat | minimum because |',
    '|---|---|---|---|---|---|',
    ...ratios.rows,
    '',
    `Every ratio 1.00 and every warm repeat free: ${ratios.allOne ? 'yes' : 'NO'}.`,
    '',
    '## 2. Rate gate under saturation',
    '',
    '| pages asked at once | gate | achieved steady rate | ratio to the gate | most in any 1 s window | 429s | wall time |',
    '|---|---|---|---|---|---|---|',
    `| ${gate.count} | ${RATE}/s | ${gate.achieved.toFixed(2)}/s | ${(gate.achieved / RATE).toFixed(3)} | ${gate.maxWindow} | ${gate.refused} | ${gate.elapsedS.toFixed(1)} s |`,
    '',
    `The gate holds each slot until the answer is back (it proves the request had arrived), so the steady rate is N / (1 s + response time): ${RATE} / (1 + ${UPSTREAM_LATENCY_MS / 1000}) = ${(RATE / (1 + UPSTREAM_LATENCY_MS / 1000)).toFixed(2)}/s here.`,
    '',
    '## 3. Warm cache: a GraphQL operation vs a direct fetch and parse of the same page',
    '',
    '| | operations/s | p50 | p99 |',
    '|---|---|---|---|',
    `| subgraph, \`resources(first: 50)\` with facets, from the shared cache | ${warm.subgraph.opsPerSecond.toFixed(0)} | ${warm.subgraph.p50.toFixed(2)} ms | ${warm.subgraph.p99.toFixed(2)} ms |`,
    `| direct: GET the same capabilities page from the fake + parse + JSON | ${warm.direct.opsPerSecond.toFixed(0)} | ${warm.direct.p50.toFixed(2)} ms | ${warm.direct.p99.toFixed(2)} ms |`,
    `| ratio subgraph / direct | ${(warm.subgraph.opsPerSecond / warm.direct.opsPerSecond).toFixed(2)} | ${(warm.subgraph.p50 / warm.direct.p50).toFixed(2)} | ${(warm.subgraph.p99 / warm.direct.p99).toFixed(2)} |`,
    `| parse + JSON alone, body already in memory (no HTTP at all) | ${warm.parseOnly.opsPerSecond.toFixed(0)} | ${warm.parseOnly.p50.toFixed(2)} ms | ${warm.parseOnly.p99.toFixed(2)} ms |`,
    '',
    'The subgraph answers over HTTP from parsed pages, so on a warm cache it beats a client that fetches and parses the page itself; the last row is the floor a client with its own in-memory body would pay, without any HTTP.',
    '',
    '## 4. Memory',
    '',
    `Peak resident set ${memory.rssMiB.toFixed(0)} MiB, peak heap used ${memory.heapUsedMiB.toFixed(0)} MiB (whole bench process: fake upstream, subgraph and clients together).`,
    '',
  ].join('\n');
  process.stdout.write(report);
  writeFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), report);
  process.exit(ratios.allOne && gate.maxWindow <= RATE && gate.refused === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
