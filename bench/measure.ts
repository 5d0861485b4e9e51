/** The p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** The highest number of `times` (ms) within any window of `windowMs`. */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[start] as number) <= (sorted[end] as number) - windowMs) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Samples the process's resident and heap memory until stopped; returns the peaks in MiB. */
export function sampleMemory(intervalMs = 20): () => { rssMiB: number; heapUsedMiB: number } {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    sample();
    return { rssMiB: rss / 2 ** 20, heapUsedMiB: heap / 2 ** 20 };
  };
}
