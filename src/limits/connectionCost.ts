import { UPSTREAM_COST_MODEL } from './upstreamCostModel';

/** Pages `totalCount` and `pageInfo` read: the probe page alone, which starts the window and gives the total. */
export const PROBE_PAGES = 1;

/** What one connection field costs, whatever its parent. */
export interface ConnectionCost {
  /** Items the window can hold: what every field under its `nodes`/`edges` is multiplied by. */
  window: number;
  /** Upstream pages `edges`/`nodes` may read (each a request), once per distinct parent; 0 for an empty window. */
  edgePages: number;
}

/**
 * The worst case of `resolveConnection` for these `first`/`last` values (already read from literals or
 * variables; null or undefined when not given). The window is the smaller of the two, the default when
 * neither is given, clamped to 0…max. Its edges cost the probe page plus the pages the window touches:
 * `ceil(window / 50) + 1` for a window straddling a page boundary, none for an empty window. `last` adds one:
 * without `before` the probe reads page 1 for the total, away from the window; with `before`, a listing that
 * shrank since the cursor was issued moves the window off the probe's page.
 */
export function connectionCost(first: unknown, last: unknown): ConnectionCost {
  const sizes = [first, last].filter((value) => value !== null && value !== undefined).map(clampedSize);
  const window = sizes.length === 0 ? UPSTREAM_COST_MODEL.defaultWindow : Math.min(...sizes);
  if (window === 0) return { window, edgePages: 0 };
  const lastGiven = last !== null && last !== undefined;
  return { window, edgePages: Math.ceil(window / UPSTREAM_COST_MODEL.upstreamPageSize) + 1 + (lastGiven ? 1 : 0) };
}

// Private: a size out of range (or not a number) is refused by the resolver before any request; counting it
// as the largest accepted one keeps the estimate an upper bound even if that check moves.
function clampedSize(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return UPSTREAM_COST_MODEL.maxWindow;
  return Math.min(Math.max(Math.ceil(value), 0), UPSTREAM_COST_MODEL.maxWindow);
}
