/** Label values of one series, e.g. `{ call: 'capabilities', status: '200' }`. */
export type Labels = Readonly<Record<string, string>>;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A monotonically increasing count per label set. */
export class Counter {
  private readonly series = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    const entry = this.series.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.series.set(key, entry);
  }

  /** The current value for `labels` (0 when never incremented). */
  value(labels: Labels = {}): number {
    return this.series.get(labelKey(labels))?.value ?? 0;
  }

  expose(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, ...[...this.series.values()].map((entry) => `${this.name}${format(entry.labels)} ${entry.value}`)];
  }
}

/** A counter kept elsewhere (the cache's own counts), read when scraped. */
export class CounterFunc {
  constructor(readonly name: string, readonly help: string, private readonly read: () => number) {}

  expose(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, `${this.name} ${this.read()}`];
  }
}

/** A value read when scraped. */
export class Gauge {
  constructor(readonly name: string, readonly help: string, private readonly read: () => number) {}

  expose(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.read()}`];
  }
}

/** Observations in cumulative buckets, with their sum and count (seconds, by convention). */
export class Histogram {
  private readonly series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, private readonly bounds: readonly number[] = DEFAULT_BUCKETS) {}

  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    const entry = this.series.get(key) ?? { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
    this.bounds.forEach((bound, index) => {
      if (value <= bound) entry.buckets[index] = (entry.buckets[index] ?? 0) + 1;
    });
    entry.sum += value;
    entry.count += 1;
    this.series.set(key, entry);
  }

  expose(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const entry of this.series.values()) {
      this.bounds.forEach((bound, index) => lines.push(`${this.name}_bucket${format({ ...entry.labels, le: String(bound) })} ${entry.buckets[index] ?? 0}`));
      lines.push(`${this.name}_bucket${format({ ...entry.labels, le: '+Inf' })} ${entry.count}`);
      lines.push(`${this.name}_sum${format(entry.labels)} ${entry.sum}`, `${this.name}_count${format(entry.labels)} ${entry.count}`);
    }
    return lines;
  }
}

/** Metrics in the Prometheus text exposition format (version 0.0.4), in registration order. */
export class MetricsRegistry {
  private readonly metrics: Array<{ expose(): string[] }> = [];

  register<M extends { expose(): string[] }>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  expose(): string {
    return `${this.metrics.flatMap((metric) => metric.expose()).join('\n')}\n`;
  }
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function format(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}
