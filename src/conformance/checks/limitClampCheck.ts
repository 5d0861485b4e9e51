import type { Check } from '../Check';
import { outcome } from '../outcome';

/** The limit the check asks for, above the upstream's maximum. */
const ASKED_LIMIT = 100;
/** The largest page the upstream serves. */
const MAX_PAGE_SIZE = 50;

/** `limit` above 50 is served as 50, silently (the client always sends 50; other clients send more). */
export const limitClampCheck: Check = {
  id: 'limit-clamped',
  assumption: `A limit above ${MAX_PAGE_SIZE} is clamped to ${MAX_PAGE_SIZE} without error.`,
  grade: 'B',
  sends: `GET capabilities?limit=${ASKED_LIMIT}&page=1 (1 listing)`,
  async run(context) {
    const listing = await context.session.listing('capabilities', `capabilities?limit=${ASKED_LIMIT}&page=1`);
    const { exchange, feed } = listing;
    if (exchange.status !== 200) return outcome('deviates', `limit=${ASKED_LIMIT} answered HTTP ${exchange.status}`, [listing]);
    if (!feed) return outcome('could-not-tell', `limit=${ASKED_LIMIT} answered a body that is not a feed (${listing.parseError})`, [listing]);
    const saw = `limit=${ASKED_LIMIT}: pagesize ${feed.pageSize}, ${feed.entries.length} entries of ${feed.totalEntries}`;
    const clamped = feed.pageSize === MAX_PAGE_SIZE && feed.entries.length === Math.min(MAX_PAGE_SIZE, feed.totalEntries);
    return outcome(clamped ? 'pass' : 'deviates', saw, [listing]);
  },
};
