import type { Check } from '../Check';
import { outcome } from '../outcome';

/** The parser's words when `<feed>` has no `gpf_dl:totalentries`. */
const MISSING = /no gpf_dl:totalentries/;

/** Every listing carries `gpf_dl:totalentries` on `<feed>`: the client refuses a listing without it. */
export const totalEntriesCheck: Check = {
  id: 'totalentries-present',
  assumption: 'Every listing carries gpf_dl:totalentries on <feed>.',
  grade: 'A',
  sends: 'nothing more: looks at every listing read with status 200',
  async run(context) {
    const answered = context.session.listings.filter((listing) => listing.exchange.status === 200);
    const without = answered.filter((listing) => MISSING.test(listing.parseError ?? ''));
    const unreadable = answered.filter((listing) => !listing.feed && !MISSING.test(listing.parseError ?? ''));
    const readable = answered.length - unreadable.length;
    if (without.length > 0)
      return outcome(
        'deviates',
        `${without.length} of ${readable} listing(s) without gpf_dl:totalentries: ${without
          .slice(0, 3)
          .map((listing) => listing.exchange.path)
          .join(', ')}`,
        without.slice(0, 3),
      );
    if (readable === 0) return outcome('could-not-tell', `no readable listing (${answered.length} answered 200)`, unreadable.slice(0, 1));
    return outcome(
      'pass',
      `${readable} listing(s), every one with gpf_dl:totalentries${unreadable.length ? ` (${unreadable.length} unreadable for other reasons)` : ''}`,
      [],
    );
  },
};
