import { Counter, CounterFunc, Gauge, Histogram, MetricsRegistry } from './Metrics';

/** What the gauges read of the rate gate when scraped. */
export interface GateReadings {
  /** Callers queued. */
  readonly queueLength: number;
  /** Milliseconds left in a pause after a 429. */
  readonly pausedFor: number;
}

/** What the gauges read of the page cache when scraped: its counters since start and what it holds. */
export interface CacheReadings {
  snapshot(): { hits: number; misses: number; stale: number; evictions: number; bytes: number; entries: number };
}

/** Every metric the subgraph exposes at `/metrics` (besides the process and runtime metrics of `MetricsRegistry`). */
export interface SubgraphMetrics {
  registry: MetricsRegistry;
  /** Upstream requests sent, by call and HTTP status (`error` when no answer came). */
  upstreamRequests: Counter;
  /** Upstream request durations, by call. */
  upstreamDuration: Histogram;
  /** Time spent waiting at the rate gate before sending. */
  gateWait: Histogram;
  /** GraphQL operations, by outcome (`ok`, `errors`). */
  operations: Counter;
  /** GraphQL operation durations. */
  operationDuration: Histogram;
}

/** The subgraph's metrics; gauges read the cache and the gate when scraped. */
export function createSubgraphMetrics(cache: CacheReadings | null, gate: GateReadings): SubgraphMetrics {
  const registry = new MetricsRegistry();
  const metrics: SubgraphMetrics = {
    registry,
    upstreamRequests: registry.register(new Counter('geopf_upstream_requests_total', 'Upstream requests sent, by call and HTTP status.', ['call', 'status'])),
    upstreamDuration: registry.register(new Histogram('geopf_upstream_request_duration_seconds', 'Upstream request durations, by call.', undefined, ['call'])),
    gateWait: registry.register(new Histogram('geopf_gate_wait_seconds', 'Time upstream requests waited at the rate gate.', undefined, [])),
    operations: registry.register(new Counter('geopf_graphql_operations_total', 'GraphQL operations, by outcome.', ['outcome'])),
    operationDuration: registry.register(new Histogram('geopf_graphql_operation_duration_seconds', 'GraphQL operation durations.', undefined, [])),
  };
  registry.register(new Gauge('geopf_gate_queue_length', 'Upstream requests waiting at the rate gate.', () => gate.queueLength));
  registry.register(new Gauge('geopf_gate_paused_seconds', 'Seconds left in a pause after a 429.', () => gate.pausedFor / 1000));
  const cacheStat = (read: (stats: ReturnType<CacheReadings['snapshot']>) => number) => () => (cache ? read(cache.snapshot()) : 0);
  registry.register(
    new CounterFunc(
      'geopf_cache_hits_total',
      'Pages served fresh from the page cache.',
      cacheStat((stats) => stats.hits),
    ),
  );
  registry.register(
    new CounterFunc(
      'geopf_cache_misses_total',
      'Pages not in the page cache.',
      cacheStat((stats) => stats.misses),
    ),
  );
  registry.register(
    new CounterFunc(
      'geopf_cache_stale_total',
      'Pages found stale in the page cache (revalidated or refetched).',
      cacheStat((stats) => stats.stale),
    ),
  );
  registry.register(
    new CounterFunc(
      'geopf_cache_evictions_total',
      'Pages evicted from the page cache to stay within its bound.',
      cacheStat((stats) => stats.evictions),
    ),
  );
  registry.register(
    new Gauge(
      'geopf_cache_bytes',
      'Bytes held by the page cache.',
      cacheStat((stats) => stats.bytes),
    ),
  );
  registry.register(
    new Gauge(
      'geopf_cache_entries',
      'Pages held by the page cache.',
      cacheStat((stats) => stats.entries),
    ),
  );
  return metrics;
}
