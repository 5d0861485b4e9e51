import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MemoryChangeSource } from '../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from '../catalogue/changes/sampleEvents';
import { metricValue, readMetrics } from './metricValue';
import type { SubgraphUnderTest } from './startSubgraph';
import { until } from './until';

/** Every field under ten aliases: about 3 kB an event, so that a few thousand fill a socket's buffers. */
export const WIDE_SUBSCRIPTION = `subscription { catalogueChanged { ${Array.from({ length: 10 }, (_, index) => `a${index}: atomUrl b${index}: editionName`).join(' ')} id } }`;

/** The heap in use after a full collection (`gc` made callable for this measure). */
export function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** What a flood of events does to subscribers that never read: the heap grown meanwhile, and how many were dropped. */
export interface StalledFloodOutcome {
  heapGrownBytes: number;
  dropped: number;
}

/**
 * Opens five subscribers of `WIDE_SUBSCRIPTION` that never read (`openStalled` subscribes, then stops reading),
 * records 5,000 events of 3 kB in `source` (15 MB for each subscriber, were they buffered), and measures the heap
 * before waiting for the drops, then waits until none is open; closes them with `close`.
 */
export async function floodStalledSubscribers<T>(
  subgraph: SubgraphUnderTest,
  source: MemoryChangeSource,
  openStalled: () => Promise<T>,
  close: (subscriber: T) => void,
): Promise<StalledFloodOutcome> {
  const metrics = () => readMetrics(subgraph.server.port);
  const droppedTotal = async () => metricValue(await metrics(), 'geopf_subscriptions_dropped_total{reason="slow_reader"}');
  const heapBefore = heapAfterGc();
  const stalled = await Promise.all(Array.from({ length: 5 }, openStalled));
  await until(() => subgraph.server.openSubscriptions === 5);
  const droppedBefore = await droppedTotal();
  for (let batch = 0; batch < 10 && subgraph.server.openSubscriptions > 0; batch += 1) {
    for (let index = 0; index < 500; index += 1) source.record(editionAdded('D029'));
    await until(async () => metricValue(await metrics(), 'geopf_change_fanout_backlog') === 0);
  }
  // Measured before waiting for the drops: buffered events would show here, whatever happens next.
  const heapGrownBytes = heapAfterGc() - heapBefore;
  await until(() => subgraph.server.openSubscriptions === 0);
  const dropped = (await droppedTotal()) - droppedBefore;
  for (const subscriber of stalled) close(subscriber);
  return { heapGrownBytes, dropped };
}
