import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';
import { storesForSuite } from '../../helpers/testStores';
import { writeSyntheticEditions } from '../../helpers/syntheticEditions';

const EDITIONS = 100_000;

/** V8's full collection, exposed at run time (Jest's workers start without `--expose-gc`). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const MB = 1024 * 1024;
/** The bound: resident memory an export of the whole index may add. */
const GROWTH_BOUND = 50 * MB;

/** A log line the exports write when an export ends. */
interface ExportLog {
  message: string;
  fields: { path?: string; rows?: number };
}

describe('exports at scale: 100,000 editions streamed within a memory bound; a client gone stops the reads (SQLite)', () => {
  jest.setTimeout(300_000);
  const stores = storesForSuite('sqlite');
  let subgraph: SubgraphUnderTest;
  const logs: ExportLog[] = [];
  const waiters: Array<{ test: (log: ExportLog) => boolean; resolve: (log: ExportLog) => void }> = [];
  const record = (message: string, fields: Record<string, unknown> = {}) => {
    const log = { message, fields: fields as ExportLog['fields'] };
    logs.push(log);
    for (const waiter of waiters.filter((each) => each.test(log))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(log);
    }
  };
  /** The first log line from position `from` on (past or to come) matching `test`: waits for the event, never for a duration. */
  const logged = (test: (log: ExportLog) => boolean, from = 0) =>
    new Promise<ExportLog>((resolve) => {
      const found = logs.slice(from).find(test);
      if (found) resolve(found);
      else waiters.push({ test, resolve });
    });

  beforeAll(async () => {
    const store = await stores.open();
    await writeSyntheticEditions(store, EDITIONS);
    subgraph = await startSubgraph({
      logger: { info: record, warn: record, error: record },
      catalogue: { store, autoStart: false },
      exports: { maxConcurrent: 3, maxPerClient: 2 },
    });
    await subgraph.server.catalogue!.knowledge.settled();
  }, 300_000);
  afterAll(() => subgraph.stop());

  const url = (path: string) => `http://127.0.0.1:${subgraph.server.port}${path}`;

  it.each(['/exports/editions.csv', '/exports/editions.ndjson', '/exports/editions.parquet'])(
    '%s of 100,000 editions keeps resident memory growth under 50 MB while the client reads it all',
    async (path) => {
      // A small export first: what every export loads once (the zone footprints, the Parquet writer) is not growth.
      await (await fetch(url(`${path}?resource=PRODUIT-0`))).arrayBuffer();
      // From a settled heap: what the index build and earlier tests left is collected before the baseline.
      collectGarbage();
      const before = process.memoryUsage().rss;
      const mark = logs.length;
      let peak = before;
      let bytes = 0;
      let newlines = 0;
      // node:http, whose stream pauses the socket while unread (fetch's body buffers more).
      const response = await new Promise<IncomingMessage>((resolve, reject) => get(url(path), resolve).on('error', reject));
      expect(response.statusCode).toBe(200);
      // Sampled on every chunk the client reads (an event, not a timer); the chunks are counted, not kept.
      for await (const chunk of response as AsyncIterable<Buffer>) {
        bytes += chunk.byteLength;
        for (const byte of chunk) if (byte === 10) newlines += 1;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      const sent = await logged((log) => log.message === 'export sent' && log.fields.path === path, mark);
      expect(sent.fields.rows).toBe(EDITIONS);
      if (!path.endsWith('.parquet')) expect(newlines).toBe(path.endsWith('.csv') ? EDITIONS + 1 : EDITIONS);
      expect(bytes).toBeGreaterThan(EDITIONS * 20);
      process.stdout.write(`export ${path} of ${EDITIONS} editions: ${bytes} bytes, RSS growth ${((peak - before) / MB).toFixed(1)} MiB\n`);
      expect(peak - before).toBeLessThan(GROWTH_BOUND);
    },
  );

  it('stops reading the index when the client disconnects mid-export', async () => {
    const controller = new AbortController();
    const response = await fetch(url('/exports/editions.csv'), { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    const stopped = await logged((log) => log.message === 'export stopped: client gone');
    expect(stopped.fields.path).toBe('/exports/editions.csv');
    // Back-pressure held the export at what the socket took; the client gone, the reads stopped there.
    expect(stopped.fields.rows).toBeLessThan(EDITIONS);
  });

  it('streams at most 2 exports to one address and 3 in all: one more is refused 429 TOO_MANY_EXPORTS naming the cap, and a slot frees when its client goes', async () => {
    // A client that reads nothing: node:http leaves the response paused, and the export waits on the socket's
    // back-pressure (33 MB of NDJSON outgrow any socket buffer), holding its slot.
    const stalled: ClientRequest[] = [];
    const open = (from: string) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const request = get(url('/exports/editions.ndjson'), { localAddress: from }, resolve).on('error', reject);
        stalled.push(request);
      });
    const refusal = async (from: string) => {
      const response = await new Promise<IncomingMessage>((resolve, reject) =>
        get(url('/exports/products.csv'), { localAddress: from }, resolve).on('error', reject),
      );
      let text = '';
      for await (const chunk of response as AsyncIterable<Buffer>) text += chunk.toString('utf8');
      return { status: response.statusCode, body: JSON.parse(text) as { errors: Array<{ extensions: Record<string, unknown> }> } };
    };
    try {
      expect((await open('127.0.0.1')).statusCode).toBe(200);
      expect((await open('127.0.0.1')).statusCode).toBe(200);
      const client = await refusal('127.0.0.1');
      expect({ status: client.status, extensions: client.body.errors[0]?.extensions }).toEqual({
        status: 429,
        extensions: { code: 'TOO_MANY_EXPORTS', limit: 'client', max: 2 },
      });
      // Another address has its own share, within the process's.
      expect((await open('127.0.0.2')).statusCode).toBe(200);
      const process = await refusal('127.0.0.3');
      expect({ status: process.status, extensions: process.body.errors[0]?.extensions }).toEqual({
        status: 429,
        extensions: { code: 'TOO_MANY_EXPORTS', limit: 'process', max: 3 },
      });
      // The first client goes: its export stops and gives its slot back; the address may export again.
      const mark = logs.length;
      stalled[0]!.destroy();
      await logged((log) => log.message === 'export stopped: client gone', mark);
      const again = await fetch(url('/exports/products.csv'));
      expect(again.status).toBe(200);
      expect((await again.text()).split('\r\n').length).toBeGreaterThan(200);
    } finally {
      for (const request of stalled) request.destroy();
    }
  });
});
