import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { startSubgraph, subgraphForSuite } from '../../helpers/startSubgraph';

// The process-wide provider, as `startTracing` registers it, but exporting into memory (this file's globals only).
const exporter = new InMemorySpanExporter();
/** Told of every span that ends, so tests wait for a span rather than for some time. */
const ended = new Set<() => void>();
const notifier: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => ended.forEach((wake) => wake()),
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), notifier] });
provider.register();
afterAll(() => provider.shutdown());

const ROUTER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROUTER_SPAN_ID = '00f067aa0ba902b7';

/** The operation span of `requestId` once it has ended (it ends just after the answer is written). */
function operationSpan(requestId: string): Promise<ReadableSpan> {
  const find = () => exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER && span.attributes['geopf.request_id'] === requestId);
  return new Promise((resolve) => {
    const check = () => {
      const span = find();
      if (!span) return;
      ended.delete(check);
      resolve(span);
    };
    ended.add(check);
    check();
  });
}

const childrenOf = (parent: ReadableSpan) => exporter.getFinishedSpans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

describe('traces', () => {
  const post = (query: string, headers: Record<string, string>) =>
    fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }).then(
      (response) => response.json(),
    );
  const subgraph = subgraphForSuite({ upstreamRate: 50, maxAttempts: 2 });
  beforeEach(() => {
    exporter.reset();
    subgraph.clearUpstream();
  });

  it("joins the router's trace: the operation span is the child of the incoming traceparent, each upstream request a child of it", async () => {
    const answer = await post('query Nested { resources(first: 2) { nodes { name subResources(first: 1) { nodes { files(first: 2) { totalCount } } } } } }', {
      traceparent: `00-${ROUTER_TRACE_ID}-${ROUTER_SPAN_ID}-01`,
      'x-request-id': 'nested-1',
    });
    expect(answer).not.toHaveProperty('errors');
    const operation = await operationSpan('nested-1');
    expect(operation.name).toBe('query Nested');
    expect(operation.spanContext().traceId).toBe(ROUTER_TRACE_ID);
    expect(operation.parentSpanContext).toMatchObject({ traceId: ROUTER_TRACE_ID, spanId: ROUTER_SPAN_ID, isRemote: true });
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'Nested',
      'graphql.operation.type': 'query',
      'geopf.outcome': 'ok',
      'geopf.upstream_requests': 5,
      'geopf.cost.estimated_upstream_requests': expect.any(Number),
    });

    // 1 capabilities page, 1 page of editions per product, 1 page of files per edition: each one span under the operation.
    const upstream = childrenOf(operation);
    expect(upstream).toHaveLength(subgraph.upstreamLog().length);
    expect(upstream.map((span) => span.name).sort()).toEqual(['GET capabilities', 'GET resource', 'GET resource', 'GET subResource', 'GET subResource']);
    for (const span of upstream) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.spanContext().traceId).toBe(ROUTER_TRACE_ID);
      expect(span.attributes).toMatchObject({
        'http.response.status_code': 200,
        'geopf.upstream.attempt': 1,
        'geopf.cache': 'miss',
        'geopf.gate.wait_ms': expect.any(Number),
        'http.response.body.size': expect.any(Number),
      });
      expect(span.attributes['http.response.body.size']).toBeGreaterThan(0);
      expect(span.events.map((event) => event.name)).toEqual(['sent']);
    }
    expect(upstream.find((span) => span.name === 'GET capabilities')?.attributes).toMatchObject({ 'url.path': 'capabilities', 'url.query': 'limit=50&page=1' });
  });

  it('sends no trace header upstream (the upstream is not ours)', async () => {
    await post('{ resources(first: 1) { totalCount } }', {
      traceparent: `00-${ROUTER_TRACE_ID}-${ROUTER_SPAN_ID}-01`,
      tracestate: 'router=1',
      baggage: 'user=1',
    });
    expect(subgraph.fake.requests.length).toBeGreaterThan(0);
    for (const request of subgraph.fake.requests) {
      expect(Object.keys(request.headers).filter((name) => /^(traceparent|tracestate|baggage|b3|x-b3-.*|uber-trace-id)$/.test(name))).toEqual([]);
    }
  });

  it('starts a new trace when none comes in, and records a retried request attempt by attempt', async () => {
    let failures = 0;
    subgraph.fake.setFault(() => (failures++ === 0 ? { status: 503 } : undefined));
    try {
      await post('{ resources(first: 1, filter: { zone: "D093" }) { totalCount } }', { 'x-request-id': 'retried-1' });
    } finally {
      subgraph.fake.setFault(undefined);
    }
    const operation = await operationSpan('retried-1');
    expect(operation.parentSpanContext).toBeUndefined();
    const attempts = childrenOf(operation).map((span) => [
      span.attributes['geopf.upstream.attempt'],
      span.attributes['http.response.status_code'],
      span.status.code,
    ]);
    expect(attempts).toEqual([
      [1, 503, 2],
      [2, 200, 0],
    ]);
  });

  it('marks the operation span with its error codes when fields fail', async () => {
    subgraph.fake.setFault(() => ({ status: 502 }));
    try {
      await post('query Failing { resources(first: 1, filter: { zone: "D092" }) { totalCount } }', { 'x-request-id': 'failed-1' });
    } finally {
      subgraph.fake.setFault(undefined);
    }
    const operation = await operationSpan('failed-1');
    expect(operation.attributes['geopf.outcome']).toBe('errors');
    expect(operation.status.code).toBe(2);
    expect(operation.attributes['geopf.error_codes']).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(childrenOf(operation).map((span) => span.attributes['http.response.status_code'])).toEqual([502, 502]);
  });
});

describe('traces with the shared cache', () => {
  it('records a page served from the cache as a hit, with no request', async () => {
    const subgraph = await startSubgraph({ upstreamRate: 50, cacheTtlSeconds: 300 });
    try {
      const query = JSON.stringify({ query: '{ resources(first: 1) { totalCount } }' });
      const send = (requestId: string) =>
        fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: query }).then(
          (response) => response.json(),
        );
      await send('cold');
      await send('warm');
      const [cold, warm] = [childrenOf(await operationSpan('cold')), childrenOf(await operationSpan('warm'))];
      expect(cold.map((span) => span.attributes['geopf.cache'])).toEqual(['miss']);
      expect(warm.map((span) => [span.name, span.attributes['geopf.cache'], span.attributes['geopf.cache.source']])).toEqual([
        ['GET capabilities', 'hit', 'local'],
      ]);
      expect(subgraph.upstreamLog()).toHaveLength(1);
    } finally {
      await subgraph.stop();
    }
  });
});
