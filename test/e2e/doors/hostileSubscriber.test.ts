import { connect, type Socket } from 'node:net';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from '../../catalogue/changes/sampleEvents';
import { metricValue, readMetrics } from '../../helpers/metricValue';
import { rawRequest } from '../../helpers/rawRequest';
import { subgraphForSuite } from '../../helpers/startSubgraph';
import { until } from '../../helpers/until';

const SUBSCRIPTION = 'subscription { catalogueChanged(filter: { zones: ["29"] }) { id zoneCode } }';
/** The hostile client's own loopback address: the server counts it apart from the ordinary clients on 127.0.0.1. */
const HOSTILE = '127.0.0.2';

/** A WebSocket bound to the hostile client's address. */
class HostileWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols, { localAddress: HOSTILE });
  }
}

/** Subscribes; resolves with the cap it was refused for, or 'open' once the server counts one subscription more. */
function attempt(client: WsClient, open: () => number): Promise<string> {
  const before = open();
  return new Promise((resolve) => {
    const timer = setInterval(() => open() > before && (clearInterval(timer), resolve('open')), 10);
    client.subscribe(
      { query: SUBSCRIPTION },
      {
        next: () => undefined,
        error: (error) => {
          clearInterval(timer);
          resolve(String((error as Array<{ extensions?: { code?: string; limit?: string } }>)[0]?.extensions?.limit ?? 'other'));
        },
        complete: () => undefined,
      },
    );
  });
}

/** Opens a raw TCP connection from `localAddress`; resolves with it and what the server sent first (nothing while it keeps it open). */
function holdConnection(port: number, localAddress: string): Promise<{ socket: Socket; refused: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => {
      const refused = new Promise<string>((answered) => socket.once('data', (data: Buffer) => answered(data.toString('utf8'))));
      resolve({ socket, refused });
    });
    socket.on('error', () => undefined);
  });
}

describe('a hostile client gets refusals while ordinary clients keep being served', () => {
  const source = new MemoryChangeSource();
  const subgraph = subgraphForSuite({
    changes: { source },
    subscriptions: { max: 200, maxPerClient: 30, maxPerConnection: 20 },
    connections: { maxPerClient: 40 },
  });
  const hostileClients: WsClient[] = [];
  const held: Socket[] = [];
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    for (const client of hostileClients) void client.dispose();
  });

  it('caps its subscriptions per connection and per address, and its connections, with typed refusals', async () => {
    const url = subgraph.server.url.replace(/^http/, 'ws');
    const open = () => subgraph.server.openSubscriptions;
    // One connection: 20 subscriptions, then the connection's cap.
    const first = createWsClient({ url, webSocketImpl: HostileWebSocket, retryAttempts: 0, lazy: true });
    hostileClients.push(first);
    const onFirst: string[] = [];
    for (let index = 0; index < 25; index += 1) onFirst.push(await attempt(first, open));
    expect(onFirst).toEqual([...Array(20).fill('open'), ...Array(5).fill('connection')]);
    // A second connection: 10 more, then the address's cap of 30.
    const second = createWsClient({ url, webSocketImpl: HostileWebSocket, retryAttempts: 0, lazy: true });
    hostileClients.push(second);
    const onSecond: string[] = [];
    for (let index = 0; index < 15; index += 1) onSecond.push(await attempt(second, open));
    expect(onSecond).toEqual([...Array(10).fill('open'), ...Array(5).fill('client')]);
    // Over SSE too: the address's cap holds for every transport.
    const overSse = await rawRequest({
      port: subgraph.server.port,
      method: 'POST',
      path: '/graphql',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: SUBSCRIPTION }),
      localAddress: HOSTILE,
      timeoutMs: 10_000,
    });
    expect(overSse.text).toMatch(/"code":"TOO_MANY_SUBSCRIPTIONS","limit":"client","max":30/);
    // Connections: it holds 2 WebSockets; 38 more reach its cap of 40, and the 10 after are answered 429 and closed.
    const connections = await Promise.all(Array.from({ length: 48 }, () => holdConnection(subgraph.server.port, HOSTILE)));
    held.push(...connections.map((connection) => connection.socket));
    const answers = await Promise.race([
      Promise.all(connections.slice(38).map((connection) => connection.refused)),
      new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 5000)),
    ]);
    expect(answers).toHaveLength(10);
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 429 [^]*"code":"TOO_MANY_SUBSCRIPTIONS","limit":"client","max":40/);

    const metrics = await readMetrics(subgraph.server.port);
    expect(metricValue(metrics, 'geopf_subscriptions_refused_total{limit="connection"}')).toBe(5);
    expect(metricValue(metrics, 'geopf_subscriptions_refused_total{limit="client"}')).toBeGreaterThanOrEqual(6);
    expect(metricValue(metrics, 'geopf_http_connections_refused_total')).toBe(10);
    expect(metricValue(metrics, 'geopf_subscriptions_open{transport="websocket"}')).toBe(30);
  });

  it('meanwhile serves ordinary clients: their subscriptions, their events, their queries and /health', async () => {
    const ordinarySse = createSseClient({ url: subgraph.server.url, retryAttempts: 0 });
    const ordinaryWs = createWsClient({ url: subgraph.server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const received: string[] = [];
    const errors: unknown[] = [];
    for (const [name, client] of [
      ['sse', ordinarySse],
      ['ws', ordinaryWs],
    ] as const) {
      client.subscribe({ query: SUBSCRIPTION }, { next: () => received.push(name), error: (error) => errors.push(error), complete: () => undefined });
    }
    await until(() => subgraph.server.openSubscriptions === 32 || errors.length > 0);
    expect(errors).toEqual([]);
    source.record(editionAdded('D029'));
    await until(() => received.length >= 2);
    expect(received.sort()).toEqual(['sse', 'ws']);
    const started = performance.now();
    expect((await fetch(`http://127.0.0.1:${subgraph.server.port}/health`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await subgraph.query('{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    ordinarySse.dispose();
    await ordinaryWs.dispose();
  });
});
