import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { Webhook } from 'standardwebhooks';
import WebSocket from 'ws';
import { MemoryChangeSource } from '../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from '../catalogue/changes/sampleEvents';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { Receiver } from '../delivery/webhooks/receiver';
import { until } from '../helpers/until';

const TOKEN = 'test-admin-token-0123456789';
const SUBSCRIPTION =
  'subscription ($filter: ChangeFilterInput) { catalogueChanged(filter: $filter) { id seq kind resourceName editionName zoneCode format observedAt atomUrl } }';

let source: MemoryChangeSource;
let subgraph: SubgraphUnderTest;
let stopped = false;

// `hooks.test` is the webhook receiver's name: it resolves to 127.0.0.1 here, whatever the machine's resolver says.
const resolveHost = async (hostname: string) => {
  if (hostname !== 'hooks.test') throw new Error(`ENOTFOUND ${hostname}`);
  return [{ address: '127.0.0.1', family: 4 as const }];
};

async function start(options: { watchAdminToken?: string; webhookAllowedHosts?: string[] } = {}): Promise<void> {
  source = new MemoryChangeSource();
  stopped = false;
  subgraph = await startSubgraph({ changes: { source, resolveHost }, ...options });
}

afterEach(async () => {
  if (!stopped) await subgraph.stop();
});

async function stopServer(): Promise<void> {
  stopped = true;
  await subgraph.stop();
}

// Subscriptions open now, every transport together.
const subscribers = () => subgraph.server.openSubscriptions;

describe('Atom feed on the real server', () => {
  beforeEach(() => start());

  it('shows a recorded edition with a link to its listing on the configured upstream', async () => {
    source.record(editionAdded('D029', 'GPKG', '2026-03-15T04:00:00.000Z'));
    const answer = await fetch(`http://127.0.0.1:${subgraph.server.port}/feeds/changes.atom?resource=BDTOPO&zone=29&format=GPKG`);
    expect(answer.status).toBe(200);
    const xml = await answer.text();
    expect(xml).toContain(`href="${subgraph.baseUrl}/resource/BDTOPO/BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15"`);
    expect((await fetch(`http://127.0.0.1:${subgraph.server.port}/feeds/changes.atom?zone=nowhere`)).status).toBe(400);
  });
});

describe('Subscription.catalogueChanged over SSE and WebSocket', () => {
  beforeEach(() => start());

  it('delivers matching events to a graphql-sse and a graphql-ws client, and completes both on shutdown', async () => {
    const sse = createSseClient({ url: subgraph.server.url, retryAttempts: 0 });
    const ws = createWsClient({ url: subgraph.server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const received: Record<'sse' | 'ws', unknown[]> = { sse: [], ws: [] };
    const completed: Record<'sse' | 'ws', boolean> = { sse: false, ws: false };
    const errors: unknown[] = [];
    for (const [name, client] of [
      ['sse', sse],
      ['ws', ws],
    ] as const) {
      client.subscribe(
        { query: SUBSCRIPTION, variables: { filter: { zones: ['Finistère'], formats: ['gpkg'] } } },
        { next: (value) => received[name].push(value), error: (error) => errors.push(error), complete: () => (completed[name] = true) },
      );
    }
    await until(() => subscribers() === 2);

    source.record(editionAdded('D075'));
    const wanted = source.record(editionAdded('D029', 'GPKG'));
    await until(() => received.sse.length + received.ws.length === 2);
    const expected = {
      data: {
        catalogueChanged: {
          id: `chg_${wanted.seq}`,
          seq: wanted.seq,
          kind: 'EDITION_ADDED',
          resourceName: 'BDTOPO',
          editionName: wanted.editionName,
          zoneCode: 'D029',
          format: 'GPKG',
          observedAt: wanted.observedAt,
          atomUrl: `${subgraph.baseUrl}/resource/BDTOPO/${wanted.editionName}`,
        },
      },
    };
    expect(received).toEqual({ sse: [expected], ws: [expected] });

    await stopServer();
    await until(() => completed.sse && completed.ws);
    expect(errors).toEqual([]);
    expect(source.listenerCount).toBe(0);
    await ws.dispose();
    sse.dispose();
  });

  it("delivers to graphql-sse's single-connection mode: operations on one reserved stream, each completed on its own", async () => {
    const client = createSseClient({ url: subgraph.server.url, retryAttempts: 0, singleConnection: true });
    const received: Record<string, unknown[]> = { d029: [], d075: [] };
    const completed: string[] = [];
    const errors: unknown[] = [];
    const stops = (['d029', 'd075'] as const).map((name) =>
      client.subscribe(
        { query: SUBSCRIPTION, variables: { filter: { zones: [name.slice(1).replace(/^0/, '')] } } },
        { next: (value) => received[name]?.push(value), error: (error) => errors.push(error), complete: () => completed.push(name) },
      ),
    );
    await until(() => subscribers() === 2);
    source.record(editionAdded('D075'));
    source.record(editionAdded('D029'));
    await until(() => (received['d029']?.length ?? 0) === 1 && (received['d075']?.length ?? 0) === 1);
    expect(received['d029']).toEqual([{ data: { catalogueChanged: expect.objectContaining({ zoneCode: 'D029' }) } }]);
    // Ending one operation (DELETE) leaves the other on the stream.
    stops[0]?.();
    await until(() => subscribers() === 1);
    source.record(editionAdded('D075'));
    await until(() => (received['d075']?.length ?? 0) === 2);
    expect(errors).toEqual([]);
    client.dispose();
    await until(() => subscribers() === 0);
  });

  it('answers a bad filter with BAD_USER_INPUT, and refuses queries on these transports', async () => {
    const ws = createWsClient({ url: subgraph.server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const sse = createSseClient({ url: subgraph.server.url, retryAttempts: 0 });
    try {
      const first = async (client: typeof sse | typeof ws, query: string, variables?: Record<string, unknown>) => {
        const iterator = client.iterate({ query, ...(variables ? { variables } : {}) });
        const { value } = await iterator.next();
        return value as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
      };
      for (const client of [sse, ws]) {
        const bad = await first(client, SUBSCRIPTION, { filter: { zones: ['Atlantis'] } });
        expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.zones' });
        const query = await first(client, '{ __typename }');
        expect(query.errors?.[0]).toMatchObject({
          message: expect.stringMatching(/^Only subscriptions are served over Server-Sent Events and WebSocket/),
          extensions: { code: 'BAD_REQUEST' },
        });
      }
    } finally {
      await ws.dispose();
      sse.dispose();
    }
  });

  it('still refuses a subscription sent as a plain POST, and other mutations', async () => {
    const subscription = await subgraph.query(SUBSCRIPTION);
    expect(subscription.status).toBe(400);
    expect(subscription.errors?.[0]?.message).toMatch(/^Subscriptions are served over Server-Sent Events/);
    const mixed = await subgraph.query('mutation { deleteWatch(id: "x") a: __typename }');
    expect(mixed.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
  });
});

/** A local stand-in for a router's subscription callback endpoint. */
class CallbackReceiver {
  readonly messages: Array<{ action: string; id: string; verifier: string; payload?: any; errors?: unknown; headers: IncomingHttpHeaders }> = [];
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.messages.push({ ...JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: request.headers });
        response.writeHead(204, { 'subscription-protocol': 'callback/1.0' }).end();
      });
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/callback/sub-1`;
  }

  actions(): string[] {
    return this.messages.map((message) => message.action);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('Subscription.catalogueChanged over the federation HTTP callback protocol', () => {
  let router: CallbackReceiver;
  beforeEach(() => {
    router = new CallbackReceiver();
  });
  afterEach(() => router.stop());

  const subscribeAsRouter = (callbackUrl: string) =>
    fetch(subgraph.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json;callbackSpec=1.0' },
      body: JSON.stringify({
        query: SUBSCRIPTION,
        variables: { filter: { zones: ['29'] } },
        extensions: { subscription: { callbackUrl, subscriptionId: 'sub-1', verifier: 'verifier-1', heartbeatIntervalMs: 1000 } },
      }),
    });

  it('checks, sends next for each matching event, heartbeats, and completes on shutdown', async () => {
    await start({ webhookAllowedHosts: ['127.0.0.1'] });
    const callbackUrl = await router.start();
    const answer = await subscribeAsRouter(callbackUrl);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: null, extensions: { upstream: { estimated: 0, reserved: 0, sent: 0, cacheHits: 0, budget: 300 } } });
    expect(router.messages[0]).toMatchObject({ action: 'check', id: 'sub-1', verifier: 'verifier-1', headers: { 'subscription-protocol': 'callback/1.0' } });
    await until(() => subscribers() === 1);

    source.record(editionAdded('D075'));
    const wanted = source.record(editionAdded('D029'));
    await until(() => router.actions().includes('next'));
    await until(() => router.actions().lastIndexOf('check') > router.actions().indexOf('next'));
    const nexts = router.messages.filter((message) => message.action === 'next');
    expect(nexts).toHaveLength(1);
    expect(nexts[0]?.payload.data.catalogueChanged).toMatchObject({ id: `chg_${wanted.seq}`, zoneCode: 'D029' });

    await stopServer();
    // A heartbeat already under way may still land after `complete` (the plugin's own timing); a router answers it 404.
    const actions = router.actions();
    expect(actions.filter((action) => action === 'complete')).toHaveLength(1);
    expect(actions.indexOf('complete')).toBeGreaterThan(actions.indexOf('next'));
    expect(router.messages.find((message) => message.action === 'complete')).toMatchObject({ id: 'sub-1', verifier: 'verifier-1' });
  });

  it('refuses a callback URL on a loopback address the configuration does not allow', async () => {
    await start();
    const answer = await subscribeAsRouter(await router.start());
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', parameter: 'extensions.subscription.callbackUrl' });
    // Nothing of what the name resolves to, or of why the address was refused.
    expect(body.errors[0]?.message).not.toMatch(/127\.0\.0\.1|loopback/);
    expect(router.messages).toEqual([]);
    expect(subscribers()).toBe(0);
  });
});

describe('webhook watches', () => {
  const ask = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    fetch(subgraph.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    }).then(async (response) => ({ status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) }));
  const CREATE = 'mutation ($url: String!) { createWatch(filter: { zones: ["29"] }, url: $url) { secret watch { id url status filter { zones } } } }';

  it('are disabled with a clear error while WATCH_ADMIN_TOKEN is unset', async () => {
    await start();
    const answer = await ask(CREATE, { url: 'https://example.org/' }, 'anything');
    expect(answer.errors?.[0]).toMatchObject({ message: expect.stringMatching(/set WATCH_ADMIN_TOKEN/), extensions: { code: 'FEATURE_DISABLED' } });
  });

  it('need the bearer token, refuse private targets, and deliver signed events to the receiver', async () => {
    const receiver = new Receiver();
    try {
      await start({ watchAdminToken: TOKEN, webhookAllowedHosts: ['hooks.test'] });
      const url = (await receiver.start()).replace('127.0.0.1', 'hooks.test');

      for (const token of [undefined, 'wrong-token-wrong-token']) {
        const refused = await ask(CREATE, { url }, token);
        expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect((await ask('{ watches { id } }', {}, token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      const loopback = await ask(CREATE, { url: `http://127.0.0.1:${receiver.port}/` }, TOKEN);
      expect(loopback.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^url: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\)/),
        extensions: { code: 'BAD_USER_INPUT' },
      });

      const created = await ask(CREATE, { url }, TOKEN);
      expect(created.errors).toBeUndefined();
      const { secret, watch } = created.data.createWatch;
      expect(watch).toMatchObject({ url, status: 'ACTIVE', filter: { zones: ['D029'] } });

      source.record(editionAdded('D075'));
      const wanted = source.record(editionAdded('D029'));
      await until(() => receiver.received.length === 1);
      const [delivery] = receiver.received;
      expect(delivery?.headers['webhook-id']).toBe(`chg_${wanted.seq}`);
      const payload = new Webhook(secret).verify(delivery?.body as string, delivery?.headers as Record<string, string>) as any;
      expect(payload.data).toMatchObject({ id: `chg_${wanted.seq}`, zoneCode: 'D029', watchId: watch.id });

      const listed = await ask('{ watches { id status pendingDeliveries suspendedReason } }', {}, TOKEN);
      expect(listed.data.watches).toEqual([{ id: watch.id, status: 'ACTIVE', pendingDeliveries: 0, suspendedReason: null }]);
      const metrics = await (await fetch(`http://127.0.0.1:${subgraph.server.port}/metrics`)).text();
      expect(metrics).toContain('geopf_webhook_deliveries_total{outcome="delivered"} 1');
      expect(metrics).toContain('geopf_webhook_outbox_depth 0');

      expect((await ask('mutation ($id: ID!) { deleteWatch(id: $id) }', { id: watch.id }, TOKEN)).data).toEqual({ deleteWatch: true });
      expect((await ask('{ watches { id } }', {}, TOKEN)).data).toEqual({ watches: [] });
    } finally {
      await receiver.stop();
    }
  });
});
