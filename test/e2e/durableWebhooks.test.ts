import { Webhook } from 'standardwebhooks';
import { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { openStore, type StoreLocation } from '../../src/catalogue/store/openStore';
import { FANOUT_CURSOR_KEY } from '../../src/catalogue/store/SqlOutbox';
import { buildCatalogue, type FakeResource } from '../fakeUpstream/catalogue';
import { addEdition } from '../fakeUpstream/catalogueChanges';
import { storeFactory, type StoreFactory } from '../helpers/testStores';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { Receiver } from '../delivery/webhooks/receiver';
import { until } from '../helpers/until';

const TOKEN = 'test-admin-token-0123456789';
const CREATE = 'mutation ($url: String!) { createWatch(filter: { resources: ["BDCARTO"], kinds: [EDITION_ADDED] }, url: $url) { secret watch { id } } }';

// Watches and the outbox in the SQLite store: a receiver that is down gets the delivery once it is back, across
// a restart of the server on the same data dir, exactly once. The worker's clock is injected: retries fall due
// when the test moves it, and the loop's short poll (20 ms) finds them.
describe('durable webhooks on the catalogue store (SQLite)', () => {
  let stores: StoreFactory;
  let location: StoreLocation;
  let catalogue: FakeResource[];
  let subgraph: SubgraphUnderTest | null = null;
  let store: CatalogueStore;
  const receiver = new Receiver();
  // The syncer's clock (the catalogue's times) and the worker's (retry times, signatures; near the real time,
  // which the receiver's verifier checks the timestamp against).
  const clock = { sync: Date.parse('2026-12-01T08:00:00.000Z'), ms: Date.now() };

  const start = async () => {
    store = new CatalogueStore(await openStore(location));
    subgraph = await startSubgraph({
      upstreamRate: 50,
      fake: { catalogue },
      catalogue: { store, autoStart: false, syncer: { clock: () => new Date(clock.sync) } },
      watchAdminToken: TOKEN,
      webhookAllowedHosts: ['127.0.0.1'],
      changes: { now: () => clock.ms, random: () => 0, webhookPollMs: 20 },
    });
    return subgraph;
  };
  const outboxRows = () => store.db.selectFrom('geopf_outbox').selectAll().execute();

  beforeAll(async () => {
    stores = await storeFactory('sqlite');
    location = await stores.location();
  });
  afterAll(async () => {
    await subgraph?.stop();
    await receiver.stop();
    await stores?.cleanup();
  });

  it('retries while the receiver is down, survives a restart, and delivers once with the same webhook-id', async () => {
    catalogue = buildCatalogue({ resourceCount: 12 });
    let server = await start();
    expect(await server.server.catalogue!.syncer.runOnce()).toMatchObject({ baseline: true });
    const url = await receiver.start();
    await receiver.stop(); // down; it comes back on the same port
    const created = (await fetch(server.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: CREATE, variables: { url } }),
    }).then((response) => response.json())) as { data: { createWatch: { secret: string; watch: { id: string } } } };
    const { secret, watch } = created.data.createWatch;

    clock.sync += 12 * 3600_000;
    const added = addEdition(catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', { when: new Date(clock.sync).toISOString() });
    expect(await server.server.catalogue!.syncer.runOnce()).toMatchObject({ kind: 'incremental', added: 1 });
    const [event] = await store.changes(0, 10, { kinds: ['EDITION_ADDED'] });
    const id = `chg_${event!.seq}`;

    // First attempt fails (nothing listens); the retry is due 5 s later on the injected clock (jitter 0).
    await until(async () => (await outboxRows())[0]?.attempts === 1);
    const [first] = await outboxRows();
    expect(first).toMatchObject({ event_id: id, watch_id: watch.id, next_attempt_at: clock.ms + 5_000, lease_until: 0 });
    expect(first!.last_error).toBeTruthy();
    clock.ms += 5_000;
    await until(async () => (await outboxRows())[0]?.attempts === 2);
    expect(receiver.received).toEqual([]);

    // Restart in the middle of the retries: a new server on the same data dir.
    await server.stop();
    subgraph = null;
    server = await start();
    const [kept] = await outboxRows();
    expect(kept).toMatchObject({ event_id: id, watch_id: watch.id, attempts: 2 });
    await receiver.start();
    clock.ms = Number(kept!.next_attempt_at);
    await until(() => receiver.received.length > 0);
    await until(async () => (await outboxRows()).length === 0);

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery!.headers['webhook-id']).toBe(id);
    const payload = new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>) as any;
    expect(payload.data).toMatchObject({ id, editionName: added.name, watchId: watch.id });
    // Exactly once: nothing left to send, and the fan-out resumes after the event (it is never enqueued again).
    expect(await store.getState(FANOUT_CURSOR_KEY)).toBe(event!.seq.toString());
    const listed = await fetch(server.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: '{ watches { id status pendingDeliveries } }' }),
    }).then((response) => response.json());
    expect(listed).toEqual({
      data: { watches: [{ id: watch.id, status: 'ACTIVE', pendingDeliveries: 0 }] },
      extensions: { upstream: { estimated: 0, reserved: 0, sent: 0, cacheHits: 0, budget: 300 } },
    });

    // A later matching event is delivered with its own id; the first is not sent again.
    clock.sync += 3600_000;
    addEdition(catalogue, 'BDCARTO', 'BDCARTO_NEWER_2026-12-01', { when: new Date(clock.sync).toISOString() });
    await server.server.catalogue!.syncer.runOnce();
    await until(() => receiver.received.length >= 2);
    await until(async () => (await outboxRows()).length === 0);
    expect(receiver.received.map((received) => received.headers['webhook-id'])).toEqual([id, `chg_${Number(event!.seq) + 2}`]);
  });
});
