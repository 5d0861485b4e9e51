import { CounterFunc, Gauge, type MetricsRegistry } from '../../observability/metrics/Metrics';
import type { Syncer } from './Syncer';
import type { SyncThrottle } from './SyncThrottle';

/** The syncer's progress at `/metrics`: pages read, running, last success and lag (this replica's view). */
export function registerSyncMetrics(registry: MetricsRegistry, syncer: Syncer, throttle: SyncThrottle, now: () => number = Date.now): void {
  registry.register(new CounterFunc('geopf_sync_pages_read_total', 'Upstream pages read by the catalogue syncer.', () => syncer.pagesRead));
  registry.register(new CounterFunc('geopf_sync_yields_total', 'Times the syncer held back to leave the rate to waiting operations.', () => throttle.yielded));
  registry.register(new Gauge('geopf_sync_running', '1 while this replica runs a catalogue sync.', () => (syncer.progress ? 1 : 0)));
  registry.register(
    new Gauge(
      'geopf_sync_last_success_timestamp_seconds',
      'When this replica last finished a catalogue sync (0: never).',
      () => (syncer.lastSuccessAt ?? 0) / 1000,
    ),
  );
  registry.register(
    new Gauge('geopf_sync_lag_seconds', 'Seconds since this replica last finished a catalogue sync (-1: never).', () =>
      syncer.lastSuccessAt === null ? -1 : (now() - syncer.lastSuccessAt) / 1000,
    ),
  );
}
