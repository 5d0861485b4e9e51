import { ErrorCode, UpstreamError } from '../../core/errors';
import { UPSTREAM_PAGE_SIZE } from '../format/listingPath';
import type { FeedPage } from '../format/model';

/**
 * Most entries one listing may claim. The largest real listings hold a few thousand entries (BD TOPO: ~3,800
 * editions; the capabilities: ~2,500 products); a total beyond this (or not a whole number) is not believed:
 * it would make walks plan pages in proportion to a number the upstream sent.
 */
export const MAX_LISTING_ENTRIES = 1_000_000;

/** Pages of `UPSTREAM_PAGE_SIZE` a listing of `total` entries spans. */
export function pagesOf(total: number): number {
  return Math.ceil(total / UPSTREAM_PAGE_SIZE);
}

/** `page`, unless its `totalentries` is absurd: then `UPSTREAM_BAD_RESPONSE`, before anyone plans with it. */
export function checkTotal<E>(page: FeedPage<E>, call = 'listing'): FeedPage<E> {
  const total = page.totalEntries;
  if (!Number.isSafeInteger(total) || total < 0 || total > MAX_LISTING_ENTRIES) {
    throw new UpstreamError(
      ErrorCode.UPSTREAM_BAD_RESPONSE,
      `The upstream ${call} listing claims ${String(total)} entries; expected a whole number from 0 to ${MAX_LISTING_ENTRIES}.`,
      { call },
    );
  }
  return page;
}

/** The entries a listing of `total` should hold from `offset` on a page (0 past its end). */
export function expectedOnPage(total: number, page: number): number {
  return Math.max(0, Math.min(UPSTREAM_PAGE_SIZE, total - (page - 1) * UPSTREAM_PAGE_SIZE));
}

/** `UPSTREAM_BAD_RESPONSE` for a listing whose pages do not hold what its total promised. */
export function inconsistentListing(detail: string): UpstreamError {
  return new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `The upstream listing changed or contradicted itself while it was read (${detail}); the answer would be incomplete. Try again.`,
    { call: 'listing' },
  );
}
