import { listingPath } from '../../upstream/format/listingPath';
import type { Check } from '../Check';
import { entryName } from '../entryName';
import { outcome } from '../outcome';

/**
 * `updatedFrom=D` on capabilities keeps exactly the products whose `<updated>` falls on day D or later: the
 * catalogue's incremental sync asks for the products updated since its last pass on that reading.
 */
export const updatedFromCheck: Check = {
  id: 'updated-from',
  assumption: 'capabilities?updatedFrom=D lists the products whose <updated> is on day D or later, D included, and no other.',
  grade: 'U',
  sends: 'GET capabilities?limit=50&page=1 (shared), then capabilities?limit=50&page=1&updatedFrom=D with D the latest <updated> day on it (1 listing)',
  async run(context) {
    const base = await context.capabilities();
    if (!base.feed) return outcome('could-not-tell', `capabilities page 1 is unreadable (${base.parseError})`, [base]);
    const products = base.feed.entries.flatMap((entry) => {
      const day = /^\d{4}-\d{2}-\d{2}/.exec(entry.updated ?? '')?.[0];
      return day ? [{ name: entryName(entry, 'capabilities'), day }] : [];
    });
    const days = [...new Set(products.map((product) => product.day))].sort();
    const day = days[days.length - 1];
    if (!day || days.length < 2)
      return outcome('could-not-tell', `capabilities page 1 gives ${days.length} distinct <updated> day(s): nothing to filter between`, [base]);
    const filtered = await context.session.listing('capabilities', listingPath(['capabilities'], { updatedFrom: day }, 1));
    if (filtered.exchange.status !== 200) return outcome('deviates', `updatedFrom=${day} answered HTTP ${filtered.exchange.status}`, [base, filtered]);
    if (!filtered.feed) return outcome('could-not-tell', `updatedFrom=${day} answered a body that is not a feed (${filtered.parseError})`, [base, filtered]);
    const listed = filtered.feed.entries.map((entry) => ({ name: entryName(entry, 'capabilities'), day: entry.updated?.slice(0, 10) ?? '(none)' }));
    const older = listed.filter((product) => !(product.day >= day));
    const expected = products.filter((product) => product.day >= day);
    const missing = expected.filter((product) => !listed.some((found) => found.name === product.name));
    const onDay = expected.filter((product) => product.day === day).length;
    const complete = filtered.feed.entries.length >= filtered.feed.totalEntries;
    const evidence = [base, filtered];
    if (older.length > 0) {
      return outcome(
        'deviates',
        `updatedFrom=${day} lists ${older.length} product(s) updated earlier, e.g. ${older[0]?.name} (${older[0]?.day}): the filter is ignored or not by day`,
        evidence,
      );
    }
    if (missing.length > 0 && complete) {
      const exclusive = missing.every((product) => product.day === day);
      return outcome(
        'deviates',
        `updatedFrom=${day} leaves out ${missing
          .map((product) => `${product.name} (${product.day})`)
          .slice(0, 3)
          .join(', ')}${exclusive ? `: day ${day} itself is excluded` : ''}`,
        evidence,
      );
    }
    if (missing.length > 0)
      return outcome(
        'could-not-tell',
        `updatedFrom=${day} lists ${filtered.feed.totalEntries} products, more than one page: ${missing.length} expected one(s) not on page 1`,
        evidence,
      );
    return outcome(
      'pass',
      `updatedFrom=${day}: ${filtered.feed.totalEntries} product(s), all updated on or after ${day}, the ${onDay} updated on ${day} included`,
      evidence,
    );
  },
};
