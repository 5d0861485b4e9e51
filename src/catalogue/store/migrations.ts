import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './StoreDialect';
import { backfillSearchIndex } from './backfillSearchIndex';
import { createSearchIndex } from './createSearchIndex';
import type { StoreTables } from './tables';

/** One step of the store's schema; applied once, in order, inside the start-up transaction. */
export interface Migration {
  version: number;
  description: string;
  up(db: Kysely<any>, dialect: StoreDialect): Promise<void>;
}

/** Every migration, oldest first. Append new ones; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'products, editions, change log, sync state, lease',
    async up(db, dialect) {
      await db.schema
        .createTable('geopf_products')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text')
        .addColumn('updated', 'text')
        .addColumn('edition_total', 'integer')
        .addColumn('listed_at', 'text')
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('withdrawn_at', 'text')
        .execute();
      await db.schema
        .createTable('geopf_editions')
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('updated', 'text')
        .addColumn('edition_date', 'text')
        .addColumn('date_key', 'text', (c) => c.notNull())
        .addColumn('zone', 'text')
        .addColumn('zone_label', 'text')
        .addColumn('format', 'text')
        .addColumn('format_label', 'text')
        .addColumn('crs', 'text')
        .addColumn('crs_label', 'text')
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('withdrawn_at', 'text')
        .addPrimaryKeyConstraint('geopf_editions_pk', ['product', 'name'])
        .execute();
      await db.schema.createIndex('geopf_editions_by_date').on('geopf_editions').columns(['date_key', 'product', 'name']).execute();
      await db.schema.createIndex('geopf_editions_by_first_seen').on('geopf_editions').columns(['first_seen_at', 'product', 'name']).execute();
      // Searches: listed editions by zone (then format) and by format, in date order; counts read the index alone.
      await db.schema
        .createIndex('geopf_editions_listed_by_zone')
        .on('geopf_editions')
        .columns(['zone', 'format', 'date_key', 'product', 'name'])
        .where(sql.ref('withdrawn_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('geopf_editions_listed_by_format')
        .on('geopf_editions')
        .columns(['format', 'date_key', 'product', 'name'])
        .where(sql.ref('withdrawn_at'), 'is', null)
        .execute();
      await db.schema
        .createTable('geopf_changes')
        .addColumn('seq', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('edition', 'text')
        .addColumn('zone', 'text')
        .addColumn('format', 'text')
        .addColumn('crs', 'text')
        .addColumn('edition_date', 'text')
        .addColumn('observed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('geopf_sync_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('geopf_lease')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 2,
    description: 'webhook watches and their outbox',
    async up(db, dialect) {
      const epochMs = dialect === 'postgres' ? 'bigint' : 'integer';
      await db.schema
        .createTable('geopf_watches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('filter', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('suspended_at', 'text')
        .addColumn('suspended_reason', 'text')
        .execute();
      await db.schema
        .createTable('geopf_outbox')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('watch_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('created_at', epochMs, (c) => c.notNull())
        .addColumn('next_attempt_at', epochMs, (c) => c.notNull())
        .addColumn('lease_until', epochMs, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addUniqueConstraint('geopf_outbox_event_watch', ['event_id', 'watch_id'])
        .execute();
      await db.schema.createIndex('geopf_outbox_due').on('geopf_outbox').columns(['next_attempt_at', 'created_at']).execute();
      await db.schema.createIndex('geopf_outbox_by_watch').on('geopf_outbox').column('watch_id').execute();
    },
  },
  {
    version: 3,
    description: "products' positions in the capabilities listing",
    async up(db) {
      // Null until the next complete walk of the unfiltered capabilities listing records it.
      await db.schema.alterTable('geopf_products').addColumn('listing_position', 'integer').execute();
    },
  },
  {
    version: 4,
    description: 'full-text index of products and zones, capabilities entries, the revision of the listed editions',
    async up(db, dialect) {
      await db.schema.alterTable('geopf_products').addColumn('entry', 'text').execute();
      const fold = await createSearchIndex(db as Kysely<StoreTables>, dialect);
      await db
        .insertInto('geopf_meta')
        .values([{ key: 'revision', value: '0' }, ...(fold ? [{ key: 'search_fold', value: fold }] : [])])
        .execute();
      await backfillSearchIndex(db as Kysely<StoreTables>);
      // Descriptions and capabilities entries are not in the store yet: the syncer's next pass reads the whole
      // capabilities listing (`SyncStateKey.CAPABILITIES_OWED`; its name, as of this version, spelled here).
      const products = await db.selectFrom('geopf_products').select('name').limit(1).execute();
      if (products.length > 0) await db.insertInto('geopf_sync_state').values({ key: 'capabilities_owed', value: 'search documents' }).execute();
      if (dialect === 'postgres') {
        // Code-unit order, as SQLite's binary collation and the in-memory copy of the editions: keyset order, and
        // the greatest label a facet shows.
        const columns = ['product', 'name', 'date_key', 'first_seen_at', 'zone_label', 'format_label', 'crs_label'];
        await sql.raw(`alter table geopf_editions ${columns.map((column) => `alter column ${column} type text collate "C"`).join(', ')}`).execute(db);
      }
    },
  },
];
