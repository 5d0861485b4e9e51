import type { ChangeEvent } from '../../catalogue/changes/ChangeEvent';
import type { ChangeSource } from '../../catalogue/changes/ChangeSource';
import { staleCacheTags } from './routerCacheTags';

/** How one event's invalidation ended. */
export type InvalidationOutcome =
  /** The router accepted it (2xx). */
  | 'invalidated'
  /** Every attempt failed, or the router refused it for good (a 4xx other than 408 and 429: a wrong key, a bad body). */
  | 'failed'
  /** Left out: more events waited than `maxPending` while the router was away (their cache entries expire by TTL). */
  | 'dropped';

/** Options of `RouterCacheInvalidator`; all but the endpoint have defaults. */
export interface RouterCacheInvalidatorOptions {
  /** The router's invalidation endpoint (`GEOPF_ROUTER_INVALIDATION_URL`). */
  url: string;
  /** The router's `shared_key`, sent as the `Authorization` header (`GEOPF_ROUTER_INVALIDATION_KEY`). */
  sharedKey: string;
  /** This subgraph's name in the supergraph (`GEOPF_ROUTER_SUBGRAPH_NAME`). */
  subgraphName: string;
  fetch?: typeof fetch;
  /** Waits `ms` between attempts (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of the backoff. */
  random?: () => number;
  /** Attempts per event. Default 6 (about 30 s of backoff). */
  maxAttempts?: number;
  /** Events waiting at most; past it the oldest is dropped. Default 1,000. */
  maxPending?: number;
  /** Per attempt. Default 5,000 ms. */
  timeoutMs?: number;
  /** Called once per event with how it ended (`detail`: the last status or error). */
  onOutcome?: (outcome: InvalidationOutcome, event: ChangeEvent, detail?: string) => void;
}

/**
 * A consumer of the change log that keeps a router's response cache fresh: one request per change-log event to
 * Apollo Router's invalidation endpoint (`POST`, `Authorization: <shared key>`, a JSON array of
 * `{ "kind": "cache_tag", "subgraphs": [name], "cache_tag": tag }`, one per stale tag: `staleCacheTags`), retried
 * with exponential backoff and jitter. Events are sent one at a time, in order, after the syncer recorded them:
 * the listener only queues, so nothing here can block or fail a sync.
 */
export class RouterCacheInvalidator {
  private readonly pending: ChangeEvent[] = [];
  private pump: Promise<void> | null = null;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly options: RouterCacheInvalidatorOptions) {}

  /** Listens to `source`: every event recorded from now on is sent. */
  start(source: ChangeSource): void {
    this.unsubscribe = source.subscribe((event) => this.enqueue(event));
  }

  /** Queues one event; never throws, never waits. */
  enqueue(event: ChangeEvent): void {
    if (this.stopped) return;
    this.pending.push(event);
    const over = this.pending.length - (this.options.maxPending ?? 1000);
    if (over > 0) for (const dropped of this.pending.splice(0, over)) this.options.onOutcome?.('dropped', dropped);
    this.kick();
  }

  /** Resolves once every event queued so far has been sent or given up (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pump) await this.pump;
  }

  /** Stops listening, abandons the retries under way, and waits for the request in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.pending.length = 0;
    this.stopping.abort();
    await this.pump;
  }

  // Private: starts sending unless it is under way; an event queued as a pass ends starts the next one.
  private kick(): void {
    if (this.pump || this.stopped) return;
    this.pump = this.drain().finally(() => {
      this.pump = null;
      if (this.pending.length > 0) this.kick();
    });
  }

  // Private: sends the queued events in order until none is left.
  private async drain(): Promise<void> {
    for (let event = this.pending.shift(); event !== undefined && !this.stopped; event = this.pending.shift()) {
      const [outcome, detail] = await this.send(event);
      if (!this.stopped) this.options.onOutcome?.(outcome, event, detail);
    }
  }

  // Private: one event, with its retries.
  private async send(event: ChangeEvent): Promise<[InvalidationOutcome, string]> {
    const body = JSON.stringify(staleCacheTags(event).map((tag) => ({ kind: 'cache_tag', subgraphs: [this.options.subgraphName], cache_tag: tag })));
    const attempts = this.options.maxAttempts ?? 6;
    let detail = '';
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt += 1) {
      if (attempt > 1) await (this.options.sleep ?? abortableSleep(this.stopping.signal))(backoffMs(attempt - 1, this.options.random ?? Math.random));
      if (this.stopped) break;
      try {
        const response = await (this.options.fetch ?? fetch)(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: this.options.sharedKey },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 5000), this.stopping.signal]),
        });
        await response.body?.cancel().catch(() => undefined);
        detail = `HTTP ${response.status}`;
        if (response.ok) return ['invalidated', detail];
        if (!retried(response.status)) return ['failed', detail];
      } catch (error) {
        detail = error instanceof Error ? error.message : String(error);
      }
    }
    return ['failed', detail];
  }
}

/** Statuses worth another attempt: timeouts, rate limits, the router's own faults. */
function retried(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The wait before retry `retry` (1 for the first): 500 ms doubling up to 15 s, half of it drawn at random. */
export function backoffMs(retry: number, random: () => number): number {
  const nominal = Math.min(15_000, 500 * 2 ** (retry - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}

// Private: a sleep that ends early when the invalidator stops.
function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
}
