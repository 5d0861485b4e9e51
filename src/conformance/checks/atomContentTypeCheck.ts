import type { Check } from '../Check';
import { mediaType } from '../evidence';
import { outcome } from '../outcome';

/** The media type assumed; the client refuses only JSON and HTML bodies, so others still parse. */
const ATOM = 'application/atom+xml';

/** Listings come as `application/atom+xml` when asked with `Accept: application/atom+xml`. */
export const atomContentTypeCheck: Check = {
  id: 'atom-content-type',
  assumption: `Listings answer with Content-Type ${ATOM} (parameters aside).`,
  grade: 'U',
  sends: 'nothing more: looks at every listing read with status 200',
  async run(context) {
    const answered = context.session.listings.filter((listing) => listing.exchange.status === 200);
    if (answered.length === 0) return outcome('could-not-tell', 'no listing answered 200', []);
    const others = answered.filter((listing) => mediaType(listing.exchange.headers['content-type']) !== ATOM);
    if (others.length === 0) {
      const types = [...new Set(answered.map((listing) => listing.exchange.headers['content-type']))].join(', ');
      return outcome('pass', `${answered.length} listing(s), all ${types}`, [answered[0]]);
    }
    const types = [...new Set(others.map((listing) => listing.exchange.headers['content-type'] ?? '(none)'))].join(', ');
    const refused = others.some((listing) => /json|html/i.test(listing.exchange.headers['content-type'] ?? ''));
    return outcome(
      'deviates',
      `${others.length} of ${answered.length} listing(s) answered ${types}${refused ? ' (the client refuses JSON and HTML)' : ''}`,
      others.slice(0, 3),
    );
  },
};
