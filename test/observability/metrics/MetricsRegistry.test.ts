import { Counter, CounterFunc, Gauge, Histogram, MetricsRegistry } from '../../../src/observability/metrics/Metrics';

describe('MetricsRegistry', () => {
  it('exposes counters, histograms and read-when-scraped values in the Prometheus text format', async () => {
    const registry = new MetricsRegistry();
    const requests = registry.register(new Counter('t_requests_total', 'Requests.', ['call', 'status']));
    const latency = registry.register(new Histogram('t_latency_seconds', 'Latency.', [0.1, 1], ['call']));
    let hits = 3;
    registry.register(new CounterFunc('t_hits_total', 'Hits.', () => hits));
    registry.register(new Gauge('t_queue_length', 'Queue.', () => hits * 2));
    requests.inc({ call: 'capabilities', status: '200' });
    requests.inc({ call: 'capabilities', status: '200' }, 2);
    latency.observe(0.5, { call: 'resource' });
    hits = 5;

    const text = await registry.expose();
    expect(registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toMatch(/^# TYPE t_requests_total counter$/m);
    expect(text).toMatch(/^t_requests_total\{call="capabilities",status="200"\} 3$/m);
    expect(text).toMatch(/^t_latency_seconds_bucket\{le="0\.1",call="resource"\} 0$/m);
    expect(text).toMatch(/^t_latency_seconds_bucket\{le="1",call="resource"\} 1$/m);
    expect(text).toMatch(/^t_latency_seconds_count\{call="resource"\} 1$/m);
    expect(text).toMatch(/^# TYPE t_hits_total counter$/m);
    expect(text).toMatch(/^t_hits_total 5$/m);
    expect(text).toMatch(/^t_queue_length 10$/m);
  });

  it('takes label names from the first observation when none were declared', async () => {
    const registry = new MetricsRegistry();
    const counter = registry.register(new Counter('t_inferred_total', 'Inferred.'));
    counter.inc({ outcome: 'ok' });
    expect(await registry.expose()).toMatch(/^t_inferred_total\{outcome="ok"\} 1$/m);
    expect(() => counter.inc({ other: 'x' })).toThrow(/not included in initial labelset/);
  });

  it("adds the library's process and Node.js runtime metrics: event-loop lag, GC, heap", async () => {
    const text = await new MetricsRegistry().expose();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_gc_duration_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
  });

  it('keeps each registry apart, so two servers in one process do not clash', async () => {
    const a = new MetricsRegistry();
    const b = new MetricsRegistry();
    a.register(new Counter('t_same_total', 'Same.', [])).inc();
    b.register(new Counter('t_same_total', 'Same.', []));
    expect(await a.expose()).toMatch(/^t_same_total 1$/m);
    expect(await b.expose()).toMatch(/^t_same_total 0$/m);
  });
});
