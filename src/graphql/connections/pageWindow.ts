/**
 * Pure connection maths: Relay arguments (cursors already decoded to offsets) → the half-open range of
 * offsets to return → the upstream pages holding it. Nothing here does I/O.
 */

/** Relay arguments with cursors decoded to 0-based offsets. */
export interface OffsetArgs {
  first: number | null;
  last: number | null;
  /** Offset of the `after` cursor: the window starts after it. */
  afterOffset: number | null;
  /** Offset of the `before` cursor: the window ends before it. */
  beforeOffset: number | null;
}

/** A half-open range of offsets `[start, end)`. */
export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * The Relay algorithm (spec §4.3 "Pagination algorithm") over a listing of `total` items: narrow to
 * after/before, then keep the first `first`, then the last `last` of those.
 */
export function windowRange(args: OffsetArgs, total: number): OffsetRange {
  let start = args.afterOffset === null ? 0 : Math.min(args.afterOffset + 1, total);
  let end = args.beforeOffset === null ? total : Math.max(Math.min(args.beforeOffset, total), start);
  if (args.first !== null) end = Math.min(end, start + args.first);
  if (args.last !== null) start = Math.max(start, end - args.last);
  return { start, end };
}

/**
 * The first offset the window can touch before the total is known: where a single probe request should
 * land so that its page is part of the answer whenever possible.
 */
export function probeOffset(args: OffsetArgs): number {
  const lower = args.afterOffset === null ? 0 : args.afterOffset + 1;
  if (args.beforeOffset === null || args.last === null) return lower;
  let end = args.beforeOffset;
  if (args.first !== null) end = Math.min(end, lower + args.first);
  return Math.max(lower, end - args.last);
}

/** The 1-based upstream page holding `offset`. */
export function pageOfOffset(offset: number, pageSize: number): number {
  return Math.floor(offset / pageSize) + 1;
}

/** Every 1-based upstream page a non-empty range touches, in order; none for an empty range. */
export function pagesCovering(range: OffsetRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const pages: number[] = [];
  for (let page = pageOfOffset(range.start, pageSize); page <= pageOfOffset(range.end - 1, pageSize); page += 1) pages.push(page);
  return pages;
}
