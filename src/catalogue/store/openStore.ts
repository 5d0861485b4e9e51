import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { inTransaction } from './inTransaction';
import { faultAdvice, storeFault } from './storeFault';
import { MIGRATIONS, type Migration } from './migrations';
import type { StoreDialect } from './StoreDialect';
import type { StoreTables } from './tables';

/** The name written in `geopf_meta.app`: a store holding anything else is not ours. */
export const STORE_APP = 'geopf-download-subgraph';
/** The SQLite file inside `GEOPF_DATA_DIR`. */
export const SQLITE_FILE = 'catalogue.sqlite';

/** Where the store lives: a data directory (SQLite) or a PostgreSQL URL. */
export type StoreLocation = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

/** An open, migrated store. */
export interface OpenStore {
  db: Kysely<StoreTables>;
  dialect: StoreDialect;
  /** For messages: the SQLite file, or the PostgreSQL URL without its password. */
  where: string;
  /** What the integrity check at open found wrong (SQLite `quick_check`); null when sound or not checked (PostgreSQL). */
  damage?: string | null;
  close(): Promise<void>;
}

/** The store cannot be used: the message names the path (or URL) and the cause. Start-up stops on it. */
export class StoreOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

/**
 * Opens the store and brings its schema to the current version, all migrations in one transaction (never a
 * half-migrated store). Throws `StoreOpenError` when the data directory cannot be created or written, when the
 * database is not this program's (foreign tables in our SQLite file, another app's `geopf_meta`), when it
 * was migrated by a newer version of this program, or when a write fails (a full disk: the message gives the
 * database's own cause). A SQLite store whose pages are damaged elsewhere opens, with `damage` saying what
 * its `quick_check` found: the index reports it, the live fields still answer.
 */
export async function openStore(location: StoreLocation, migrations: readonly Migration[] = MIGRATIONS): Promise<OpenStore> {
  const opened = location.kind === 'sqlite' ? await openSqlite(location.dataDir) : openPostgres(location.url);
  try {
    await migrate(opened, migrations);
    if (opened.dialect === 'sqlite') opened.damage = await quickCheck(opened.db);
  } catch (error) {
    await opened.close().catch(() => undefined);
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(`Catalogue store ${opened.where}: ${describe(error)}`, { cause: error });
  }
  return opened;
}

// Private: what SQLite's quick check (every page and index read once, no cross-check) finds wrong; null when sound.
async function quickCheck(db: Kysely<StoreTables>): Promise<string | null> {
  try {
    const rows = await sql<{ quick_check: string }>`pragma quick_check(5)`.execute(db);
    const found = rows.rows.map((row) => row.quick_check);
    return found.length === 1 && found[0] === 'ok' ? null : `quick_check: ${found.join('; ').replace(/\s+/g, ' ').slice(0, 300)}`;
  } catch (error) {
    return storeFault(error).cause;
  }
}

// Private: the SQLite file under `dataDir`, the directory created and checked writable first.
async function openSqlite(dataDir: string): Promise<OpenStore> {
  const dir = resolve(dataDir);
  const file = join(dir, SQLITE_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw new StoreOpenError(`Catalogue store: the data directory ${dir} (GEOPF_DATA_DIR) cannot be created or written: ${describe(error)}`, { cause: error });
  }
  let database: import('better-sqlite3').Database;
  try {
    const { default: Database } = await import('better-sqlite3');
    database = new Database(file);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new StoreOpenError(`Catalogue store ${file}: cannot be opened as a SQLite database: ${describe(error)}`, { cause: error });
  }
  const db = new Kysely<StoreTables>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', where: file, close: () => db.destroy() };
}

// Private: a pool on `url`; idle-connection errors (the server going away) are absorbed, the next query fails.
function openPostgres(url: string): OpenStore {
  // Loaded lazily so the embedded store never loads `pg`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Pool } = require('pg') as typeof import('pg');
  const pool = new Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5000, idleTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  // A connection the server drops while checked out emits on the client itself: absorbed, its query fails.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', where: url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'), close: () => db.destroy() };
}

// Private: checks the store is ours, then applies the missing migrations and records the version, in one
// transaction (PostgreSQL: under an advisory lock, so replicas starting together migrate once).
async function migrate(store: OpenStore, migrations: readonly Migration[]): Promise<void> {
  const latest = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
  await inTransaction(store.db, async (trx) => {
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('geopf_meta'))`.execute(trx);
    const tables = await tableNames(trx as Kysely<any>, store.dialect);
    const hasMeta = tables.includes('geopf_meta');
    const ours = store.dialect === 'sqlite' ? tables.filter((name) => !name.startsWith('sqlite_')) : tables.filter((name) => name.startsWith('geopf_'));
    if (!hasMeta && ours.length > 0) {
      throw new StoreOpenError(
        `Catalogue store ${store.where}: not this program's store (it holds ${ours.slice(0, 5).join(', ')} but no geopf_meta); point GEOPF_DATA_DIR or DATABASE_URL elsewhere`,
      );
    }
    if (!hasMeta) {
      await trx.schema
        .createTable('geopf_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await trx
        .insertInto('geopf_meta')
        .values([
          { key: 'app', value: STORE_APP },
          { key: 'schema_version', value: '0' },
        ])
        .execute();
    }
    const meta = new Map((await trx.selectFrom('geopf_meta').selectAll().execute()).map((row) => [row.key, row.value]));
    if (meta.get('app') !== STORE_APP) {
      throw new StoreOpenError(
        `Catalogue store ${store.where}: not this program's store (geopf_meta.app is ${JSON.stringify(meta.get('app') ?? null)}, expected ${JSON.stringify(STORE_APP)})`,
      );
    }
    const current = Number(meta.get('schema_version') ?? '0');
    if (!Number.isInteger(current) || current > latest) {
      throw new StoreOpenError(
        `Catalogue store ${store.where}: schema version ${meta.get('schema_version')} is newer than this program knows (${latest}); run a newer version`,
      );
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      await migration.up(trx as Kysely<any>, store.dialect);
    }
    await trx
      .updateTable('geopf_meta')
      .set({ value: String(latest) })
      .where('key', '=', 'schema_version')
      .execute();
  });
}

// Private: the tables of the database (PostgreSQL: of the current schema).
async function tableNames(db: Kysely<any>, dialect: StoreDialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
    return rows.rows.map((row) => row.name);
  }
  const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
  return rows.rows.map((row) => row.name);
}

// Private: the error with its code, and what to do when it is a full disk or a corrupt file.
function describe(error: unknown): string {
  const fault = storeFault(error);
  const advice = faultAdvice(fault.kind);
  return advice === '' ? fault.cause : `${fault.cause} (${advice})`;
}
