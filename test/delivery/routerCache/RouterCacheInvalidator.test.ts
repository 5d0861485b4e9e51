import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MemoryChangeSource, type NewChangeEvent } from '../../../src/catalogue/changes/MemoryChangeSource';
import { backoffMs, RouterCacheInvalidator, type InvalidationOutcome } from '../../../src/delivery/routerCache/RouterCacheInvalidator';
import { InvalidationRecorder } from './InvalidationRecorder';

const KEY = 'router-shared-key';
const editionAdded: NewChangeEvent = {
  kind: 'EDITION_ADDED',
  resourceName: 'BDTOPO',
  editionName: 'BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15',
  zone: 'D029',
  format: 'GPKG',
  crs: 'EPSG:2154',
  editionDate: '2026-03-15',
  observedAt: '2026-12-01T08:00:00.000Z',
  changes: [],
};
const productChanged: NewChangeEvent = {
  ...editionAdded,
  kind: 'PRODUCT_CHANGED',
  editionName: null,
  zone: null,
  format: null,
  crs: null,
  editionDate: null,
  changes: [{ field: 'title', before: 'BD TOPO', after: 'BD TOPO®' }],
};

describe('RouterCacheInvalidator: one request per change-log event to Apollo Router’s invalidation endpoint', () => {
  let recorder: InvalidationRecorder;
  let url: string;
  let source: MemoryChangeSource;
  let invalidator: RouterCacheInvalidator;
  let outcomes: Array<[InvalidationOutcome, string, string | undefined]>;
  const waits: number[] = [];
  const start = (options: { maxAttempts?: number; maxPending?: number; endpoint?: string } = {}) => {
    invalidator = new RouterCacheInvalidator({
      url: options.endpoint ?? url,
      sharedKey: KEY,
      subgraphName: 'geopf',
      // The backoff's waits are recorded, not slept: the test waits for requests, never for time.
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.maxPending ? { maxPending: options.maxPending } : {}),
      onOutcome: (outcome, event, detail) => outcomes.push([outcome, event.seq, detail]),
    });
    invalidator.start(source);
  };

  beforeEach(async () => {
    recorder = new InvalidationRecorder();
    url = await recorder.start();
    source = new MemoryChangeSource();
    outcomes = [];
    waits.length = 0;
  });
  afterEach(async () => {
    await invalidator.stop();
    await recorder.stop();
  });

  it('POSTs the stale cache tags of each event, with the shared key as Authorization, in order', async () => {
    start();
    source.record(editionAdded);
    source.record(productChanged);
    await recorder.receivedCount(2);
    await invalidator.settled();
    expect(recorder.received.map((request) => [request.method, request.path, request.headers['authorization'], request.headers['content-type']])).toEqual([
      ['POST', '/invalidation', KEY, 'application/json'],
      ['POST', '/invalidation', KEY, 'application/json'],
    ]);
    expect(JSON.parse(recorder.received[0]!.body)).toEqual([
      { kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: 'edition-BDTOPO-BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15' },
      { kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: 'resource-BDTOPO' },
      { kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: 'zone-D029' },
    ]);
    expect(JSON.parse(recorder.received[1]!.body)).toEqual([{ kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: 'resource-BDTOPO' }]);
    expect(outcomes).toEqual([
      ['invalidated', '1', 'HTTP 202'],
      ['invalidated', '2', 'HTTP 202'],
    ]);
  });

  it('retries a 503 and a 429 with a growing backoff, then succeeds', async () => {
    recorder.statuses = [503, 429];
    start();
    source.record(editionAdded);
    await recorder.receivedCount(3);
    await invalidator.settled();
    expect(recorder.received.map((request) => request.body)).toEqual(Array(3).fill(recorder.received[0]!.body));
    expect(waits).toEqual([backoffMs(1, () => 0.5), backoffMs(2, () => 0.5)]);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(outcomes).toEqual([['invalidated', '1', 'HTTP 202']]);
  });

  it('does not retry what the router refuses for good (a wrong key: 401)', async () => {
    recorder.statuses = [401];
    start();
    source.record(editionAdded);
    await recorder.receivedCount(1);
    await invalidator.settled();
    expect(recorder.received).toHaveLength(1);
    expect(outcomes).toEqual([['failed', '1', 'HTTP 401']]);
  });

  it('with the endpoint down: recording never waits or throws, each event fails after its attempts', async () => {
    const closed = await closedPort();
    start({ maxAttempts: 3, endpoint: `http://127.0.0.1:${closed}/invalidation` });
    const recorded = [source.record(editionAdded), source.record(productChanged)];
    expect(recorded.map((event) => event.seq)).toEqual(['1', '2']);
    await invalidator.settled();
    expect(outcomes.map(([outcome, seq]) => [outcome, seq])).toEqual([
      ['failed', '1'],
      ['failed', '2'],
    ]);
    // Two retries per event.
    expect(waits).toHaveLength(4);
  });

  it('keeps at most maxPending events waiting: the oldest are dropped', async () => {
    recorder.statuses = [503];
    start({ maxPending: 2 });
    for (let index = 0; index < 5; index += 1) source.record(productChanged);
    await invalidator.settled();
    // The first was being sent; of the four queued behind it, the two oldest were dropped.
    expect(outcomes.map(([outcome, seq]) => `${outcome} ${seq}`)).toEqual(['dropped 2', 'dropped 3', 'invalidated 1', 'invalidated 4', 'invalidated 5']);
  });

  it('stops listening when stopped', async () => {
    start();
    await invalidator.stop();
    expect(source.listenerCount).toBe(0);
    source.record(editionAdded);
    await invalidator.settled();
    expect(recorder.received).toEqual([]);
  });
});

// Private: a loopback port nothing listens on (bound, then closed).
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
