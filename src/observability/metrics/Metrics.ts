import * as prom from 'prom-client';

/** Label values of one series, e.g. `{ call: 'capabilities', status: '200' }`. */
export type Labels = Readonly<Record<string, string>>;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The metric kinds below are thin wrappers over `prom-client`, declared first and bound to a registry by
 * `MetricsRegistry.register`, so that declaring a metric stays one line. A metric's label names are fixed:
 * given to the constructor, or else taken from its first observation (Prometheus wants one set per metric).
 */
interface Registrable {
  bind(registry: prom.Registry): void;
}

/** A monotonically increasing count per label set. */
export class Counter implements Registrable {
  private metric: prom.Counter | null = null;
  private registry: prom.Registry | null = null;
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames?: readonly string[],
  ) {}

  bind(registry: prom.Registry): void {
    this.registry = registry;
    if (this.labelNames) this.create(this.labelNames);
  }

  inc(labels: Labels = {}, by = 1): void {
    (this.metric ?? this.create(Object.keys(labels))).inc(labels, by);
  }

  private create(labelNames: readonly string[]): prom.Counter {
    this.metric = new prom.Counter({ name: this.name, help: this.help, labelNames, registers: this.registry ? [this.registry] : [] });
    return this.metric;
  }
}

/** A counter kept elsewhere (the cache's own counts), read when scraped. */
export class CounterFunc implements Registrable {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}

  bind(registry: prom.Registry): void {
    const read = this.read;
    new prom.Counter({
      name: this.name,
      help: this.help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
}

/** A value read when scraped. */
export class Gauge implements Registrable {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}

  bind(registry: prom.Registry): void {
    const read = this.read;
    new prom.Gauge({
      name: this.name,
      help: this.help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }
}

/** Values read when scraped, one per label set (e.g. open subscriptions by transport). */
export class LabelledGauge implements Registrable {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly read: () => ReadonlyArray<readonly [Labels, number]>,
  ) {}

  bind(registry: prom.Registry): void {
    const read = this.read;
    new prom.Gauge({
      name: this.name,
      help: this.help,
      labelNames: [...this.labelNames],
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, value] of read()) this.set(labels, value);
      },
    });
  }
}

/** Observations in cumulative buckets, with their sum and count (seconds, by convention). */
export class Histogram implements Registrable {
  private metric: prom.Histogram | null = null;
  private registry: prom.Registry | null = null;
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[] = DEFAULT_BUCKETS,
    private readonly labelNames?: readonly string[],
  ) {}

  bind(registry: prom.Registry): void {
    this.registry = registry;
    if (this.labelNames) this.create(this.labelNames);
  }

  observe(value: number, labels: Labels = {}): void {
    (this.metric ?? this.create(Object.keys(labels))).observe(labels, value);
  }

  private create(labelNames: readonly string[]): prom.Histogram {
    this.metric = new prom.Histogram({
      name: this.name,
      help: this.help,
      buckets: [...this.bounds],
      labelNames,
      registers: this.registry ? [this.registry] : [],
    });
    return this.metric;
  }
}

/**
 * One server's metrics in the Prometheus text format (`prom-client`), with the library's process and Node.js
 * runtime metrics (CPU, memory, heap, event-loop lag, GC, handles) under their standard names.
 */
export class MetricsRegistry {
  private readonly registry = new prom.Registry();

  constructor() {
    prom.collectDefaultMetrics({ register: this.registry });
  }

  register<M extends Registrable>(metric: M): M {
    metric.bind(this.registry);
    return metric;
  }

  /** The `Content-Type` of `expose()`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric, read now. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }
}
