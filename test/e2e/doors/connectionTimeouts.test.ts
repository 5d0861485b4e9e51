import { connect } from 'node:net';
import { subgraphForSuite } from '../../helpers/startSubgraph';

/** Opens a raw connection, writes `text`, and resolves with what the server sent once it closed the connection. */
function sendAndWaitForClose(port: number, text: string): Promise<{ answer: string; openMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (data: Buffer) => (answer += data.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, openMs: performance.now() - started }));
  });
}

describe('connections that never finish a request, or idle ones, are closed', () => {
  const subgraph = subgraphForSuite({ connections: { requestTimeoutMs: 1000, idleTimeoutMs: 1000 } });

  it('answers 408 and closes a request whose headers never end (HTTP_REQUEST_TIMEOUT_MS), and one whose body never ends', async () => {
    const [headers, body] = await Promise.all([
      sendAndWaitForClose(subgraph.server.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '),
      sendAndWaitForClose(
        subgraph.server.port,
        'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
      ),
    ]);
    for (const closed of [headers, body]) {
      expect(closed.answer).toMatch(/^HTTP\/1\.1 408 /);
      // Held for the timeout plus at most a few checks of it (Node checked every 30 s by default), on a loaded machine.
      expect(closed.openMs).toBeLessThan(15_000);
    }
    expect((await fetch(`http://127.0.0.1:${subgraph.server.port}/health`)).status).toBe(200);
  }, 30_000);

  it('closes a kept-alive connection left idle (HTTP_IDLE_TIMEOUT_MS)', async () => {
    const closed = await sendAndWaitForClose(subgraph.server.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(closed.answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(closed.openMs).toBeLessThan(15_000);
  }, 30_000);
});
