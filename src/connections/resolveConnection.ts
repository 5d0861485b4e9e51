import type { Listing } from '../loaders/Listing';
import { UPSTREAM_PAGE_SIZE } from '../upstream/listingPath';
import type { FeedPage } from '../upstream/model';
import { toOffsetArgs, type RelayArgs } from './connectionArgs';
import type { ConnectionModel, ConnectionWindow, EdgeModel } from './ConnectionModel';
import { encodeCursor } from './cursor';
import { pageOfOffset, pagesCovering, probeOffset, windowRange, type OffsetArgs } from './pageWindow';

/**
 * A Relay connection over an upstream listing. Arguments are validated now (a bad cursor fails the field
 * before any request); pages are fetched on first use of the connection's fields, through the request's
 * loaders: one probe page that both starts the window and gives the total, then, in parallel, any other
 * page the window touches. A window of up to 50 items costs at most 2 requests, plus the probe of page 1
 * when `last` is given without `before` on a listing longer than one page.
 */
export function resolveConnection<E, N>(listing: Listing<E>, args: RelayArgs, toNode: (entry: E) => N): ConnectionModel<N> {
  const offsets = toOffsetArgs(args, listing.identity);
  let window: Promise<ConnectionWindow<N>> | null = null;
  return {
    load: () => (window ??= loadWindow(listing, offsets, toNode)),
  };
}

async function loadWindow<E, N>(listing: Listing<E>, args: OffsetArgs, toNode: (entry: E) => N): Promise<ConnectionWindow<N>> {
  const probePage = pageOfOffset(probeOffset(args), UPSTREAM_PAGE_SIZE);
  const probe = await listing.loadPage(probePage);
  const total = probe.totalEntries;
  const range = windowRange(args, total);
  const pageNumbers = pagesCovering(range, UPSTREAM_PAGE_SIZE);
  const pages = new Map<number, FeedPage<E>>([[probePage, probe]]);
  const missing = pageNumbers.filter((page) => !pages.has(page));
  const fetched = await Promise.all(missing.map((page) => listing.loadPage(page)));
  missing.forEach((page, index) => pages.set(page, fetched[index] as FeedPage<E>));

  const edges: Array<EdgeModel<N>> = [];
  for (let offset = range.start; offset < range.end; offset += 1) {
    // A page shorter than the total promised (the listing changed between two requests) yields fewer edges.
    const entry = pages.get(pageOfOffset(offset, UPSTREAM_PAGE_SIZE))?.entries[offset % UPSTREAM_PAGE_SIZE];
    if (entry !== undefined) edges.push({ cursor: encodeCursor(listing.identity, offset), node: toNode(entry) });
  }
  return {
    edges,
    totalCount: total,
    pageInfo: {
      hasPreviousPage: range.start > 0,
      hasNextPage: range.end < total,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
