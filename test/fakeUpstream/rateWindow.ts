/**
 * Counts arrivals in a sliding window: an arrival at `t` shares the window of every arrival in `(t - windowMs, t]`.
 * Times come from the injected clock and are expected not to go backwards.
 */
export class ArrivalWindow {
  private readonly times: number[] = [];

  constructor(private readonly windowMs: number) {}

  /** Records an arrival at `t` and returns how many arrivals (this one included) fall in its window. */
  record(t: number): number {
    this.times.push(t);
    while (this.times.length > 0 && (this.times[0] ?? t) <= t - this.windowMs) this.times.shift();
    return this.times.length;
  }
}

/** The highest number of `times` falling together in one window `(t - windowMs, t]`; 0 for no times. */
export function maxArrivalsInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    const t = sorted[end] ?? 0;
    while ((sorted[start] ?? t) <= t - windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
