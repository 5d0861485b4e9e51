import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from '../../catalogue/changes/sampleEvents';
import { metricValue, readMetrics } from '../../helpers/metricValue';
import { subgraphForSuite } from '../../helpers/startSubgraph';

/** Every field under ten aliases: about 3 kB an event, so that a few thousand fill a socket's buffers. */
const WIDE_SUBSCRIPTION = `subscription { catalogueChanged { ${Array.from({ length: 10 }, (_, index) => `a${index}: atomUrl b${index}: editionName`).join(' ')} id } }`;

/** Waits for `condition()`, checking after each turn of the timers. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The heap in use after a full collection (`gc` made callable for this measure). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** A graphql-ws subscriber that stops reading once subscribed: acknowledged, subscribed, then its socket paused. */
async function stalledSubscriber(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: WIDE_SUBSCRIPTION } }));
  socket.pause();
  return socket;
}

describe('WebSocket subscribers that never read', () => {
  const source = new MemoryChangeSource();
  const subgraph = subgraphForSuite({ changes: { source }, subscriptions: { queueMax: 100 } });

  it('are dropped at the queue bound instead of buffered: the heap stays flat over 5,000 events of 3 kB', async () => {
    const metrics = () => readMetrics(subgraph.server.port);
    const heapBefore = heapAfterGc();
    const stalled = await Promise.all(Array.from({ length: 5 }, () => stalledSubscriber(subgraph.server.url.replace(/^http/, 'ws'))));
    await until(() => subgraph.server.openSubscriptions === 5);
    const droppedBefore = metricValue(await metrics(), 'geopf_subscriptions_dropped_total{reason="slow_reader"}');
    // 5,000 events of 3 kB: 15 MB for each subscriber, were they buffered.
    for (let batch = 0; batch < 10 && subgraph.server.openSubscriptions > 0; batch += 1) {
      for (let index = 0; index < 500; index += 1) source.record(editionAdded('D029'));
      await until(async () => metricValue(await metrics(), 'geopf_change_fanout_backlog') === 0);
    }
    // Measured before waiting for the drops: buffered events would show here, whatever happens next.
    const grown = heapAfterGc() - heapBefore;
    process.stdout.write(`5 stalled WebSocket subscribers, 5,000 events of 3 kB: the heap grew ${(grown / 1048576).toFixed(1)} MB\n`);
    expect(grown).toBeLessThan(12 * 1024 * 1024);
    await until(() => subgraph.server.openSubscriptions === 0);
    expect(metricValue(await metrics(), 'geopf_subscriptions_dropped_total{reason="slow_reader"}') - droppedBefore).toBe(5);
    for (const socket of stalled) socket.terminate();
  }, 60_000);
});
