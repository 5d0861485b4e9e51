import { UpstreamError } from '../../core/errors';
import { checkEntryName } from '../../upstream/format/checkEntryName';
import type { Check } from '../Check';
import { entryName } from '../entryName';
import { outcome } from '../outcome';
import type { Listing } from '../ProbeSession';

/** What each listing's entries are, for `checkEntryName`'s message. */
const WHAT = { capabilities: 'a product', resource: 'an edition', subResource: 'a file' } as const;

/**
 * Every product, edition and file name fits the strict set `checkEntryName` enforces (letters, digits and
 * ` _.+&(),-`): the subgraph refuses a whole listing carrying any other name.
 */
export const entryNamesCheck: Check = {
  id: 'entry-names',
  assumption: 'Every product, edition and file name is made of letters, digits and " _.+&(),-" (checkEntryName).',
  grade: 'C',
  sends: 'nothing more: looks at every entry of every listing read',
  async run(context) {
    const read = context.session.listings.filter((listing) => listing.feed);
    if (read.length === 0) return outcome('could-not-tell', 'no readable listing', []);
    const refused: Array<{ name: string; listing: Listing }> = [];
    let names = 0;
    for (const listing of read) {
      for (const entry of listing.feed?.entries ?? []) {
        const name = entryName(entry, listing.call);
        names += 1;
        try {
          checkEntryName(name, listing.call, WHAT[listing.call]);
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          refused.push({ name, listing });
        }
      }
    }
    if (refused.length === 0) return outcome('pass', `${names} names in ${read.length} listing(s), all in the set`, []);
    const shown = refused.slice(0, 5).map(({ name, listing }) => `${JSON.stringify(name)} in ${listing.exchange.path}`);
    const listings = [...new Set(refused.map(({ listing }) => listing))];
    return outcome('deviates', `${refused.length} of ${names} names outside the set: ${shown.join('; ')}`, listings.slice(0, 3));
  },
};
