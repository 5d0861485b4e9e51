import type { Seq } from '../changes/ChangeEvent';
import type { NewDelivery, Outbox, OutboxDelivery, OutboxStats } from './Outbox';

/**
 * An outbox in the process's memory, for tests and until the store exists: NOT durable (a restart loses
 * pending deliveries) and not shared by replicas. `now` is the clock deliveries are created with.
 */
export class MemoryOutbox implements Outbox {
  private readonly deliveries = new Map<string, OutboxDelivery & { leaseUntil: number }>();
  private position: Seq | null = null;
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  async cursor(): Promise<Seq | null> {
    return this.position;
  }

  async enqueue(deliveries: readonly NewDelivery[], cursor: Seq): Promise<void> {
    const now = this.now();
    for (const delivery of deliveries) {
      const duplicate = [...this.deliveries.values()].some((held) => held.eventId === delivery.eventId && held.watchId === delivery.watchId);
      if (duplicate) continue;
      const id = `dlv_${this.nextId++}`;
      this.deliveries.set(id, { ...delivery, id, attempts: 0, createdAt: now, nextAttemptAt: now, lastError: null, leaseUntil: 0 });
    }
    this.position = cursor;
  }

  async claim(now: number, limit: number, leaseMs: number, skipWatchIds: readonly string[] = []): Promise<OutboxDelivery[]> {
    const skipped = new Set(skipWatchIds);
    const due = [...this.deliveries.values()]
      .filter((delivery) => delivery.nextAttemptAt <= now && delivery.leaseUntil <= now && !skipped.has(delivery.watchId))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt)
      .slice(0, limit);
    for (const delivery of due) delivery.leaseUntil = now + leaseMs;
    return due.map(({ leaseUntil: _lease, ...delivery }) => ({ ...delivery }));
  }

  async release(id: string): Promise<void> {
    const delivery = this.deliveries.get(id);
    if (delivery) delivery.leaseUntil = 0;
  }

  async ack(id: string): Promise<void> {
    this.deliveries.delete(id);
  }

  async reschedule(id: string, nextAttemptAt: number, attempts: number, lastError: string): Promise<void> {
    const delivery = this.deliveries.get(id);
    if (delivery) Object.assign(delivery, { nextAttemptAt, attempts, lastError, leaseUntil: 0 });
  }

  async dropWatch(watchId: string): Promise<number> {
    const dropped = [...this.deliveries.values()].filter((delivery) => delivery.watchId === watchId);
    for (const delivery of dropped) this.deliveries.delete(delivery.id);
    return dropped.length;
  }

  async pendingFor(watchId: string): Promise<number> {
    return [...this.deliveries.values()].filter((delivery) => delivery.watchId === watchId).length;
  }

  async stats(): Promise<OutboxStats> {
    const created = [...this.deliveries.values()].map((delivery) => delivery.createdAt);
    return { depth: created.length, oldestCreatedAt: created.length === 0 ? null : created.reduce((oldest, time) => Math.min(oldest, time)) };
  }
}
