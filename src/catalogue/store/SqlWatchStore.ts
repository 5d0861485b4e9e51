import type { ChangeFilter } from '../changes/ChangeFilter';
import type { WatchRecord, WatchStatus } from '../watches/Watch';
import type { WatchStore } from '../watches/WatchStore';
import type { CatalogueStore } from './CatalogueStore';
import type { WatchRow } from './tables';

/** Webhook watches in the catalogue store's `geopf_watches`: they survive restarts and every replica sees them. */
export class SqlWatchStore implements WatchStore {
  constructor(private readonly store: CatalogueStore) {}

  async create(watch: WatchRecord): Promise<void> {
    await this.store.db
      .insertInto('geopf_watches')
      .values({
        id: watch.id,
        url: watch.url,
        filter: JSON.stringify(watch.filter),
        secret: watch.secret,
        created_at: watch.createdAt,
        status: watch.status,
        suspended_at: watch.suspendedAt,
        suspended_reason: watch.suspendedReason,
      })
      .execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('geopf_watches').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async get(id: string): Promise<WatchRecord | null> {
    const row = await this.store.db.selectFrom('geopf_watches').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toWatch(row) : null;
  }

  async list(): Promise<WatchRecord[]> {
    return (await this.store.db.selectFrom('geopf_watches').selectAll().orderBy('created_at').orderBy('id').execute()).map(toWatch);
  }

  async suspend(id: string, reason: string, at: string): Promise<void> {
    await this.store.db.updateTable('geopf_watches').set({ status: 'SUSPENDED', suspended_at: at, suspended_reason: reason }).where('id', '=', id).execute();
  }
}

// Private: a row as the webhook code holds a watch.
function toWatch(row: WatchRow): WatchRecord {
  return {
    id: row.id,
    url: row.url,
    filter: JSON.parse(row.filter) as ChangeFilter,
    secret: row.secret,
    createdAt: row.created_at,
    status: row.status as WatchStatus,
    suspendedAt: row.suspended_at,
    suspendedReason: row.suspended_reason,
  };
}
