import { buildCatalogue, resourceFacets } from '../../fakeUpstream/catalogue';
import { FakeGeopfServer } from '../../fakeUpstream/FakeGeopfServer';
import { startRedis, startReplica, type RedisProcess, type Replica } from './processes';

const catalogue = buildCatalogue();
const ZONES = [...new Set(catalogue.flatMap((resource) => resourceFacets(resource).zones.map((zone) => zone.term)))].filter((code) => /^D\d/.test(code));
const PRODUCTS = catalogue.filter((resource) => resource.editions.length > 0).map((resource) => resource.name);

/** Products for a zone, as the catalogue says: what every replica must answer. */
const productsIn = (zone: string) => catalogue.filter((resource) => resourceFacets(resource).zones.some((term) => term.term === zone)).length;
const editionsOf = (name: string) => catalogue.find((resource) => resource.name === name)!.editions.length;

/** Distinct operations, each needing its own upstream page, with the answer the catalogue gives. */
const OPERATIONS = [
  ...ZONES.map((zone) => ({
    query: `{ resources(first: 1, filter: { zone: "${zone}" }) { totalCount } }`,
    expected: { resources: { totalCount: productsIn(zone) } },
  })),
  ...PRODUCTS.map((name) => ({
    query: `{ resource(name: "${name}") { subResources(first: 1) { totalCount } } }`,
    expected: { resource: { subResources: { totalCount: editionsOf(name) } } },
  })),
];

// The answer's data and errors (its `extensions.upstream` says what it cost, which differs by replica and cache).
async function ask(replica: Replica, query: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const { data, errors } = (await response.json()) as { data?: unknown; errors?: unknown[] };
  return { ...(data === undefined ? {} : { data }), ...(errors === undefined ? {} : { errors }) };
}

/** Runs `operations` over the replicas round robin, 9 at a time; returns the answers that were wrong. */
async function load(replicas: Replica[], operations: typeof OPERATIONS, offset = 0): Promise<string[]> {
  const wrong: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 9 }, async () => {
      while (next < operations.length) {
        const index = next++;
        const operation = operations[index]!;
        const answer = await ask(replicas[(index + offset) % replicas.length]!, operation.query);
        if (JSON.stringify(answer) !== JSON.stringify({ data: operation.expected })) wrong.push(`${operation.query} → ${JSON.stringify(answer).slice(0, 200)}`);
      }
    }),
  );
  return wrong;
}

describe('three replicas sharing one Redis', () => {
  let fake: FakeGeopfServer;
  let redis: RedisProcess;
  let replicas: Replica[];

  beforeAll(async () => {
    fake = new FakeGeopfServer({ ratePerSecond: 10 });
    const baseUrl = await fake.start();
    redis = await startRedis();
    const env = {
      GEOPF_BASE_URL: baseUrl,
      GEOPF_RATE_LIMIT: '10',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `test${Date.now()}:`,
      GEOPF_REPLICAS: '3',
      GEOPF_CACHE_TTL_SECONDS: '300',
    };
    // Every replica that started is kept for afterAll, even when another failed to start.
    const started = await Promise.allSettled([startReplica(env), startReplica(env), startReplica(env)]);
    replicas = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all((replicas ?? []).map((replica) => replica.stop()));
    await redis?.kill();
    await fake?.stop();
  }, 60_000);

  it('never lets the upstream see more than 10 requests in a second, with every answer right', async () => {
    const half = OPERATIONS.slice(0, 40);
    const wrong = await load(replicas, half);
    expect(wrong).toEqual([]);
    expect(fake.requests.length).toBeGreaterThanOrEqual(40);
    // Redis is healthy: no replica may have fallen back to its local share (that would not be coordinated).
    const fallbacks = replicas.flatMap((replica) => replica.logs.filter((line) => String(line['message']).startsWith('redis unreachable')));
    expect(fallbacks).toEqual([]);
    expect(fake.requests.filter((request) => request.status === 429).map((request) => `${request.at} ${request.rawUrl}`)).toEqual([]);
    expect(fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
    process.stdout.write(
      `replicas: ${fake.requests.length} upstream requests for ${half.length} operations, at most ${fake.maxRequestsInAnyWindow(1000)} in any second\n`,
    );
  }, 60_000);

  it('answers on replica B, from the shared cache, what replica A fetched: no upstream request', async () => {
    fake.clearRequests();
    const wrong = await load(replicas, OPERATIONS.slice(0, 40), 1);
    expect(wrong).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    process.stdout.write(`replicas: cross-replica repeat of 40 operations cost ${fake.requests.length} upstream requests (hit rate 100%)\n`);
  }, 60_000);

  it('makes one upstream request for a page two replicas ask at the same time', async () => {
    fake.clearRequests();
    const query = '{ resources(first: 2, filter: { format: "GPKG" }) { totalCount } }';
    const [a, b] = await Promise.all([ask(replicas[0]!, query), ask(replicas[1]!, query)]);
    expect(a).toEqual(b);
    expect(a.errors).toBeUndefined();
    expect(fake.requests.map((request) => request.rawUrl)).toEqual(['/telechargement/capabilities?format=GPKG&limit=50&page=1']);
  }, 60_000);

  it('treats a hostile value in the shared cache as a miss', async () => {
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*page:capabilities?format=SHP&limit=50&page=1');
      expect(keys).toEqual([]);
      const query = '{ resources(first: 1, filter: { format: "SHP" }) { totalCount } }';
      await ask(replicas[0]!, query);
      const [key] = await client.keys('*page:capabilities?format=SHP&limit=50&page=1');
      expect(key).toBeDefined();
      await client.set(key!, '{"storedAt": 1e20, "page": {"entries": "not an array"}}');
      fake.clearRequests();
      const answer = await ask(replicas[2]!, query);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({
        resources: { totalCount: catalogue.filter((resource) => resourceFacets(resource).formats.some((format) => format.term === 'SHP')).length },
      });
      expect(fake.requests).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  }, 60_000);

  it('keeps every answer right when Redis dies mid-load, stays under the rate, and returns to Redis when it is back', async () => {
    fake.clearRequests();
    const rest = OPERATIONS.slice(40);
    const loading = load(replicas, rest);
    // Kill Redis once the load is under way (its first upstream requests are in), however fast the machine is.
    while (fake.requests.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    await redis.kill();
    const wrong = await loading;
    expect(wrong).toEqual([]);
    expect(fake.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
    const fellBack = replicas.filter((replica) => replica.logs.some((line) => String(line['message']).startsWith('redis unreachable: rate gate falls back')));
    expect(fellBack.length).toBeGreaterThan(0);
    // Logged once per outage, not once per request.
    for (const replica of replicas) {
      const outages = replica.logs.filter((line) => String(line['message']).startsWith('redis unreachable: rate gate')).length;
      const recoveries = replica.logs.filter((line) => line['message'] === 'redis reachable again: rate gate shares the budget through it').length;
      expect(outages).toBeLessThanOrEqual(recoveries + 1);
    }
    await redis.restart();
    // Each replica reconnects (retrying every second at most) and its probe then finds Redis: wait for the log.
    const recovered = (replica: Replica) => replica.logs.some((line) => line['message'] === 'redis reachable again: rate gate shares the budget through it');
    for (let waited = 0; waited < 45_000 && !fellBack.every(recovered); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fellBack.filter((replica) => !recovered(replica))).toEqual([]);
    process.stdout.write(
      `replicas: Redis killed during ${rest.length} operations; ${fake.requests.length} upstream requests, at most ${fake.maxRequestsInAnyWindow(1000)} in any second\n`,
    );
  }, 90_000);

  it('keeps at most the rate in every second, and no 429, when Redis is killed and restarted under load', async () => {
    // Distinct operations (zone × format), each its own upstream page, so the load reaches the upstream throughout.
    const formats = [...new Set(catalogue.flatMap((resource) => resourceFacets(resource).formats.map((format) => format.term)))];
    const combos = formats.flatMap((format) => ZONES.map((zone) => ({ zone, format })));
    const logged = (replica: Replica, message: string) => replica.logs.filter((line) => String(line['message']).startsWith(message)).length;
    const until = async (condition: () => boolean, what: string) => {
      for (let waited = 0; !condition(); waited += 20) {
        if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const outagesBefore = replicas.map((replica) => logged(replica, 'redis unreachable: rate gate'));
    const returnsBefore = replicas.map((replica) => logged(replica, 'redis reachable again: rate gate'));
    fake.clearRequests();
    const wrong: string[] = [];
    let next = 0;
    let stop = false;
    const workers = Promise.all(
      Array.from({ length: 12 }, async () => {
        while (!stop && next < combos.length) {
          const index = next++;
          const { zone, format } = combos[index]!;
          const answer = await ask(
            replicas[index % replicas.length]!,
            `{ resources(first: 1, filter: { zone: "${zone}", format: "${format}" }) { totalCount } }`,
          );
          const totalCount = (answer.data as { resources?: { totalCount?: unknown } } | undefined)?.resources?.totalCount;
          if (answer.errors !== undefined || typeof totalCount !== 'number') wrong.push(`${zone} ${format} → ${JSON.stringify(answer).slice(0, 200)}`);
        }
      }),
    );
    await until(() => fake.requests.length >= 20, 'the load to reach the upstream');
    await redis.kill();
    // Every replica notices (each is under load) and serves on its local share.
    await until(
      () => replicas.every((replica, index) => logged(replica, 'redis unreachable: rate gate') > outagesBefore[index]!),
      'every replica to fall back',
    );
    const atFallback = fake.requests.length;
    await until(() => fake.requests.length >= atFallback + 15, 'the fallbacks to send requests');
    await redis.restart();
    await until(
      () => replicas.every((replica, index) => logged(replica, 'redis reachable again: rate gate') > returnsBefore[index]!),
      'every replica to find Redis again',
    );
    const atReturn = fake.requests.length;
    await until(() => fake.requests.length >= atReturn + 40, 'the shared rate to carry the load again');
    stop = true;
    await workers;
    expect(wrong).toEqual([]);
    expect(fake.requests.filter((request) => request.status === 429).map((request) => `${request.at} ${request.rawUrl}`)).toEqual([]);
    expect(fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
    process.stdout.write(
      `replicas: Redis killed and restarted under load; ${fake.requests.length} upstream requests, at most ${fake.maxRequestsInAnyWindow(1000)} in any second\n`,
    );
  }, 120_000);
});
