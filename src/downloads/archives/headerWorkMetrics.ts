import { CounterFunc, Gauge, type MetricsRegistry } from '../../observability/metrics/Metrics';
import type { HeaderWorkStats } from './HeaderWorkers';

/** The archive header threads at `/metrics`: threads, tasks running and waiting, bytes held, tasks done. */
export function registerHeaderWorkMetrics(registry: MetricsRegistry, stats: () => HeaderWorkStats): void {
  registry.register(new Gauge('geopf_archive_header_threads', 'Threads parsing and decoding archive headers.', () => stats().threads));
  registry.register(new Gauge('geopf_archive_header_tasks_running', 'Archive header tasks running on those threads.', () => stats().running));
  registry.register(new Gauge('geopf_archive_header_tasks_waiting', 'Archive header tasks waiting for a thread or for bytes.', () => stats().queued));
  registry.register(new Gauge('geopf_archive_header_bytes', 'Header bytes the running tasks hold (inputs and decoded outputs).', () => stats().bytesInUse));
  registry.register(new Gauge('geopf_archive_header_threads_peak', 'Most header threads alive at once since start.', () => stats().peakThreads));
  registry.register(new Gauge('geopf_archive_header_bytes_peak', 'Most header bytes held at once since start.', () => stats().peakBytes));
  registry.register(new CounterFunc('geopf_archive_header_tasks_total', 'Archive header tasks run to their end.', () => stats().tasks));
}
