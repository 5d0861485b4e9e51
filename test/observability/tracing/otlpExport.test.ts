import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing } from '../../../src/observability/tracing/startTracing';
import { FakeGeopfServer } from '../../fakeUpstream/FakeGeopfServer';
import { startReplica } from '../../upstream/scaleout/processes';

/** An OTLP/HTTP receiver on 127.0.0.1 recording every export it gets. */
async function startCollector() {
  const received: Array<{ url: string; contentType: string; body: Buffer }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('startTracing()', () => {
  it('does nothing when tracing is off', () => {
    expect(startTracing({ tracing: false })).toBeNull();
  });

  it('sends the spans of src/main.ts to the collector of OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP protobuf), flushed at SIGTERM', async () => {
    const collector = await startCollector();
    const fake = new FakeGeopfServer({ ratePerSecond: 10 });
    const baseUrl = await fake.start();
    try {
      const replica = await startReplica({ GEOPF_BASE_URL: baseUrl, OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_SERVICE_NAME: 'geopf-under-test' });
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const response = await fetch(replica.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-b7ad6b7169203331-01` },
        body: JSON.stringify({ query: 'query Exported { resources(first: 1) { totalCount } }' }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      expect(await replica.stop()).toBe(0);

      expect(collector.received.length).toBeGreaterThan(0);
      expect(collector.received[0]).toMatchObject({ url: '/v1/traces', contentType: 'application/x-protobuf' });
      const body = Buffer.concat(collector.received.map((request) => request.body));
      for (const text of ['geopf-under-test', 'query Exported', 'GET capabilities', 'geopf.gate.wait_ms']) expect(body.includes(text)).toBe(true);
      expect(body.includes(Buffer.from(traceId, 'hex'))).toBe(true);
      expect(fake.requests.map((request) => request.headers['traceparent'])).toEqual([undefined]);
    } finally {
      await fake.stop();
      await collector.stop();
    }
  }, 60_000);
});
