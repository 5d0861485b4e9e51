import WebSocket from 'ws';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { subgraphForSuite } from '../../helpers/startSubgraph';
import { floodStalledSubscribers, WIDE_SUBSCRIPTION } from '../../helpers/stalledSubscribers';

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
    const url = subgraph.server.url.replace(/^http/, 'ws');
    const flood = await floodStalledSubscribers(
      subgraph,
      source,
      () => stalledSubscriber(url),
      (socket) => socket.terminate(),
    );
    process.stdout.write(`5 stalled WebSocket subscribers, 5,000 events of 3 kB: the heap grew ${(flood.heapGrownBytes / 1048576).toFixed(1)} MB
`);
    expect(flood.heapGrownBytes).toBeLessThan(12 * 1024 * 1024);
    expect(flood.dropped).toBe(5);
  }, 60_000);
});
