import type { GraphQLError } from 'graphql';
import type { Listing } from '../../upstream/loaders/Listing';
import { UPSTREAM_PAGE_SIZE } from '../../upstream/format/listingPath';
import type { FeedPage } from '../../upstream/format/model';
import { pageItems, type PageItem } from '../../upstream/format/pageItems';
import { toOffsetArgs, type RelayArgs } from './connectionArgs';
import type { ConnectionModel, EdgeModel } from '../models/ConnectionModel';
import { encodeCursor } from './cursor';
import { inconsistentListing } from '../../upstream/loaders/listingTotals';
import { pageOfOffset, pagesCovering, probeOffset, windowRange, type OffsetArgs, type OffsetRange } from './pageWindow';

/**
 * A Relay connection over an upstream listing. Arguments are validated now (a bad cursor fails the field
 * before any request); pages are fetched on first use of the fields that need them, through the request's
 * loaders: one probe page that both starts the window and gives the total (all `totalCount` and `pageInfo`
 * need), then, for the edges, in parallel, any other page the window touches. A window of up to 50 items
 * costs at most 2 requests, plus the probe of page 1 when `last` is given without `before` on a listing longer
 * than one page; an empty window (`first: 0`) costs nothing unless its total is asked. An entry refused in its
 * page (see `FeedPage.refused`) is an edge whose node is its typed error: that node alone is null.
 */
export function resolveConnection<E, N>(listing: Listing<E>, args: RelayArgs, toNode: (entry: E) => N): ConnectionModel<N> {
  // The listing's identity (what cursors are bound to) is read only when a cursor is given or asked for.
  const offsets = toOffsetArgs(args, () => listing.identity);
  const probePage = pageOfOffset(probeOffset(offsets), UPSTREAM_PAGE_SIZE);
  let probe: Promise<FeedPage<E>> | null = null;
  let edges: Promise<Array<EdgeModel<N>>> | null = null;
  const loadProbe = () => (probe ??= listing.loadPage(probePage));
  const range = async () => windowRange(offsets, (await loadProbe()).totalEntries);

  return {
    totalCount: async () => (await loadProbe()).totalEntries,
    pageInfo: async () => {
      const total = (await loadProbe()).totalEntries;
      const { start, end } = windowRange(offsets, total);
      return {
        hasPreviousPage: start > 0,
        hasNextPage: end < total,
        startCursor: end > start ? encodeCursor(listing.identity, start) : null,
        endCursor: end > start ? encodeCursor(listing.identity, end - 1) : null,
      };
    },
    edges: () => (edges ??= isEmptyWindow(offsets) ? Promise.resolve([]) : loadEdges(listing, probePage, loadProbe, range, toNode)),
  };
}

function isEmptyWindow(args: OffsetArgs): boolean {
  return args.first === 0 || args.last === 0;
}

async function loadEdges<E, N>(
  listing: Listing<E>,
  probePage: number,
  loadProbe: () => Promise<FeedPage<E>>,
  range: () => Promise<OffsetRange>,
  toNode: (entry: E) => N,
): Promise<Array<EdgeModel<N>>> {
  const { start, end } = await range();
  const pages = new Map<number, FeedPage<E>>([[probePage, await loadProbe()]]);
  const missing = pagesCovering({ start, end }, UPSTREAM_PAGE_SIZE).filter((page) => !pages.has(page));
  const fetched = await Promise.all(missing.map((page) => listing.loadPage(page)));
  missing.forEach((page, index) => pages.set(page, fetched[index] as FeedPage<E>));

  const edges: Array<EdgeModel<N>> = [];
  const total = (await loadProbe()).totalEntries;
  let items: Map<number, Array<PageItem<E>>> | null = null;
  for (let offset = start; offset < end; offset += 1) {
    const pageNumber = pageOfOffset(offset, UPSTREAM_PAGE_SIZE);
    const page = pages.get(pageNumber) as FeedPage<E>;
    const position = offset % UPSTREAM_PAGE_SIZE;
    // A page without refused entries holds its items in `entries`, in order: no item objects to build.
    let item: PageItem<E> | undefined;
    if (page.refused === undefined || page.refused.length === 0) {
      item = position < page.entries.length ? { entry: page.entries[position] as E } : undefined;
    } else {
      items ??= new Map();
      if (!items.has(pageNumber)) items.set(pageNumber, pageItems(page));
      item = (items.get(pageNumber) as Array<PageItem<E>>)[position];
    }
    // A page shorter than the total promised (the listing changed between two requests) is an error, never fewer edges.
    if (item === undefined || page.totalEntries !== total) {
      throw inconsistentListing(`item ${offset + 1} of ${total} is missing from page ${pageNumber} (which counts ${page.totalEntries})`);
    }
    // A refused entry keeps its place and its cursor: its node is its typed error, its siblings answer.
    edges.push(new ListingEdge(listing, offset, 'entry' in item ? toNode(item.entry) : item.refused.error));
  }
  return edges;
}

/**
 * An edge whose cursor is encoded when read: a query asking `nodes`, or edges without their cursors, never
 * encodes one.
 */
class ListingEdge<N> implements EdgeModel<N> {
  constructor(
    private readonly listing: Listing<unknown>,
    private readonly offset: number,
    readonly node: N | GraphQLError,
  ) {}

  get cursor(): string {
    return encodeCursor(this.listing.identity, this.offset);
  }
}
