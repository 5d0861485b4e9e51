import { listingPath } from '../../upstream/format/listingPath';
import type { Check } from '../Check';
import { outcome } from '../outcome';
import { BEFORE_ANY_EDITION, ORDER_TARGETS } from '../targets';

/** An empty listing says `pagecount` 0 or 1: the walks read `max(1, pagecount)` pages, so either works. */
export const emptyListingPageCountCheck: Check = {
  id: 'empty-listing-pagecount',
  assumption: 'A listing with totalentries 0 has pagecount 0 or 1.',
  grade: 'U',
  sends: `GET resource/ADMIN-EXPRESS-COG?editionDateTo=${BEFORE_ANY_EDITION}&limit=50&page=1 (1 listing)`,
  async run(context) {
    const resource = ORDER_TARGETS[0]?.resource ?? 'ADMIN-EXPRESS-COG';
    const empty = await context.session.listing('resource', listingPath(['resource', resource], { editionDateTo: BEFORE_ANY_EDITION }, 1));
    if (!empty.feed) return outcome('could-not-tell', `the listing filtered to no edition is unreadable (${empty.parseError})`, [empty]);
    if (empty.feed.totalEntries !== 0)
      return outcome('could-not-tell', `editionDateTo=${BEFORE_ANY_EDITION} still lists ${empty.feed.totalEntries} entries`, [empty]);
    const saw = `totalentries 0, pagecount ${empty.feed.pageCount}, pagesize ${empty.feed.pageSize}`;
    return outcome(empty.feed.pageCount === 0 || empty.feed.pageCount === 1 ? 'pass' : 'deviates', saw, [empty]);
  },
};
