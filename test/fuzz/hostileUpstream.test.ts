import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PUBLIC_ERROR_CODES } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import { buildCatalogue } from '../fakeUpstream/catalogue';
import { FakeGeopfServer, type Fault } from '../fakeUpstream/FakeGeopfServer';
import {
  capabilitiesFeedClaiming,
  deeplyNestedFeed,
  editionFeed,
  fileFeed,
  HOSTILE_NAMES,
  hostileLinkBases,
  manyAttributesFeed,
  manyNamespacesFeed,
  rateLimitedFor,
  redirectTo,
} from '../fakeUpstream/hostileAnswers';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { seededRandom as random, pick } from '../helpers/seededRandom';

const catalogue = buildCatalogue();
const PRODUCTS = ['ADMIN-EXPRESS-COG', 'BDORTHO', 'RGEALTI', 'cartes', 'cartes_anciennes'];
const EDITIONS = PRODUCTS.map((name) => ({ name, edition: catalogue.find((resource) => resource.name === name)!.editions[0]!.name }));

/** Totals that are not a whole number from 0 to 1,000,000: refused before anything is planned from them. */
const HOSTILE_TOTALS = ['1e21', '-1', '0x10', '1.5', '', ' ', '18446744073709551616abc', '500000000', '1000001'];

/**
 * Markers of hostile content that must never appear in `data`: URLs elsewhere, and the names the rule refuses
 * (a line break before a command, a tab, an escape, a backslash, a dot segment), here as JSON writes them. The
 * other hostile names are names: served as data, and quoted wherever they meet a shell (`scriptProblem`).
 */
const NEVER_IN_DATA = /evil\.example|file:|javascript:|user:pw|STOLEN|\\n(touch pwned|MD5)|tab\\there|esc\\u001b|"a\\\\b"|"\.\."/;

// Private: the shapes every line of a download plan script has, each value one single-quoted word.
const QUOTED = String.raw`'(?:[^']|'\\'')*'`;
const SCRIPT_LINE = new RegExp(
  String.raw`^(?: {2})?(?:#.*|set -euo pipefail|\(|\)|sleep 1|mkdir -p -- ${QUOTED}|cd -- ${QUOTED}|md5sum -c -- ${QUOTED}|` +
    String.raw`curl -fL --proto =https,http --proto-redir =https,http --retry 5 --retry-delay 5 -C - -o ${QUOTED} ${QUOTED}|` +
    String.raw`printf '%s\\n'(?: ${QUOTED})+ > ${QUOTED})?$`,
);

/** The first line of `script` that is not one of the shapes a plan writes (a name escaped its quotes), or null. */
function scriptProblem(script: string): string | null {
  return script.split('\n').find((line) => !SCRIPT_LINE.test(line)) ?? null;
}

/** Every `script` string anywhere in `value`. */
function scriptsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(scriptsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'script' && typeof inner === 'string' ? [inner] : scriptsIn(inner)));
}

/** Operations reading every level of the upstream tree, down to URLs and scripts. */
function operation(rand: () => number): string {
  const { name, edition } = pick(rand, EDITIONS);
  return pick(rand, [
    '{ resources(first: 5) { totalCount nodes { name title } } }',
    `{ resource(name: "${name}") { name subResources(first: 3) { totalCount nodes { name } } } }`,
    `{ subResource(resourceName: "${name}", name: "${edition}") { name files(first: 5) { totalCount nodes { name url md5 } } downloadPlan { urls md5sum script } } }`,
    '{ resources(first: 2) { nodes { name subResources(first: 2) { nodes { name files(first: 2) { nodes { url } } } } } } }',
    `{ resource(name: "${name}") { latestEdition { name downloadPlan { script } } } }`,
  ]);
}

describe('fuzz: a hostile upstream', () => {
  let subgraph: SubgraphUnderTest;
  let elsewhere: FakeGeopfServer;
  let elsewhereBase: string;
  const warnings: Array<Record<string, unknown>> = [];
  const logger: Logger = { info: () => undefined, warn: (_message, fields) => void warnings.push(fields ?? {}), error: () => undefined };

  beforeAll(async () => {
    subgraph = await startSubgraph({ upstreamRate: 10, cacheTtlSeconds: 0, maxAttempts: 2, deadlineMs: 4000, timeoutMs: 1500, logger });
    elsewhere = new FakeGeopfServer();
    elsewhereBase = await elsewhere.start();
  });
  afterAll(async () => {
    await subgraph.stop();
    await elsewhere.stop();
  });

  // Private: a hostile answer for a request to `path`, or undefined for the real one (7 times in 10).
  function hostileFaults(rand: () => number) {
    const base = subgraph.baseUrl;
    const bombs = [deeplyNestedFeed(650_000), manyAttributesFeed(400_000), manyNamespacesFeed(150_000)].map((body) => ({ body }));
    return ({ path }: { path: string; query: Record<string, string> }): Fault | undefined => {
      if (rand() < 0.7) return undefined;
      const segments = path.split('/').slice(2);
      const generic: Fault[] = [
        redirectTo(`${base}/${segments.join('/')}`),
        redirectTo(`${elsewhereBase}/${segments.join('/')}`, pick(rand, [301, 302, 303, 307, 308])),
        redirectTo('file:///etc/passwd'),
        pick(rand, bombs),
      ];
      let specific: Fault[] = [];
      if (segments[0] === 'capabilities') {
        specific = [
          { body: capabilitiesFeedClaiming(base, pick(rand, HOSTILE_NAMES), '1') },
          { body: capabilitiesFeedClaiming(base, 'BDORTHO', pick(rand, HOSTILE_TOTALS)) },
        ];
      } else if (segments[0] === 'resource' && segments.length === 2) {
        specific = [{ body: editionFeed(base, pick(rand, HOSTILE_NAMES), segments[1]) }];
      } else if (segments[0] === 'resource' && segments.length === 3) {
        specific = [
          { body: fileFeed(base, pick(rand, HOSTILE_NAMES), segments[1], segments[2]) },
          { body: fileFeed(pick(rand, hostileLinkBases(base)), 'f.7z', segments[1], segments[2]) },
        ];
      }
      return pick(rand, [...generic, ...specific, ...specific]);
    };
  }

  it('answers 300 operations with data or coded errors, serves nothing hostile, follows nothing elsewhere, stays responsive', async () => {
    const rand = random(20261130);
    subgraph.fake.setFault(hostileFaults(random(12)));
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const problems: string[] = [];
    const codes = new Map<string, number>();
    let withData = 0;
    let resets = 0;
    let next = 0;
    const total = 300;
    const worker = async () => {
      while (next < total) {
        next += 1;
        const query = operation(rand);
        const send = () => fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
        // A keep-alive connection the server closes just as the client reuses it is reset (seen once under a
        // load of 20 on 2 cores): sent again once, and counted; a second failure fails the test.
        const response = await send().catch(async (error: unknown) => {
          resets += 1;
          return send().catch(() => Promise.reject(error));
        });
        const text = await response.text();
        let body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
        try {
          body = JSON.parse(text);
        } catch {
          problems.push(`not JSON (${response.status}): ${text.slice(0, 100)}`);
          continue;
        }
        if (response.status !== 200) problems.push(`HTTP ${response.status} for ${query.slice(0, 80)}`);
        if (body.data === undefined && body.errors === undefined) problems.push(`neither data nor errors for ${query.slice(0, 80)}`);
        if (body.data) withData += 1;
        const data = JSON.stringify(body.data ?? null);
        if (NEVER_IN_DATA.test(data)) problems.push(`hostile content served: ${data.match(NEVER_IN_DATA)?.[0]} in ${data.slice(0, 200)}`);
        for (const script of scriptsIn(body.data)) {
          const line = scriptProblem(script);
          if (line !== null) problems.push(`a script line out of shape: ${JSON.stringify(line.slice(0, 200))}`);
        }
        for (const error of body.errors ?? []) {
          const code = error.extensions?.code ?? 'none';
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (!PUBLIC_ERROR_CODES.has(code) || code === 'INTERNAL_SERVER_ERROR')
            problems.push(`code ${code}: ${error.message.slice(0, 120)} for ${query.slice(0, 80)}`);
          if (/\n\s+at |127\.0\.0\.1/.test(error.message)) problems.push(`leak: ${error.message.slice(0, 120)}`);
        }
      }
    };
    const healthTimes: number[] = [];
    let fuzzing = true;
    const probing = (async () => {
      while (fuzzing) {
        const started = performance.now();
        await (await fetch(new URL('/health', subgraph.server.url))).text();
        healthTimes.push(performance.now() - started);
        // A probe every 20 ms or so: a back-to-back loop would itself load the machine the fuzz runs on.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await Promise.all(Array.from({ length: 6 }, worker));
    fuzzing = false;
    await probing;
    loop.disable();
    subgraph.fake.setFault(undefined);

    const maxLagMs = loop.max / 1e6;
    // Not Math.max(...healthTimes): thousands of probes on a slow machine overflow the stack as arguments.
    const slowestHealthMs = healthTimes.reduce((slowest, time) => Math.max(slowest, time), 0);
    process.stdout.write(
      `fuzz (hostile upstream): ${total} operations, ${withData} with data, ${subgraph.fake.requests.length} upstream requests, codes ${JSON.stringify(Object.fromEntries(codes))}, ${resets} connection resets, event-loop delay max ${maxLagMs.toFixed(0)} ms p99 ${(loop.percentile(99) / 1e6).toFixed(0)} p50 ${(loop.percentile(50) / 1e6).toFixed(0)}, /health ${healthTimes.length} probes, slowest ${slowestHealthMs.toFixed(0)} ms, max ${subgraph.fake.maxRequestsInAnyWindow(1000)} per second\n`,
    );
    expect(problems).toEqual([]);
    expect(withData).toBeGreaterThan(40);
    expect(resets).toBeLessThanOrEqual(3);
    expect(codes.get('UPSTREAM_BAD_RESPONSE')).toBeGreaterThan(40);
    expect(elsewhere.requests).toEqual([]);
    expect(subgraph.fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
    // One bomb of 650k nested elements blocked the loop for 7.9 s before, 4 at once 14 s. The fake upstream
    // runs in this process too, on a machine shared with other test files (seen here: max 0.5-1 s at a load
    // of 20 on 2 cores): the precise measure, against a control, is in test/e2e/hostileUpstream.test.ts.
    expect(maxLagMs).toBeLessThan(5000);
    expect(healthTimes.length).toBeGreaterThan(10);
    expect(slowestHealthMs).toBeLessThan(5000);
    // Still serving, and its data still right.
    const after = await subgraph.query('{ resource(name: "BDORTHO") { title } }');
    expect(after.data?.['resource'].title).toBe(catalogue.find((resource) => resource.name === 'BDORTHO')?.title);
  }, 180_000);

  it('caps an absurd Retry-After, says so, and keeps answering /health', async () => {
    warnings.length = 0;
    subgraph.fake.setFault(() => rateLimitedFor(pick(random(3), ['99999', 'Thu, 01 Jan 2099 00:00:00 GMT'])));
    const answer = await subgraph.query('{ resources(first: 1) { totalCount } }');
    subgraph.fake.setFault(undefined);
    expect(answer.errors?.[0]?.extensions?.['code']).toMatch(/^UPSTREAM_(RATE_LIMITED|TIMEOUT)$/);
    expect(warnings).toContainEqual(expect.objectContaining({ gatePausedMs: 30_000, retryAfterCapped: true }));
    expect(warnings.every((fields) => fields['gatePausedMs'] === undefined || (fields['gatePausedMs'] as number) <= 30_000)).toBe(true);
    const started = performance.now();
    expect((await fetch(new URL('/health', subgraph.server.url))).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
