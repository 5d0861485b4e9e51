import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';
import { until } from '../../helpers/until';

const SUBSCRIPTION = 'subscription { catalogueChanged(filter: { zones: ["29"] }) { id } }';
const HEARTBEAT = 'extensions.subscription.heartbeatIntervalMs';
const CALLBACK_URL = 'extensions.subscription.callbackUrl';

/** A router's callback endpoint: records every request; answers 204, or 404 under `/gone/`. */
class CallbackReceiver {
  readonly requests: Array<{ path: string; action: string; at: number }> = [];
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { action?: string };
        this.requests.push({ path: request.url ?? '', action: body.action ?? '', at: performance.now() });
        response.writeHead((request.url ?? '').startsWith('/gone/') ? 404 : 204).end();
      });
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('the router callback protocol, refused typed and bounded', () => {
  let subgraph: SubgraphUnderTest;
  const receiver = new CallbackReceiver();
  beforeAll(async () => {
    await receiver.start();
    subgraph = await startSubgraph({
      // `router.test` is the router (allowed); `internal.test` a name of the private network; `nowhere.test` resolves to nothing.
      changes: {
        source: new MemoryChangeSource(),
        resolveHost: async (hostname) => {
          if (hostname === 'router.test') return [{ address: '127.0.0.1', family: 4 }];
          if (hostname === 'internal.test') return [{ address: '10.1.2.3', family: 4 }];
          throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        },
      },
      webhookAllowedHosts: ['router.test'],
      subscriptions: { maxPerClient: 3 },
    });
  });
  afterAll(async () => {
    await subgraph.stop();
    await receiver.stop();
  });

  let next = 0;
  const callbackUrl = (path = 'callback') => `http://router.test:${receiver.port}/${path}/${(next += 1)}`;
  const subscribe = async (subscription: unknown, query = SUBSCRIPTION) => {
    const response = await fetch(subgraph.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json;callbackSpec=1.0' },
      body: JSON.stringify({ query, extensions: { subscription } }),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: JSON.parse(text) as { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> },
    };
  };
  const valid = (overrides: Record<string, unknown> = {}) => ({
    callbackUrl: callbackUrl(),
    subscriptionId: 'sub',
    verifier: 'v',
    heartbeatIntervalMs: 5000,
    ...overrides,
  });

  it.each([[1], ['x'], [-5], [1.5], [999], [300_001], [[]]])(
    'refuses heartbeatIntervalMs %j with a 400 naming it, and calls nobody back',
    async (heartbeatIntervalMs) => {
      const before = receiver.requests.length;
      const answer = await subscribe(valid({ heartbeatIntervalMs }));
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', parameter: HEARTBEAT });
      expect(receiver.requests.length).toBe(before);
    },
  );

  it('sends nothing for 50 subscriptions asking a 1 ms heartbeat (they became a flood of 3,800 requests a second)', async () => {
    const before = receiver.requests.length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => subscribe(valid({ heartbeatIntervalMs: 1 }))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(400));
    // A subscription that was accepted would have been checked at once: give the server a moment to prove none was.
    const probe = await subscribe(valid({ heartbeatIntervalMs: 0 }));
    expect(probe.status).toBe(200);
    expect(receiver.requests.length - before).toBeLessThanOrEqual(2);
    expect(subgraph.server.openSubscriptions).toBe(1);
  });

  it('heartbeats an accepted subscription at most once a second (the floor), whatever it asked', async () => {
    const url = callbackUrl();
    const started = performance.now();
    expect((await subscribe(valid({ callbackUrl: url, heartbeatIntervalMs: 1000 }))).status).toBe(200);
    const heartbeats = () => receiver.requests.filter((request) => request.path === new URL(url).pathname && request.action === 'check');
    // The admission's check, the plugin's check, then two heartbeats.
    await until(() => heartbeats().length >= 4);
    const elapsedSeconds = (performance.now() - started) / 1000;
    expect(heartbeats().length).toBeLessThanOrEqual(2 + Math.ceil(elapsedSeconds) + 1);
  });

  it.each([
    ['{}', {}, 'extensions.subscription.callbackUrl'],
    ['1', 1, 'extensions.subscription'],
    ['"x"', 'x', 'extensions.subscription'],
    ['[]', [], 'extensions.subscription'],
    ['a number for callbackUrl', { callbackUrl: 5, subscriptionId: 's', verifier: 'v' }, 'extensions.subscription.callbackUrl'],
    ['an ftp callbackUrl', { callbackUrl: 'ftp://router.test/x', subscriptionId: 's', verifier: 'v' }, 'extensions.subscription.callbackUrl'],
    ['credentials in callbackUrl', { callbackUrl: 'http://u:p@router.test/x', subscriptionId: 's', verifier: 'v' }, 'extensions.subscription.callbackUrl'],
    ['no verifier', { callbackUrl: 'http://router.test/x', subscriptionId: 's' }, 'extensions.subscription.verifier'],
    ['an empty subscriptionId', { callbackUrl: 'http://router.test/x', subscriptionId: '', verifier: 'v' }, 'extensions.subscription.subscriptionId'],
    [
      'snake_case, bad',
      { callback_url: 'http://router.test/x', subscription_id: 's', verifier: 'v', heartbeat_interval_ms: 'x' },
      'extensions.subscription.heartbeat_interval_ms',
    ],
  ])('refuses a malformed extensions.subscription (%s) with a 400 naming the parameter, no internal message', async (_case, subscription, parameter) => {
    const answer = await subscribe(subscription);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', parameter });
    expect(answer.text).not.toMatch(/Cannot read|undefined|TypeError|stack/);
  });

  it('refuses a callback URL it may not call with one message, whatever the name resolves to (or not)', async () => {
    const answers = await Promise.all(
      ['http://internal.test/cb', 'http://nowhere.test/cb', `http://127.0.0.1:${receiver.port}/cb`, 'http://[::ffff:10.1.2.3]/cb'].map((url) =>
        subscribe(valid({ callbackUrl: url })),
      ),
    );
    const messages = new Set(answers.map((answer) => answer.body.errors?.[0]?.message));
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(answers.map((answer) => answer.body.errors?.[0]?.extensions)).toEqual(Array(4).fill({ code: 'BAD_USER_INPUT', parameter: CALLBACK_URL }));
    expect(messages.size).toBe(1);
    for (const answer of answers) expect(answer.text).not.toMatch(/10\.1\.2\.3|127\.0\.0\.1|loopback|private|resolve|ENOTFOUND/);
  });

  it('refuses a callback URL whose check is not answered 2xx, a URL already called back, and a client over its cap', async () => {
    const gone = await subscribe(valid({ callbackUrl: callbackUrl('gone') }));
    expect([gone.status, gone.body.errors?.[0]?.extensions]).toEqual([400, { code: 'BAD_USER_INPUT', parameter: CALLBACK_URL }]);
    expect(gone.body.errors?.[0]?.message).toMatch(/answered HTTP 404/);

    const url = callbackUrl();
    expect((await subscribe(valid({ callbackUrl: url }))).status).toBe(200);
    const again = await subscribe(valid({ callbackUrl: url }));
    expect([again.status, again.body.errors?.[0]?.extensions]).toEqual([409, { code: 'BAD_USER_INPUT', parameter: CALLBACK_URL }]);

    // Two are live from the tests above (the probe and the floor), this one makes three: the cap.
    await until(() => subgraph.server.openSubscriptions >= 3);
    const over = await subscribe(valid());
    expect([over.status, over.body.errors?.[0]?.extensions]).toEqual([429, { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'client', max: 3 }]);
    const metrics = await (await fetch(`http://127.0.0.1:${subgraph.server.port}/metrics`)).text();
    expect(metrics).toMatch(/geopf_subscriptions_open\{transport="callback"\} 3/);
    expect(metrics).toMatch(/geopf_subscriptions_refused_total\{limit="client"\} 1/);
  });

  it('refuses a query sent with extensions.subscription, before calling anybody', async () => {
    const before = receiver.requests.length;
    const answer = await subscribe(valid(), '{ __typename }');
    expect([answer.status, answer.body.errors?.[0]?.extensions]).toEqual([400, { code: 'BAD_REQUEST', parameter: 'extensions.subscription' }]);
    expect(receiver.requests.length).toBe(before);
  });
});
