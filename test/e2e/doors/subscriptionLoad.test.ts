import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from '../../catalogue/changes/sampleEvents';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';
import { until } from '../../helpers/until';

const SUBSCRIPTION =
  'subscription ($zone: String!) { catalogueChanged(filter: { zones: [$zone] }) { id seq kind resourceName editionName zoneCode format observedAt } }';

/** Twenty départements: each subscriber follows one, and the 2,000 events go round them (100 each). */
const ZONES = Array.from({ length: 20 }, (_, index) => `D0${index + 21}`);

/** Times `/health` again and again until `stop()`: the longest answer, and how many were asked. */
function healthProbe(port: number) {
  let longest = 0;
  let asked = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const answer = await fetch(`http://127.0.0.1:${port}/health`);
      await answer.text();
      longest = Math.max(longest, performance.now() - started);
      asked += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { longest, asked };
    },
  };
}

describe('200 subscribers and 2,000 events', () => {
  let source: MemoryChangeSource;
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    source = new MemoryChangeSource();
    subgraph = await startSubgraph({ changes: { source }, subscriptions: { maxPerClient: 1000 } });
  });
  afterAll(() => subgraph.stop());

  it('delivers every event to every subscriber while /health answers within 1 s throughout', async () => {
    const url = subgraph.server.url;
    const received: number[] = [];
    const errors: unknown[] = [];
    const sse = Array.from({ length: 100 }, () => createSseClient({ url, retryAttempts: 0 }));
    const ws: WsClient[] = Array.from({ length: 5 }, () => createWsClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 }));
    const subscribe = (client: { subscribe: WsClient['subscribe'] }) => {
      const index = received.push(0) - 1;
      client.subscribe(
        { query: SUBSCRIPTION, variables: { zone: ZONES[index % ZONES.length] } },
        { next: () => (received[index] = (received[index] ?? 0) + 1), error: (error) => errors.push(error), complete: () => undefined },
      );
    };
    for (const client of sse) subscribe(client);
    for (const client of ws) for (let index = 0; index < 20; index += 1) subscribe(client);
    await until(() => subgraph.server.openSubscriptions === 200 || errors.length > 0);
    expect(errors).toEqual([]);

    const probe = healthProbe(subgraph.server.port);
    // 2,000 events at once, recorded in one synchronous loop: 20,000 deliveries.
    for (let index = 0; index < 2000; index += 1) source.record(editionAdded(ZONES[index % ZONES.length]));
    await until(() => received.every((count) => count === 100) || errors.length > 0);
    const health = await probe.stop();
    expect(errors).toEqual([]);
    expect(received.reduce((sum, count) => sum + count, 0)).toBe(20_000);
    expect(health.longest).toBeLessThan(1000);
    expect(health.asked).toBeGreaterThan(1);
    process.stdout.write(
      `200 subscribers, 2,000 events (20,000 deliveries): /health answered ${health.asked} times, longest ${Math.round(health.longest)} ms\n`,
    );
    for (const client of sse) client.dispose();
    for (const client of ws) void client.dispose();
  }, 120_000);
});
