import { decodeCursorOffset } from '../connections/cursor';
import { pageOfOffset } from '../connections/pageWindow';
import { UPSTREAM_COST_MODEL } from './upstreamCostModel';

/** Pages `totalCount` and `pageInfo` read: the probe page alone, which starts the window and gives the total. */
export const PROBE_PAGES = 1;

/** What one connection field costs, whatever its parent. */
export interface ConnectionCost {
  /** Items the window can hold: what every field under its `nodes`/`edges` is multiplied by. */
  window: number;
  /** Upstream pages `edges`/`nodes` may read (each a request), once per distinct parent; 0 for an empty window. */
  edgePages: number;
  /**
   * When the window's start is known (a forward window): the page it starts on, the probe page; its `edgePages`
   * pages follow it. Lets identical pages under aliases be counted once.
   */
  firstPage?: number;
}

/** The Relay arguments of a connection field, as read from literals or variables (null or undefined: not given). */
export interface ConnectionArguments {
  first?: unknown;
  last?: unknown;
  after?: unknown;
  before?: unknown;
}

/**
 * The worst case of `resolveConnection` for these arguments; `total`, when known (a page of the listing already
 * cached), narrows it. The window is the smaller of `first`/`last`, the default when neither is given, clamped to
 * 0…max. A forward window whose start is known (no `after`, or a readable `after` cursor) costs exactly the pages
 * it touches (the first of them is the probe); otherwise `ceil(window / 50) + 1` for a window straddling a page
 * boundary. `last` adds one: without `before` the probe reads page 1 for the total, away from the window; with
 * `before`, a listing that shrank since the cursor was issued moves the window off the probe's page. `last` alone
 * on a listing of known total costs exactly page 1 and the pages holding its last items. An empty window's edges
 * need no page.
 */
export function connectionCost(args: ConnectionArguments, total?: number): ConnectionCost {
  const { first, last, after, before } = args;
  const given = (value: unknown) => value !== null && value !== undefined;
  const sizes = [first, last].filter(given).map(clampedSize);
  let window = sizes.length === 0 ? UPSTREAM_COST_MODEL.defaultWindow : Math.min(...sizes);
  if (window === 0) return { window, edgePages: 0 };
  const pageSize = UPSTREAM_COST_MODEL.upstreamPageSize;
  const afterOffset =
    given(after) ?
      typeof after === 'string' ?
        decodeCursorOffset(after)
      : null
    : -1;
  if (given(last) && !given(first) && !given(after) && !given(before) && total !== undefined) {
    // The last `window` items of a listing of known total: page 1 (the probe, which gives the total) and the pages holding them.
    window = Math.min(window, total);
    if (window === 0) return { window, edgePages: PROBE_PAGES };
    const firstItemPage = pageOfOffset(total - window, pageSize);
    return { window, edgePages: pageOfOffset(total - 1, pageSize) - firstItemPage + 1 + (firstItemPage > 1 ? PROBE_PAGES : 0) };
  }
  if (given(last) || afterOffset === null) {
    if (total !== undefined) window = Math.min(window, total);
    return { window, edgePages: Math.ceil(Math.max(window, 1) / pageSize) + 1 + (given(last) ? 1 : 0) };
  }
  const start = afterOffset + 1;
  let end = start + window;
  const beforeOffset = typeof before === 'string' ? decodeCursorOffset(before) : null;
  if (beforeOffset !== null) end = Math.min(end, Math.max(beforeOffset, start));
  if (total !== undefined) end = Math.max(Math.min(end, total), start);
  const pages = end > start ? pageOfOffset(end - 1, pageSize) - pageOfOffset(start, pageSize) + 1 : PROBE_PAGES;
  return { window: end - start, edgePages: pages, firstPage: pageOfOffset(start, pageSize) };
}

// Private: a size out of range (or not a number) is refused by the resolver before any request; counting it
// as the largest accepted one keeps the estimate an upper bound even if that check moves.
function clampedSize(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return UPSTREAM_COST_MODEL.maxWindow;
  return Math.min(Math.max(Math.ceil(value), 0), UPSTREAM_COST_MODEL.maxWindow);
}
