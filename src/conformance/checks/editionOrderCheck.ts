import type { Check } from '../Check';
import { outcome } from '../outcome';
import type { OrderSample } from '../ProbeContext';

/** How the edition dates of one filtered listing run. */
type Order = 'oldest first' | 'newest first' | 'mixed' | 'cannot tell';

/**
 * A product listing filtered by zone and format lists the oldest edition first, so the newest is on the last page:
 * newest-edition look-ups read the last page first on that assumption (and the whole listing where it fails).
 */
export const editionOrderCheck: Check = {
  id: 'edition-order',
  assumption: 'A product listing filtered by zone and format lists the oldest edition first.',
  grade: 'C',
  sends:
    'GET resource/ADMIN-EXPRESS-COG?limit=50&page=1 and resource/BDTOPO?limit=50&page=1&zone=D075, then each filtered by the zone and format with the most edition dates (4 listings)',
  async run(context) {
    const samples = await context.orderSamples();
    const orders = samples.map((sample) => ({ sample, order: orderOf(sample) }));
    const saw = orders.map(({ sample, order }) => describeSample(sample, order)).join('; ');
    const evidence = samples.flatMap((sample) => [sample.filtered ?? sample.discovery]);
    if (orders.some(({ order }) => order === 'newest first' || order === 'mixed')) return outcome('deviates', saw, evidence);
    if (orders.some(({ order }) => order === 'oldest first')) return outcome('pass', saw, evidence);
    return outcome('could-not-tell', saw, evidence);
  },
};

// Private: the order of the edition dates on the filtered page; two distinct dates at least to tell.
function orderOf(sample: OrderSample): Order {
  const dates = (sample.filtered?.feed?.entries ?? []).flatMap((entry) => (entry.editionDate ? [entry.editionDate] : []));
  if (new Set(dates).size < 2) return 'cannot tell';
  const pairs = dates.slice(1).map((date, index) => [dates[index] as string, date] as const);
  if (pairs.every(([before, after]) => before <= after)) return 'oldest first';
  if (pairs.every(([before, after]) => before >= after)) return 'newest first';
  return 'mixed';
}

// Private: `BDTOPO zone=D075 format=GPKG: 2025-03-15 … 2026-06-15 (4 editions), oldest first`.
function describeSample(sample: OrderSample, order: Order): string {
  const product = `${sample.target.resource}${sample.target.zone ? ` zone=${sample.target.zone}` : ''}`;
  if (!sample.discovery.feed) return `${product}: listing unreadable (${sample.discovery.parseError})`;
  if (!sample.filter || !sample.filtered) return `${product}: no edition with a zone and a format to filter by`;
  const name = `${sample.target.resource} zone=${sample.filter.zone} format=${sample.filter.format}`;
  if (!sample.filtered.feed) return `${name}: listing unreadable (${sample.filtered.parseError})`;
  const dates = sample.filtered.feed.entries.map((entry) => entry.editionDate ?? '(undated)');
  const shown = dates.length > 4 ? `${dates.slice(0, 2).join(', ')} … ${dates.slice(-2).join(', ')}` : dates.join(', ');
  return `${name}: ${shown} (${dates.length} edition${dates.length === 1 ? '' : 's'} on page 1), ${order === 'cannot tell' ? 'fewer than 2 dates, cannot tell' : order}`;
}
