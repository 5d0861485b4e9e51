import { listingPath, UPSTREAM_PAGE_SIZE } from '../../upstream/format/listingPath';
import type { Check } from '../Check';
import { outcome } from '../outcome';

/**
 * A page past the last is answered 200 with no entries (and the listing's totals). The subgraph copes with a 404
 * or a 400 too (a look-up starting past the end scans from page 1), but an empty page is what it expects.
 */
export const pagePastEndCheck: Check = {
  id: 'page-past-end',
  assumption: 'A page past the last is answered 200 with no entries.',
  grade: 'C',
  sends: 'GET the first filtered product listing (edition-order) at page pagecount + 1 (1 listing)',
  async run(context) {
    const sample = (await context.orderSamples()).find((candidate) => candidate.filtered?.feed);
    const feed = sample?.filtered?.feed;
    if (!sample?.filter || !feed) return outcome('could-not-tell', 'no readable filtered product listing to page past', []);
    const page = Math.max(feed.pageCount, Math.ceil(feed.totalEntries / UPSTREAM_PAGE_SIZE), 1) + 1;
    const past = await context.session.listing('resource', listingPath(['resource', sample.target.resource], sample.filter, page));
    const where = `page ${page} of a listing of ${feed.totalEntries} entries (pagecount ${feed.pageCount})`;
    if (past.exchange.status !== 200) return outcome('deviates', `${where} answered HTTP ${past.exchange.status}`, [past]);
    if (!past.feed) return outcome('deviates', `${where} answered 200 with a body that is not a feed (${past.parseError})`, [past]);
    if (past.feed.entries.length > 0) return outcome('deviates', `${where} answered 200 with ${past.feed.entries.length} entries`, [past]);
    return outcome('pass', `${where} answered 200 with no entries, totalentries ${past.feed.totalEntries}`, [past]);
  },
};
