import { createServer, type AddressInfo } from 'node:net';
import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import type { Logger } from '../../src/core/logger';
import { buildCatalogue, type FakeResource } from '../fakeUpstream/catalogue';
import { addEdition } from '../fakeUpstream/catalogueChanges';
import { storeFactory, type StoreFactory } from '../helpers/testStores';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { InvalidationRecorder } from '../delivery/routerCache/InvalidationRecorder';

const KEY = 'router-invalidation-key';

// The real server on a SQLite catalogue, its syncer run by hand; the router's invalidation endpoint is a loopback
// recorder (or a port nothing listens on).
describe("the router's response cache, invalidated from the change log", () => {
  let stores: StoreFactory;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  let subgraph: SubgraphUnderTest;
  let recorder: InvalidationRecorder;
  let warnings: Array<Record<string, unknown>>;
  let warned: () => void = () => undefined;
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
  const logger: Logger = {
    info: () => undefined,
    warn: (message, fields) => {
      if (message === 'router cache not invalidated') warnings.push(fields ?? {});
      warned();
    },
    error: () => undefined,
  };
  const sync = () => subgraph.server.catalogue!.syncer.runOnce();
  const start = async (url: string) => {
    subgraph = await startSubgraph({
      upstreamRate: 50,
      fake: { catalogue },
      logger,
      catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } },
      routerInvalidation: { url, sharedKey: KEY, subgraphName: 'geopf' },
      // No real backoff: the test waits for requests and log lines, never for time.
      changes: { routerInvalidation: { sleep: async () => undefined } },
    });
  };
  const addAndSync = async () => {
    clock.now = new Date(clock.now.getTime() + 12 * 3600_000);
    const added = addEdition(catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', { when: clock.now.toISOString() });
    expect(await sync()).toMatchObject({ kind: 'incremental', added: 1, baseline: false });
    return added;
  };

  beforeAll(async () => {
    stores = await storeFactory('sqlite');
  });
  afterAll(async () => {
    await stores?.cleanup();
  });
  beforeEach(async () => {
    catalogue = buildCatalogue({ resourceCount: 12 });
    store = await stores.open();
    recorder = new InvalidationRecorder();
    warnings = [];
  });
  afterEach(async () => {
    await subgraph.stop();
    await recorder.stop();
  });

  it('sends one request per event of a sync, with the stale tags and the shared key', async () => {
    await start(await recorder.start());
    expect(await sync()).toMatchObject({ kind: 'full', baseline: true });
    const added = await addAndSync();
    // PRODUCT_CHANGED (its `updated` moved), then EDITION_ADDED.
    await recorder.receivedCount(2);
    expect(recorder.received.map((request) => request.headers['authorization'])).toEqual([KEY, KEY]);
    const zone = added.zone?.term;
    expect(recorder.received.map((request) => JSON.parse(request.body))).toEqual([
      [{ kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: 'resource-BDCARTO' }],
      [
        { kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: `edition-BDCARTO-${added.name}` },
        { kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: 'resource-BDCARTO' },
        { kind: 'cache_tag', subgraphs: ['geopf'], cache_tag: `zone-${zone}` },
      ],
    ]);
    expect(warnings).toEqual([]);
  });

  it('with the endpoint down, the sync records its changes as ever; each invalidation fails after its retries, logged', async () => {
    await start(`http://127.0.0.1:${await closedPort()}/invalidation`);
    expect(await sync()).toMatchObject({ kind: 'full', baseline: true });
    const allWarned = new Promise<void>((resolve) => {
      warned = () => {
        if (warnings.length === 2) resolve();
      };
    });
    const added = await addAndSync();
    expect((await store.changes(0, 10)).map((change) => [change.kind, change.editionName])).toEqual([
      ['PRODUCT_CHANGED', null],
      ['EDITION_ADDED', added.name],
    ]);
    // The subgraph still answers from the index the sync filled.
    const answer = await subgraph.query('{ changes(first: 10) { nodes { kind editionName } } }');
    expect(answer.data?.['changes'].nodes).toEqual([
      { kind: 'PRODUCT_CHANGED', editionName: null },
      { kind: 'EDITION_ADDED', editionName: added.name },
    ]);
    await allWarned;
    expect(warnings.map((fields) => fields['outcome'])).toEqual(['failed', 'failed']);
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
