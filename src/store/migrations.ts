import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './StoreDialect';

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
      await db.schema.createIndex('geopf_editions_listed_by_zone').on('geopf_editions').columns(['zone', 'format', 'date_key', 'product', 'name']).where(sql.ref('withdrawn_at'), 'is', null).execute();
      await db.schema.createIndex('geopf_editions_listed_by_format').on('geopf_editions').columns(['format', 'date_key', 'product', 'name']).where(sql.ref('withdrawn_at'), 'is', null).execute();
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
];
