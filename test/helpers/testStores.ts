import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { openStore, type StoreLocation } from '../../src/catalogue/store/openStore';
import type { StoreDialect } from '../../src/catalogue/store/StoreDialect';
import { startPostgres, type PostgresCluster } from './postgres';

/** Both dialects: every store test runs on each. */
export const DIALECTS: readonly StoreDialect[] = ['sqlite', 'postgres'];

/** Fresh, empty store locations of one dialect, for one test file; `cleanup` in `afterAll`. */
export interface StoreFactory {
  /** A location nobody used yet (a new temp dir, or a new PostgreSQL database). */
  location(): Promise<StoreLocation>;
  /** A fresh, migrated store at a new location. */
  open(): Promise<CatalogueStore>;
  /** The cluster behind PostgreSQL locations (null for SQLite). */
  cluster: PostgresCluster | null;
  cleanup(): Promise<void>;
}

/** Starts what `dialect` needs (a throwaway PostgreSQL cluster; nothing for SQLite). */
export async function storeFactory(dialect: StoreDialect): Promise<StoreFactory> {
  const opened: CatalogueStore[] = [];
  const dirs: string[] = [];
  const cluster = dialect === 'postgres' ? await startPostgres() : null;
  let databases = 0;
  const location = async (): Promise<StoreLocation> => {
    if (cluster) {
      databases += 1;
      return { kind: 'postgres', url: await cluster.createDatabase(`t${databases}`) };
    }
    const dir = mkdtempSync(join(tmpdir(), 'geopf-store-'));
    dirs.push(dir);
    return { kind: 'sqlite', dataDir: join(dir, 'data') };
  };
  return {
    cluster,
    location,
    async open() {
      const store = new CatalogueStore(await openStore(await location()));
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((store) => store.close().catch(() => undefined)));
      cluster?.destroy();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The store locations of the enclosing `describe`: its dialect's factory is started in `beforeAll` (a PostgreSQL
 * cluster takes a while) and cleaned up in `afterAll`; use it from hooks and tests only.
 */
export function storesForSuite(dialect: StoreDialect): StoreFactory {
  let factory: StoreFactory | undefined;
  beforeAll(async () => {
    factory = await storeFactory(dialect);
  }, 120_000);
  afterAll(async () => {
    await factory?.cleanup();
  });
  const started = (): StoreFactory => {
    if (!factory) throw new Error('storesForSuite: the store factory is used before its beforeAll ran');
    return factory;
  };
  return {
    location: () => started().location(),
    open: () => started().open(),
    get cluster() {
      return started().cluster;
    },
    cleanup: () => started().cleanup(),
  };
}
