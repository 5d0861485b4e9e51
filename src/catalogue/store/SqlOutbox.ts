import type { ChangeEvent, Seq } from '../changes/ChangeEvent';
import { compareSeq } from '../changes/ChangeEvent';
import type { NewDelivery, Outbox, OutboxDelivery, OutboxStats } from '../watches/Outbox';
import type { CatalogueStore } from './CatalogueStore';
import { inTransaction } from './inTransaction';
import type { OutboxRow } from './tables';

/** The sync-state key holding the change-log position up to which events were fanned out to watches. */
export const FANOUT_CURSOR_KEY = 'webhook_fanout_seq';

/**
 * The webhook outbox in the catalogue store's `geopf_outbox`: durable (a restart resumes pending deliveries and
 * their retry times) and shared by replicas. Enqueuing skips deliveries already there (unique (event_id,
 * watch_id)) and moves the fan-out cursor forward only, in one transaction, so replicas fanning out the same
 * events enqueue each delivery once. `claim` leases each delivery with a compare-and-set on `lease_until`:
 * one replica at a time holds it, and one that died lets it go when the lease runs out (at-least-once).
 */
export class SqlOutbox implements Outbox {
  constructor(
    private readonly store: CatalogueStore,
    private readonly now: () => number = Date.now,
  ) {}

  async cursor(): Promise<Seq | null> {
    return this.store.getState(FANOUT_CURSOR_KEY);
  }

  async enqueue(deliveries: readonly NewDelivery[], cursor: Seq): Promise<void> {
    const now = this.now();
    await inTransaction(this.store.db, async (trx) => {
      for (const delivery of deliveries) {
        await trx
          .insertInto('geopf_outbox')
          .values({
            event_id: delivery.eventId,
            watch_id: delivery.watchId,
            event: JSON.stringify(delivery.event),
            attempts: 0,
            created_at: now,
            next_attempt_at: now,
            lease_until: 0,
            last_error: null,
          })
          .onConflict((oc) => oc.columns(['event_id', 'watch_id']).doNothing())
          .execute();
      }
      const held = await trx.selectFrom('geopf_sync_state').select('value').where('key', '=', FANOUT_CURSOR_KEY).executeTakeFirst();
      if (held && compareSeq(held.value, cursor) >= 0) return;
      await trx
        .insertInto('geopf_sync_state')
        .values({ key: FANOUT_CURSOR_KEY, value: cursor })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: cursor }))
        .execute();
    });
  }

  async claim(now: number, limit: number, leaseMs: number, skipWatchIds: readonly string[] = []): Promise<OutboxDelivery[]> {
    let query = this.store.db.selectFrom('geopf_outbox').selectAll().where('next_attempt_at', '<=', now).where('lease_until', '<=', now);
    if (skipWatchIds.length > 0) query = query.where('watch_id', 'not in', [...skipWatchIds]);
    const candidates = await query.orderBy('next_attempt_at').orderBy('created_at').orderBy('id').limit(limit).execute();
    const claimed: OutboxDelivery[] = [];
    for (const row of candidates) {
      // Taken only if nobody leased it since it was read: another replica's claim makes this one a no-op.
      const taken = await this.store.db
        .updateTable('geopf_outbox')
        .set({ lease_until: now + leaseMs })
        .where('id', '=', row.id)
        .where('lease_until', '<=', now)
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) > 0) claimed.push(toDelivery(row));
    }
    return claimed;
  }

  async release(id: string): Promise<void> {
    await this.store.db.updateTable('geopf_outbox').set({ lease_until: 0 }).where('id', '=', Number(id)).execute();
  }

  async ack(id: string): Promise<void> {
    await this.store.db.deleteFrom('geopf_outbox').where('id', '=', Number(id)).execute();
  }

  async reschedule(id: string, nextAttemptAt: number, attempts: number, lastError: string): Promise<void> {
    await this.store.db
      .updateTable('geopf_outbox')
      .set({ next_attempt_at: nextAttemptAt, attempts, last_error: lastError, lease_until: 0 })
      .where('id', '=', Number(id))
      .execute();
  }

  async dropWatch(watchId: string): Promise<number> {
    const result = await this.store.db.deleteFrom('geopf_outbox').where('watch_id', '=', watchId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async pendingFor(watchId: string): Promise<number> {
    const row = await this.store.db
      .selectFrom('geopf_outbox')
      .where('watch_id', '=', watchId)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async stats(): Promise<OutboxStats> {
    const row = await this.store.db
      .selectFrom('geopf_outbox')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('created_at').as('oldest')])
      .executeTakeFirstOrThrow();
    return { depth: Number(row.n), oldestCreatedAt: row.oldest === null || row.oldest === undefined ? null : Number(row.oldest) };
  }
}

// Private: a row as the worker takes a delivery (ids and epoch-ms columns as numbers on both dialects).
function toDelivery(row: { id: number } & Omit<OutboxRow, 'id'>): OutboxDelivery {
  return {
    id: String(row.id),
    watchId: row.watch_id,
    eventId: row.event_id,
    event: JSON.parse(row.event) as ChangeEvent,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
  };
}
