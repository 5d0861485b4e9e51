import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { Webhook } from 'standardwebhooks';
import WebSocket from 'ws';
import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { buildCatalogue, type FakeResource } from '../fakeUpstream/catalogue';
import { addEdition } from '../fakeUpstream/catalogueChanges';
import { storeFactory, type StoreFactory } from '../helpers/testStores';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { Receiver } from '../delivery/webhooks/receiver';
import { until } from '../helpers/until';

const TOKEN = 'test-admin-token-0123456789';
const SUBSCRIPTION =
  'subscription ($filter: ChangeFilterInput) { catalogueChanged(filter: $filter) { id seq kind resourceName editionName observedAt atomUrl } }';
const CREATE = 'mutation ($url: String!) { createWatch(filter: { resources: ["BDCARTO"], kinds: [EDITION_ADDED] }, url: $url) { secret watch { id } } }';

// The real server on a SQLite catalogue, its syncer run by hand: nothing but the syncer records events, and
// every delivery reads them from the store's change log.
describe('change delivery from the catalogue store (SQLite)', () => {
  let stores: StoreFactory;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  let subgraph: SubgraphUnderTest;
  let receiver: Receiver;
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
  const sync = () => subgraph.server.catalogue!.syncer.runOnce();

  beforeAll(async () => {
    stores = await storeFactory('sqlite');
  });
  afterAll(async () => {
    await stores?.cleanup();
  });
  beforeEach(async () => {
    catalogue = buildCatalogue({ resourceCount: 12 });
    store = await stores.open();
    receiver = new Receiver();
    subgraph = await startSubgraph({
      upstreamRate: 50,
      fake: { catalogue },
      catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } },
      watchAdminToken: TOKEN,
      webhookAllowedHosts: ['127.0.0.1'],
    });
  });
  afterEach(async () => {
    await subgraph.stop();
    await receiver.stop();
  });

  it('a new upstream edition reaches the Atom feed, an SSE and a WebSocket subscriber and a signed webhook after one sync', async () => {
    expect(await sync()).toMatchObject({ kind: 'full', baseline: true });
    expect(await store.lastSeq()).toBe(0);

    const url = await receiver.start();
    const created = await fetch(subgraph.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: CREATE, variables: { url } }),
    }).then((response) => response.json() as Promise<{ data: { createWatch: { secret: string; watch: { id: string } } } }>);
    const { secret, watch } = created.data.createWatch;

    const sse = createSseClient({ url: subgraph.server.url, retryAttempts: 0 });
    const ws = createWsClient({ url: subgraph.server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const received: Record<'sse' | 'ws', any[]> = { sse: [], ws: [] };
    const errors: unknown[] = [];
    for (const [name, client] of [
      ['sse', sse],
      ['ws', ws],
    ] as const) {
      client.subscribe(
        { query: SUBSCRIPTION, variables: { filter: { resources: ['BDCARTO'], kinds: ['EDITION_ADDED'] } } },
        { next: (value) => received[name].push(value), error: (error) => errors.push(error), complete: () => undefined },
      );
    }
    try {
      await until(() => subgraph.server.openSubscriptions === 2);

      clock.now = new Date(clock.now.getTime() + 12 * 3600_000);
      const when = clock.now.toISOString();
      const added = addEdition(catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', { when });
      expect(await sync()).toMatchObject({ kind: 'incremental', added: 1, baseline: false });
      // The product's `updated` moved too: PRODUCT_CHANGED, then the edition's EDITION_ADDED.
      expect((await store.changes(0, 10)).map((change) => change.kind)).toEqual(['PRODUCT_CHANGED', 'EDITION_ADDED']);
      const [event] = await store.changes(0, 10, { kinds: ['EDITION_ADDED'] });
      expect(event).toMatchObject({ kind: 'EDITION_ADDED', resourceName: 'BDCARTO', editionName: added.name });
      const id = `chg_${event!.seq}`;

      // The Atom feed reads the log: the edition is there as soon as the sync has committed it.
      const feed = await fetch(`http://127.0.0.1:${subgraph.server.port}/feeds/changes.atom?resource=BDCARTO&kind=edition_added`);
      expect(feed.status).toBe(200);
      const xml = await feed.text();
      expect(xml).toContain(`href="${subgraph.baseUrl}/resource/BDCARTO/${added.name}"`);
      expect((xml.match(/<entry>/g) ?? []).length).toBe(1);

      await until(() => received.sse.length === 1 && received.ws.length === 1);
      const expected = {
        data: {
          catalogueChanged: {
            id,
            seq: String(event!.seq),
            kind: 'EDITION_ADDED',
            resourceName: 'BDCARTO',
            editionName: added.name,
            observedAt: when,
            atomUrl: `${subgraph.baseUrl}/resource/BDCARTO/${added.name}`,
          },
        },
      };
      expect(received).toEqual({ sse: [expected], ws: [expected] });
      expect(errors).toEqual([]);

      await until(() => receiver.received.length === 1);
      const [delivery] = receiver.received;
      expect(delivery!.headers['webhook-id']).toBe(id);
      const payload = new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>) as any;
      expect(payload.data).toMatchObject({ id, resourceName: 'BDCARTO', editionName: added.name, watchId: watch.id });
    } finally {
      await ws.dispose();
      sse.dispose();
    }
  });
});
