import { Webhook } from 'standardwebhooks';
import type { ChangeEvent } from '../../catalogue/changes/ChangeEvent';
import { GIVE_UP_AFTER_MS, retryDelayMs } from './backoff';
import type { Outbox, OutboxDelivery, OutboxStats } from '../../catalogue/watches/Outbox';
import { resolveTarget, TargetRefusedError, type TargetPolicy } from '../../core/resolveTarget';
import { DELIVERY_TIMEOUT_MS, sendWebhook, type SendResult } from './sendWebhook';
import type { WatchRecord } from '../../catalogue/watches/Watch';
import type { WatchStore } from '../../catalogue/watches/WatchStore';
import { webhookPayload } from './webhookPayload';

// Private: an attempt's result; `refused` when the target failed the address check (nothing was sent).
type AttemptResult = Extract<SendResult, { outcome: 'delivered' }> | { outcome: 'failed'; refused: boolean; error: string };

/** How an attempt ended, the label of the deliveries metric. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'refused' | 'abandoned' | 'dropped';

export interface DeliveryWorkerOptions {
  outbox: Outbox;
  watches: WatchStore;
  policy: TargetPolicy;
  /** Epoch ms; also the `webhook-timestamp`. */
  now: () => number;
  /** In [0, 1): the backoff's jitter. */
  random: () => number;
  listingUrl(event: ChangeEvent): string;
  /** Called once per attempt (metrics, logs). */
  onOutcome?: (outcome: DeliveryOutcome, delivery: OutboxDelivery, detail: string | null) => void;
  /** Told when an attempt fails for a reason of ours (the store unreachable): its lease runs out, it is tried again. */
  onError?: (error: unknown) => void;
  /** Called each time an attempt ends, freeing a slot (the loop claims again). */
  onSlotFree?: () => void;
  /** Replaced in tests that need no network; `sendWebhook` by default. */
  send?: typeof sendWebhook;
  /** Attempts under way at once, every receiver together (`WEBHOOK_CONCURRENCY`). Default 20. */
  concurrency?: number;
  /** Attempts under way at once to one receiver, a URL origin (`WEBHOOK_RECEIVER_CONCURRENCY`). Default 2. */
  receiverConcurrency?: number;
  /** How long one attempt may take, resolving the target included; then it fails and its slot is free. Default 10 s. */
  timeoutMs?: number;
  /** How long a claimed delivery stays invisible to other workers. Default 60 s (> the delivery timeout). */
  leaseMs?: number;
}

/** Default of `WEBHOOK_CONCURRENCY`. */
export const DEFAULT_WEBHOOK_CONCURRENCY = 20;
/** Default of `WEBHOOK_RECEIVER_CONCURRENCY`. */
export const DEFAULT_RECEIVER_CONCURRENCY = 2;
// Private: most watches named in one claim's skip list (receivers at their limit); past it, claimed deliveries
// of a busy receiver are given back (`release`), which costs a write but never a wait.
const MAX_SKIPPED_WATCHES = 500;

/**
 * Sends the outbox's due deliveries: claim → resolve and check the target → sign (Standard Webhooks) → POST
 * → ack on 2xx, else reschedule with backoff; after 24 h of failures the watch is suspended with the last
 * error as its reason and its deliveries dropped. Written against `Outbox` and `WatchStore` only.
 *
 * Receivers never wait for each other: each attempt runs on its own, at most `concurrency` at once and at most
 * `receiverConcurrency` per receiver (URL origin), and ends within `timeoutMs` whatever the receiver does. A
 * receiver at its limit is skipped when claiming (its deliveries stay due for the next free slot), so a slow or
 * silent one holds its own slots only, never a healthy receiver's.
 */
export class DeliveryWorker {
  private lastStats: OutboxStats = { depth: 0, oldestCreatedAt: null };
  private readonly attempts = new Set<Promise<void>>();
  /** Attempts under way per receiver. */
  private readonly busy = new Map<string, number>();
  /** The receiver of each watch seen, to skip the watches of busy receivers when claiming. */
  private readonly receiverOf = new Map<string, string>();

  constructor(private readonly options: DeliveryWorkerOptions) {}

  /**
   * Claims the due deliveries that fit (free slots, receivers below their limit) and starts each without waiting
   * for it; returns how many were claimed (0: nothing due, or no free slot).
   */
  async startDue(): Promise<number> {
    const free = (this.options.concurrency ?? DEFAULT_WEBHOOK_CONCURRENCY) - this.attempts.size;
    if (free <= 0) return 0;
    const { outbox, watches } = this.options;
    const claimed = await outbox.claim(this.options.now(), free, this.options.leaseMs ?? 60_000, this.skippedWatches());
    for (const delivery of claimed) {
      const watch = await watches.get(delivery.watchId);
      if (!watch || watch.status !== 'ACTIVE') {
        await outbox.ack(delivery.id);
        this.options.onOutcome?.('dropped', delivery, watch ? 'watch suspended' : 'watch deleted');
        continue;
      }
      const receiver = receiverOf(watch.url);
      this.receiverOf.set(watch.id, receiver);
      const under = this.busy.get(receiver) ?? 0;
      if (under >= this.limitPerReceiver() || this.attempts.size >= (this.options.concurrency ?? DEFAULT_WEBHOOK_CONCURRENCY)) {
        await outbox.release(delivery.id);
        continue;
      }
      this.busy.set(receiver, under + 1);
      const attempt = this.attempt(delivery, watch)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          const left = (this.busy.get(receiver) ?? 1) - 1;
          if (left > 0) this.busy.set(receiver, left);
          else this.busy.delete(receiver);
          this.attempts.delete(attempt);
          this.options.onSlotFree?.();
        });
      this.attempts.add(attempt);
    }
    this.lastStats = await outbox.stats();
    return claimed.length;
  }

  /** Claims one batch of due deliveries, attempts each and waits for them; returns how many were attempted. */
  async runOnce(): Promise<number> {
    const before = new Set(this.attempts);
    await this.startDue();
    const started = [...this.attempts].filter((attempt) => !before.has(attempt));
    await Promise.allSettled(started);
    this.lastStats = await this.options.outbox.stats();
    return started.length;
  }

  /** Resolves once no attempt is under way (attempts started meanwhile included). */
  async idle(): Promise<void> {
    while (this.attempts.size > 0) await Promise.allSettled([...this.attempts]);
  }

  /** Attempts under way now. */
  get inFlight(): number {
    return this.attempts.size;
  }

  /** The outbox's depth and oldest pending age as of the last round (metrics read it synchronously). */
  get stats(): OutboxStats {
    return this.lastStats;
  }

  // Private: the watches whose receiver is at its limit (bounded: see MAX_SKIPPED_WATCHES).
  private skippedWatches(): string[] {
    const skipped: string[] = [];
    for (const [watchId, receiver] of this.receiverOf) {
      if ((this.busy.get(receiver) ?? 0) >= this.limitPerReceiver()) skipped.push(watchId);
      if (skipped.length >= MAX_SKIPPED_WATCHES) break;
    }
    return skipped;
  }

  private limitPerReceiver(): number {
    return this.options.receiverConcurrency ?? DEFAULT_RECEIVER_CONCURRENCY;
  }

  // Private: one attempt of one delivery to its active watch, ending in ack, reschedule or suspension.
  private async attempt(delivery: OutboxDelivery, watch: WatchRecord): Promise<void> {
    const { outbox, watches } = this.options;
    const now = this.options.now();
    const result = await this.deliver(delivery, watch.url, watch.secret, now);
    if (result.outcome === 'delivered') {
      await outbox.ack(delivery.id);
      this.options.onOutcome?.('delivered', delivery, null);
      return;
    }
    const attempts = delivery.attempts + 1;
    const error = `${result.refused ? 'refused: ' : ''}${result.error}`;
    this.options.onOutcome?.(result.refused ? 'refused' : 'failed', delivery, error);
    const nextAttemptAt = now + retryDelayMs(attempts, this.options.random);
    if (nextAttemptAt - delivery.createdAt <= GIVE_UP_AFTER_MS) {
      await outbox.reschedule(delivery.id, nextAttemptAt, attempts, error);
      return;
    }
    const reason = `Deliveries failed for 24 hours (${attempts} attempts of ${delivery.eventId}); last error: ${error}`;
    await watches.suspend(watch.id, reason, new Date(now).toISOString());
    await outbox.dropWatch(watch.id);
    this.options.onOutcome?.('abandoned', delivery, reason);
  }

  // Private: resolve and check the target (at every attempt), sign, send; all of it within the timeout (a
  // name server that never answers ends the attempt too).
  private async deliver(delivery: OutboxDelivery, url: string, secret: string, now: number): Promise<AttemptResult> {
    const timeoutMs = this.options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    const started = performance.now();
    let target;
    try {
      target = await withinTime(resolveTarget(url, this.options.policy), timeoutMs);
    } catch (error) {
      if (error instanceof TargetRefusedError) return { outcome: 'failed', refused: true, error: error.message };
      if (error instanceof AttemptTimeout) return { outcome: 'failed', refused: false, error: `no answer within ${timeoutMs} ms (resolving the host)` };
      throw error;
    }
    const body = webhookPayload(delivery.event, delivery.watchId, this.options.listingUrl(delivery.event));
    const timestamp = new Date(now);
    const headers = {
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(Math.floor(now / 1000)),
      'webhook-signature': new Webhook(secret).sign(delivery.eventId, timestamp, body),
      'user-agent': 'geopf-download-subgraph-webhooks',
    };
    const left = Math.max(1, Math.round(timeoutMs - (performance.now() - started)));
    const result = await (this.options.send ?? sendWebhook)(target, body, headers, left);
    return result.outcome === 'delivered' ? result : { outcome: 'failed', refused: false, error: result.error };
  }
}

// Private: the receiver a URL delivers to: its origin (scheme, host, port); the URL itself when unparsable.
function receiverOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

// Private: a step of an attempt that took longer than the attempt may.
class AttemptTimeout extends Error {}

// Private: `promise`, or `AttemptTimeout` after `ms` (the promise is left to settle on its own).
function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout()), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
