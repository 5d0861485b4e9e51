import WebSocket from 'ws';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { subgraphForSuite } from '../../helpers/startSubgraph';
import { until } from '../../helpers/until';

/** A graphql-ws session with one subscription open, answering pings until `silence()`; `pings` counts them. */
async function subscribed(url: string) {
  const socket = new WebSocket(url, 'graphql-transport-ws', { autoPong: false });
  socket.on('error', () => undefined);
  let silent = false;
  let pings = 0;
  socket.on('ping', () => {
    pings += 1;
    if (!silent) socket.pong();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { catalogueChanged { id } }' } }));
  return { socket, closed, pings: () => pings, silence: () => (silent = true) };
}

describe('WebSocket connections that stop answering pings', () => {
  const subgraph = subgraphForSuite({ changes: { source: new MemoryChangeSource() }, subscriptions: { webSocketPingMs: 200 } });

  it('are closed and their subscriptions released, while a client that answers stays', async () => {
    const url = subgraph.server.url.replace(/^http/, 'ws');
    const [goesSilent, answering] = await Promise.all([subscribed(url), subscribed(url)]);
    await until(() => subgraph.server.openSubscriptions === 2);
    goesSilent.silence();
    // Terminated after one unanswered ping (no close frame: 1006), its subscription released.
    expect(await goesSilent.closed).toBe(1006);
    await until(() => subgraph.server.openSubscriptions === 1);
    // The other one answers: pings go by and it stays open.
    const seen = answering.pings();
    await until(() => answering.pings() >= seen + 3);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    expect(subgraph.server.openSubscriptions).toBe(1);
    answering.socket.close();
    await answering.closed;
  });
});
