import { connect, type Socket } from 'node:net';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from '../../catalogue/changes/sampleEvents';
import { metricValue, readMetrics } from '../../helpers/metricValue';
import { rawRequest } from '../../helpers/rawRequest';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';
import { floodStalledSubscribers, WIDE_SUBSCRIPTION } from '../../helpers/stalledSubscribers';
import { until } from '../../helpers/until';

const SUBSCRIPTION = 'subscription { catalogueChanged { id } }';

/** An SSE subscriber that never reads: the request sent on a raw socket, then the socket paused. */
function stalledSubscriber(port: number, query: string): Promise<Socket> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ query });
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.once('data', () => {
        socket.pause();
        resolve(socket);
      });
    });
  });
}

/**
 * Streams a chunked body of `totalBytes` to the SSE door on a raw socket, respecting back-pressure, until the
 * server answers or closes: how many body bytes the socket took, and the status line it got (null when reset).
 */
function streamHugeBody(port: number, totalBytes: number): Promise<{ written: number; status: string | null }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(1 << 20, 'x');
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let written = 0;
    let answer = '';
    let ended = false;
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      if (ended) return;
      ended = true;
      socket.destroy();
      resolve({ written, status: /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? null });
    };
    socket.on('data', (data: Buffer) => {
      answer += data.toString('utf8');
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    const pump = () => {
      while (!ended && written < totalBytes) {
        written += chunk.length;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
      if (!ended) socket.write('0\r\n\r\n');
    };
    socket.once('connect', () => {
      socket.write(
        'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      pump();
    });
  });
}

describe('graphql-sse: bodies, reservations and slow readers bounded', () => {
  let source: MemoryChangeSource;
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    source = new MemoryChangeSource();
    subgraph = await startSubgraph({ changes: { source }, subscriptions: { maxPerClient: 20, queueMax: 100, reservationTtlMs: 60_000 } });
  });
  afterAll(() => subgraph.stop());
  const metrics = () => readMetrics(subgraph.server.port);
  const send = (method: string, headers: Record<string, string>, body?: string) =>
    rawRequest({ port: subgraph.server.port, method, path: '/graphql', headers, timeoutMs: 5000, ...(body !== undefined ? { body } : {}) });

  it('refuses a body over 1 MB on both modes with a typed 413 (it was read whole: 540 MB of it ended the process)', async () => {
    const body = JSON.stringify({ query: SUBSCRIPTION, padding: 'x'.repeat(1_500_000) });
    const reserved = await send('PUT', {});
    expect(reserved.status).toBe(201);
    for (const headers of <Array<Record<string, string>>>[
      { accept: 'text/event-stream', 'content-type': 'application/json' },
      { 'x-graphql-event-stream-token': reserved.text, 'content-type': 'application/json' },
    ]) {
      const answer = await send('POST', headers, body);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.text)).toEqual({ errors: [{ message: 'Request body larger than 1000000 bytes.', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it('keeps at most 1 MB of a chunked body and stops reading at 32 MB: eight 200 MB bodies at once (eight of 60 MB peaked at 1.1 GB) are cut, and the process serves on', async () => {
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
    const answers = await Promise.all(Array.from({ length: 8 }, () => streamHugeBody(subgraph.server.port, 200 * 1024 * 1024)));
    clearInterval(sampler);
    const grownMb = (rssPeak - rssBefore) / 1048576;
    process.stdout.write(
      `8 chunked 200 MB bodies on the SSE door: at most ${Math.max(...answers.map((answer) => answer.written)) / 1048576} MB taken by one socket, RSS peak +${grownMb.toFixed(0)} MB\n`,
    );
    for (const answer of answers) {
      // Refused (413) or cut: never read whole. 32 MB read, plus what the sockets' buffers held.
      expect(answer.status === null || answer.status === '413').toBe(true);
      expect(answer.written).toBeLessThan(64 * 1024 * 1024);
    }
    // The bodies' bytes are not kept: the bound is the 1 MB kept per request and the sockets' buffers.
    expect(grownMb).toBeLessThan(300);
    expect((await rawRequest({ port: subgraph.server.port, method: 'GET', path: '/health', timeoutMs: 5000 })).status).toBe(200);
  }, 60_000);

  it('caps the reservations of one client, and drops the operations of a reservation nobody opens once their queue is full', async () => {
    // The test above holds one reservation; 19 more reach the client's cap of 20.
    const reservations = await Promise.all(Array.from({ length: 19 }, () => send('PUT', {})));
    expect(reservations.map((answer) => answer.status)).toEqual(Array(19).fill(201));
    const over = await send('PUT', {});
    expect([over.status, JSON.parse(over.text).errors[0].extensions]).toEqual([429, { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'client', max: 20 }]);

    const token = reservations[0]?.text as string;
    for (let operation = 0; operation < 5; operation += 1) {
      const posted = await send(
        'POST',
        { 'x-graphql-event-stream-token': token, 'content-type': 'application/json' },
        JSON.stringify({ query: SUBSCRIPTION, extensions: { operationId: `op${operation}` } }),
      );
      expect(posted.status).toBe(202);
    }
    await until(() => subgraph.server.openSubscriptions === 5);
    const droppedBefore = metricValue(await metrics(), 'geopf_subscriptions_dropped_total{reason="slow_reader"}');
    // 6,000 events kept 603 MB for such operations; each may hold 100 at most, then it is dropped.
    for (let index = 0; index < 600; index += 1) source.record(editionAdded('D029'));
    await until(() => subgraph.server.openSubscriptions === 0);
    expect(metricValue(await metrics(), 'geopf_subscriptions_dropped_total{reason="slow_reader"}') - droppedBefore).toBe(5);
  });

  it('drops subscribers that never read instead of buffering their events: the heap stays flat', async () => {
    const flood = await floodStalledSubscribers(
      subgraph,
      source,
      () => stalledSubscriber(subgraph.server.port, WIDE_SUBSCRIPTION),
      (socket) => socket.destroy(),
    );
    process.stdout.write(`5 stalled SSE subscribers, 5,000 events of 3 kB: the heap grew ${(flood.heapGrownBytes / 1048576).toFixed(1)} MB
`);
    expect(flood.heapGrownBytes).toBeLessThan(12 * 1024 * 1024);
    expect(flood.dropped).toBe(5);
  }, 60_000);
});

describe('graphql-sse reservations expire', () => {
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({ changes: { source: new MemoryChangeSource() }, subscriptions: { reservationTtlMs: 300 } });
  });
  afterAll(() => subgraph.stop());

  it('lets go of reservations whose stream is never opened (10,000 of them kept 103 MB for good), and says so to a late client', async () => {
    const put = () => rawRequest({ port: subgraph.server.port, method: 'PUT', path: '/graphql', timeoutMs: 5000 });
    const tokens = (await Promise.all(Array.from({ length: 50 }, put))).map((answer) => answer.text);
    expect(new Set(tokens).size).toBe(50);
    await until(async () => metricValue(await readMetrics(subgraph.server.port), 'geopf_subscriptions_dropped_total{reason="reservation_expired"}') === 50);
    expect(metricValue(await readMetrics(subgraph.server.port), 'geopf_sse_reservations')).toBe(0);
    const late = await rawRequest({
      port: subgraph.server.port,
      method: 'GET',
      path: '/graphql',
      headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': tokens[0] as string },
      timeoutMs: 5000,
    });
    expect(late.status).toBe(404);
    expect(JSON.parse(late.text).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', parameter: 'x-graphql-event-stream-token' });
  });
});
