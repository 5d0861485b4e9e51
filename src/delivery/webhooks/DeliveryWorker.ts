import { Webhook } from 'standardwebhooks';
import type { ChangeEvent } from '../../catalogue/changes/ChangeEvent';
import { GIVE_UP_AFTER_MS, retryDelayMs } from './backoff';
import type { Outbox, OutboxDelivery, OutboxStats } from '../../catalogue/watches/Outbox';
import { resolveTarget, TargetRefusedError, type TargetPolicy } from '../../core/resolveTarget';
import { sendWebhook, type SendResult } from './sendWebhook';
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
  /** Replaced in tests that need no network; `sendWebhook` by default. */
  send?: typeof sendWebhook;
  /** Deliveries claimed per round. Default 20. */
  batchSize?: number;
  /** How long a claimed delivery stays invisible to other workers. Default 60 s (> the 10 s delivery timeout). */
  leaseMs?: number;
}

/**
 * Sends the outbox's due deliveries: claim → resolve and check the target → sign (Standard Webhooks) → POST
 * → ack on 2xx, else reschedule with backoff; after 24 h of failures the watch is suspended with the last
 * error as its reason and its deliveries dropped. Written against `Outbox` and `WatchStore` only, so the SQL
 * store only has to implement those. `runOnce` does one round; the caller schedules rounds.
 */
export class DeliveryWorker {
  private lastStats: OutboxStats = { depth: 0, oldestCreatedAt: null };

  constructor(private readonly options: DeliveryWorkerOptions) {}

  /** Claims one batch of due deliveries and attempts each; returns how many were attempted. */
  async runOnce(): Promise<number> {
    const { outbox } = this.options;
    const claimed = await outbox.claim(this.options.now(), this.options.batchSize ?? 20, this.options.leaseMs ?? 60_000);
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    this.lastStats = await outbox.stats();
    return claimed.length;
  }

  /** The outbox's depth and oldest pending age as of the last round (metrics read it synchronously). */
  get stats(): OutboxStats {
    return this.lastStats;
  }

  // Private: one attempt of one delivery, ending in ack, reschedule or suspension.
  private async attempt(delivery: OutboxDelivery): Promise<void> {
    const { outbox, watches } = this.options;
    const watch = await watches.get(delivery.watchId);
    if (!watch || watch.status !== 'ACTIVE') {
      await outbox.ack(delivery.id);
      this.options.onOutcome?.('dropped', delivery, watch ? 'watch suspended' : 'watch deleted');
      return;
    }
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

  // Private: resolve and check the target (at every attempt), sign, send.
  private async deliver(delivery: OutboxDelivery, url: string, secret: string, now: number): Promise<AttemptResult> {
    let target;
    try {
      target = await resolveTarget(url, this.options.policy);
    } catch (error) {
      if (error instanceof TargetRefusedError) return { outcome: 'failed', refused: true, error: error.message };
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
    const result = await (this.options.send ?? sendWebhook)(target, body, headers);
    return result.outcome === 'delivered' ? result : { outcome: 'failed', refused: false, error: result.error };
  }
}
