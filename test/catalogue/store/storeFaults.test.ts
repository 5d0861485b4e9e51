import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { deadHolderOnThisHost, startCatalogue, type CatalogueConfig, type RunningCatalogue } from '../../../src/catalogue/index/startCatalogue';
import { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { inTransaction } from '../../../src/catalogue/store/inTransaction';
import { openStore } from '../../../src/catalogue/store/openStore';
import { storeFault } from '../../../src/catalogue/store/storeFault';
import { SyncStateKey } from '../../../src/catalogue/sync/SyncStateKey';
import { MetricsRegistry } from '../../../src/observability/metrics/Metrics';
import { memoryLog } from '../../helpers/memoryLog';
import { damageEditionsTable } from '../../helpers/damageStore';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';
import { startSyncHarness, type SyncHarness } from '../sync/syncHarness';

const CONFIG: CatalogueConfig = { enabled: true, dataDir: '', databaseUrl: null, syncIntervalSeconds: 900, fullSyncHours: 24, syncShare: 0.5 };

/** A pid that ran on this host and exited: a dead holder's. */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid as number;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

describe('deadHolderOnThisHost()', () => {
  it('is true for an earlier life of this process (same host and pid) and for a pid of this host that no longer runs', async () => {
    expect(deadHolderOnThisHost(`${hostname()}:${process.pid}:0badcafe`)).toBe(true);
    expect(deadHolderOnThisHost(`${hostname()}:${await exitedPid()}:0badcafe`)).toBe(true);
  });

  it('is false for a running process of this host, another host, and a holder it cannot read', () => {
    expect(deadHolderOnThisHost(`${hostname()}:${process.ppid}:0badcafe`)).toBe(false);
    expect(deadHolderOnThisHost(`another-host:${process.pid}:0badcafe`)).toBe(false);
    expect(deadHolderOnThisHost('replica-a')).toBe(false);
  });
});

/**
 * A SQLite store made as full as a full disk makes it: no page may be added (`max_page_count`, on the store's
 * one connection), and rows are added until not even a small one fits, so every write that needs room fails
 * with SQLITE_FULL, as on a full disk, while reads go on. Returns how to give the room back.
 */
async function fillToTheBrim(store: CatalogueStore): Promise<() => Promise<void>> {
  const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(store.db)).rows[0]!.page_count;
  await sql.raw(`pragma max_page_count = ${pages}`).execute(store.db);
  let filler = 0;
  for (let size = 4096; size >= 1;) {
    try {
      await store.setState({ [`filler-${(filler += 1)}`]: 'x'.repeat(size) });
    } catch (error) {
      expect(storeFault(error).kind).toBe('full');
      size = Math.floor(size / 2);
    }
  }
  return async () => {
    await sql.raw('pragma max_page_count = 1073741823').execute(store.db);
  };
}

describe('a full disk under the SQLite store', () => {
  const stores = storesForSuite('sqlite');
  let harness: SyncHarness;
  let running: RunningCatalogue | null = null;
  afterEach(async () => {
    await running?.stop();
    await harness.stop();
  });

  it('shows why every pass fails in catalogue { lastError }, though the store cannot record it, until a pass succeeds', async () => {
    harness = await startSyncHarness({ resourceCount: 3, rate: 100 });
    const store = await stores.open();
    running = startCatalogue(
      { store, autoStart: false, syncer: { clock: () => harness.clock.now } },
      { config: CONFIG, client: harness.client, gate: harness.gate, ratePerSecond: 100, logger: memoryLog().logger, registry: new MetricsRegistry() },
    );
    const giveRoomBack = await fillToTheBrim(store);

    for (let pass = 0; pass < 2; pass += 1) {
      await expect(running.syncer.runOnce()).rejects.toMatchObject({ code: 'SQLITE_FULL' });
      const status = await running.index.status();
      expect(status.lastError).toBe('SQLITE_FULL: database or disk is full (a write failed: the disk may be full, or a file size limit or quota reached)');
      // The store itself could not take the write: only the syncer's memory tells.
      expect(await store.getState(SyncStateKey.LAST_ERROR)).toBeNull();
    }

    await giveRoomBack();
    expect(await running.syncer.runOnce()).toMatchObject({ kind: 'full', baseline: true });
    expect((await running.index.status()).lastError).toBeNull();
  });
});

describe.each(DIALECTS)('store faults on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let harness: SyncHarness;
  let running: RunningCatalogue | null;
  beforeEach(async () => {
    harness = await startSyncHarness({ resourceCount: 3, rate: 100 });
    running = null;
  });
  afterEach(async () => {
    await running?.stop();
    await harness.stop();
  });

  const start = (store: CatalogueStore, log = memoryLog()) =>
    (running = startCatalogue(
      { store, autoStart: false, syncer: { clock: () => harness.clock.now } },
      { config: CONFIG, client: harness.client, gate: harness.gate, ratePerSecond: 100, logger: log.logger, registry: new MetricsRegistry() },
    ));

  it('throws the error that ended a transaction, even when the database had already ended it', async () => {
    const store = await stores.open();
    const cause = new Error('the cause');
    // The work ends the transaction itself, as SQLite does on a full disk; the rollback after it then fails on SQLite.
    await expect(
      inTransaction(store.db, async (trx) => {
        await trx.insertInto('geopf_sync_state').values({ key: 'k', value: 'v' }).execute();
        await sql`rollback`.execute(trx);
        throw cause;
      }),
    ).rejects.toBe(cause);
    expect(await store.getState('k')).toBeNull();
  });

  it('releases at start the sync lease of an earlier life of this process, instead of waiting it out', async () => {
    const store = await stores.open();
    const now = harness.clock.now;
    // The lease of a process that died without giving it up (a full disk refused the release): valid another minute.
    expect(await store.acquireLease('sync', `${hostname()}:${process.pid}:deadbeef`, now.toISOString(), new Date(now.getTime() + 60_000).toISOString())).toBe(
      true,
    );
    const log = memoryLog();
    const catalogue = start(store, log);
    expect(await catalogue.syncer.runOnce()).toMatchObject({ kind: 'full', baseline: true });
    expect(log.lines.map((line) => line.message)).toContain('catalogue sync lease of a dead holder released');
  });

  it('reports a corrupt store as corrupt, with the cause, on every index field and in the syncer; never as a passing outage', async () => {
    const location = await stores.location();
    const first = new CatalogueStore(await openStore(location));
    await start(first).syncer.runOnce();
    await running?.stop();
    running = null;
    await damageEditionsTable(location, stores.cluster);

    const store = new CatalogueStore(await openStore(location));
    const log = memoryLog();
    const catalogue = start(store, log);
    const corrupt = {
      message: expect.stringMatching(/^The catalogue store \((sqlite|postgres)\) is corrupt: .+\. It will not come back by itself: restore it from a backup/),
      extensions: { code: 'INDEX_UNAVAILABLE', storeCorrupt: true },
    };
    if (dialect === 'sqlite') {
      // Found at open, by the integrity check: the syncer never starts on it.
      expect(store.damage).toMatch(/^quick_check: /);
      expect(catalogue.index.damage).toBe(store.damage);
      expect(log.lines.map((line) => line.message)).toContain('catalogue store corrupt; not syncing');
    }
    await expect(catalogue.index.read((held) => held.countEditions({}))).rejects.toMatchObject(corrupt);
    await expect(catalogue.index.read((held) => held.counts())).rejects.toMatchObject(corrupt);
    await expect(catalogue.index.status()).rejects.toMatchObject(corrupt);
    if (dialect === 'postgres') {
      // Met by a read: the cause is PostgreSQL's own (XX001, data_corrupted).
      expect(catalogue.index.damage).toMatch(/^XX001: invalid page in block 0 of relation /);
      // The syncer meets it too, and stops rather than write on.
      harness.clock.advance(25 * 3600_000);
      await expect(catalogue.syncer.runOnce()).rejects.toMatchObject({ code: 'XX001' });
      expect(catalogue.syncer.stoppedBy).toMatch(/^XX001: /);
    }
  });

  it("waits out a live replica's lease", async () => {
    const store = await stores.open();
    const now = harness.clock.now;
    await store.acquireLease('sync', `${hostname()}:${process.ppid}:alive`, now.toISOString(), new Date(now.getTime() + 60_000).toISOString());
    expect(await start(store).syncer.runOnce()).toBeNull();
  });
});
