import type { Logger } from '../../src/core/logger';
import { startSubgraph, subgraphForSuite } from '../helpers/startSubgraph';

function recordingLogger() {
  const lines: Array<{ level: string; message: string } & Record<string, unknown>> = [];
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, message, ...fields });
  const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

describe('operations: shared cache, cache hints, logs, metrics, health', () => {
  const { logger, lines } = recordingLogger();
  const origin = () => subgraph.server.url.replace(/\/graphql$/, '');
  const subgraph = subgraphForSuite({ upstreamRate: 50, cacheTtlSeconds: 300, logger });
  beforeEach(() => {
    subgraph.clearUpstream();
    lines.length = 0;
  });

  it('answers a repeated operation from the shared cache, with no upstream request', async () => {
    const query = '{ resources(first: 3) { nodes { name subResources(first: 2) { totalCount } } } }';
    const first = await subgraph.query(query);
    const costed = subgraph.upstreamLog().length;
    expect(costed).toBe(4);
    const second = await subgraph.query(query);
    expect(second.data).toEqual(first.data);
    expect(subgraph.upstreamLog()).toHaveLength(costed);
    // What each cost, as its answer says: the repeat's four page loads were cache hits.
    expect([first.extensions?.['upstream'], second.extensions?.['upstream']]).toEqual([
      { estimated: 4, reserved: 0, sent: 4, cacheHits: 0, budget: 300 },
      { estimated: 4, reserved: 0, sent: 0, cacheHits: 4, budget: 300 },
    ]);
  });

  it('makes one upstream request for a page two operations ask at the same time', async () => {
    const query = '{ resource(name: "RGEALTI") { subResources(first: 5) { totalCount } } }';
    const [a, b] = await Promise.all([subgraph.query(query), subgraph.query(query)]);
    expect(a.data).toEqual(b.data);
    // One of them sent the request; the other joined it.
    expect([a, b].map((answer) => [answer.extensions?.['upstream'].sent, answer.extensions?.['upstream'].cacheHits]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(subgraph.upstreamLog()).toEqual(['resource/RGEALTI?limit=50&page=1']);
  });

  it('tells a router or CDN how long the answer stays fresh', async () => {
    const response = await fetch(subgraph.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ resources(first: 1) { totalCount pageInfo { hasNextPage } nodes { name formats { code } } } }' }),
    });
    expect(response.headers.get('cache-control')).toBe('max-age=300, public');
  });

  it('logs one line per operation with its upstream request count and duration', async () => {
    await subgraph.query('query Probe { resources(first: 2, filter: { zone: "D092" }) { totalCount } }');
    const operation = lines.filter((line) => line.message === 'operation');
    expect(operation).toEqual([expect.objectContaining({ level: 'info', operationName: 'Probe', upstreamRequests: 1, durationMs: expect.any(Number) })]);
  });

  it('logs one line per upstream failure', async () => {
    subgraph.fake.setFault(() => ({ status: 500 }));
    try {
      await subgraph.query('{ resources(first: 2, filter: { zone: "D093" }) { totalCount } }');
    } finally {
      subgraph.fake.setFault(undefined);
    }
    expect(lines.filter((line) => line.message === 'upstream request failed')).toEqual([
      expect.objectContaining({ level: 'warn', call: 'capabilities', status: 500, code: 'UPSTREAM_UNAVAILABLE', attempt: 1, willRetry: false }),
    ]);
    expect(lines.find((line) => line.message === 'operation')).toMatchObject({ errorCodes: ['UPSTREAM_UNAVAILABLE'] });
  });

  it('exposes Prometheus metrics: upstream requests by call and status, cache, gate, operations', async () => {
    await subgraph.query('{ resources(first: 2, filter: { zone: "D094" }) { totalCount } }');
    const response = await fetch(`${origin()}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^geopf_upstream_requests_total\{call="capabilities",status="200"\} \d+$/m);
    expect(text).toMatch(/^geopf_upstream_requests_total\{call="capabilities",status="500"\} 1$/m);
    expect(text).toMatch(/^geopf_cache_hits_total [1-9]\d*$/m);
    expect(text).toMatch(/^geopf_gate_wait_seconds_count \d+$/m);
    expect(text).toMatch(/^geopf_graphql_operations_total\{outcome="ok"\} [1-9]\d*$/m);
    expect(text).toMatch(/^geopf_graphql_operation_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
    expect(text).toMatch(/^geopf_upstream_request_duration_seconds_count\{call="capabilities"\} [1-9]\d*$/m);
    expect(text).toMatch(/^geopf_gate_wait_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    expect(text).toMatch(/^geopf_gate_queue_length 0$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
  });

  it('answers /health and /ready', async () => {
    expect(await (await fetch(`${origin()}/health`)).json()).toEqual({ status: 'live' });
    const ready = await fetch(`${origin()}/ready`);
    expect(ready.status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('finishes the operation in flight, then refuses new connections', async () => {
    const subgraph = await startSubgraph({ upstreamRate: 50 });
    const origin = subgraph.server.url.replace(/\/graphql$/, '');
    subgraph.fake.setFault(() => ({ delayMs: 400 }));
    const inFlight = subgraph.query('{ resources(first: 1) { totalCount } }');
    // Stop only once the operation is in flight: its upstream request has reached the (slow) upstream.
    while (subgraph.fake.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const stopping = subgraph.server.stop();
    const answer = await inFlight;
    expect(answer.data?.resources.totalCount).toBeGreaterThan(0);
    await stopping;
    await expect(fetch(`${origin}/health`)).rejects.toThrow();
    await subgraph.fake.stop();
  });

  it('answers every one of 60 operations in flight within the grace, cut ones with UPSTREAM_TIMEOUT, and refuses new ones', async () => {
    const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const record = (message: string, fields?: Record<string, unknown>) => logged.push({ message, ...(fields ? { fields } : {}) });
    // The deadline (30 s) is far beyond the grace (1.5 s): without the cut, the drain would close the sockets.
    const subgraph = await startSubgraph({
      upstreamRate: 50,
      timeoutMs: 30_000,
      deadlineMs: 30_000,
      shutdownGraceMs: 1500,
      logger: { info: record, warn: record, error: record },
    });
    subgraph.fake.setFault(() => ({ delayMs: 60_000 }));
    const queries = Array.from({ length: 60 }, (_, index) => `{ resource(name: "BDORTHO") { subResources(first: ${1 + (index % 50)}) { totalCount } } }`);
    const answers = queries.map((query) => subgraph.query(query).catch((error: unknown) => ({ status: 0, failed: String(error) })));
    // Stop once every operation is in flight and the upstream has its (stalled) requests.
    while (subgraph.server.operationsInFlight < 60 || subgraph.fake.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const stopping = subgraph.server.stop();
    const late = await subgraph.query('{ __typename }').catch((error: unknown) => ({ status: 0, failed: String(error) }));
    const settled = await Promise.all(answers);
    await stopping;
    await subgraph.fake.stop();
    expect(settled.filter((answer) => answer.status === 0)).toEqual([]);
    for (const answer of settled as Array<{ status: number; errors?: Array<{ extensions?: Record<string, unknown> }> }>) {
      expect(answer.status).toBe(200);
      expect(answer.errors?.map((error) => error.extensions?.['code'])).toEqual(['UPSTREAM_TIMEOUT']);
    }
    // A new operation after the stop began is refused with a coded 503 (or its connection is refused).
    expect([0, 503]).toContain(late.status);
    expect(logged.map((line) => line.message)).toEqual(
      expect.arrayContaining(['draining', 'shutdown grace nearly over: cutting the operations still running']),
    );
  }, 30_000);
});
