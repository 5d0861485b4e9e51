import type { ChangeEvent, Seq } from '../changes/ChangeEvent';

/** A delivery to enqueue: one event for one watch. `(eventId, watchId)` is unique: enqueuing it again is a no-op. */
export interface NewDelivery {
  watchId: string;
  /** `chg_<seq>`: the `webhook-id`, so receivers can drop duplicates. */
  eventId: string;
  event: ChangeEvent;
}

/** A delivery in the outbox. Times are epoch milliseconds of the worker's clock. */
export interface OutboxDelivery extends NewDelivery {
  /** Unique in the outbox. */
  id: string;
  /** Attempts made so far. */
  attempts: number;
  createdAt: number;
  /** Not claimed before this. */
  nextAttemptAt: number;
  lastError: string | null;
}

/** How full the outbox is, for metrics. */
export interface OutboxStats {
  /** Deliveries not yet acknowledged. */
  depth: number;
  /** `createdAt` of the oldest of them; null when empty. */
  oldestCreatedAt: number | null;
}

/**
 * The durable queue of webhook deliveries (transactional outbox). `SqlOutbox` (src/store/) implements it in
 * the catalogue store, where `claim` leases each row by a compare-and-set of its lease time, so that with
 * replicas each delivery is claimed by one of them at a time, and a delivery claimed by a replica that died is
 * claimed again once its lease runs out (at-least-once); `MemoryOutbox` in the process, without the catalogue.
 */
export interface Outbox {
  /** The change-log position up to which events have been fanned out to watches; null before the first. */
  cursor(): Promise<Seq | null>;
  /** Adds `deliveries` (skipping those already there) and moves the cursor to `cursor`, in one transaction. */
  enqueue(deliveries: readonly NewDelivery[], cursor: Seq): Promise<void>;
  /**
   * Up to `limit` deliveries due at `now` and not leased, oldest due first, each leased to the caller until
   * `now + leaseMs`; none of the watches in `skipWatchIds` (whose receivers are busy: their turn comes later).
   */
  claim(now: number, limit: number, leaseMs: number, skipWatchIds?: readonly string[]): Promise<OutboxDelivery[]>;
  /** Gives a claimed delivery back untried (no attempt counted): it is due again at once, for any worker. */
  release(id: string): Promise<void>;
  /** Removes a delivered (or abandoned) delivery. */
  ack(id: string): Promise<void>;
  /** Releases a failed delivery until `nextAttemptAt`, recording the attempt. */
  reschedule(id: string, nextAttemptAt: number, attempts: number, lastError: string): Promise<void>;
  /** Removes every delivery of a watch (deleted or suspended); returns how many. */
  dropWatch(watchId: string): Promise<number>;
  /** Deliveries of one watch not yet acknowledged. */
  pendingFor(watchId: string): Promise<number>;
  stats(): Promise<OutboxStats>;
}
