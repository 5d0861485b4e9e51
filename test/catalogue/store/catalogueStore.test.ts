import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { CatalogueStore, type EditionKey } from '../../../src/catalogue/store/CatalogueStore';
import { MIGRATIONS } from '../../../src/catalogue/store/migrations';
import { openStore, StoreOpenError } from '../../../src/catalogue/store/openStore';
import type { ResourceEntry, SubResourceEntry } from '../../../src/upstream/format/model';
import { StatementRecorder } from '../../helpers/StatementRecorder';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

function edition(name: string, date: string | null, zone = 'D075', updated = '2025-01-01T00:00:00+01:00'): SubResourceEntry {
  return {
    resourceName: 'P',
    name,
    title: name,
    updated,
    editionDate: date,
    zone: { code: zone, label: null },
    format: { code: 'SHP', label: 'Shapefile' },
    crs: { code: 'EPSG:2154', label: null },
  };
}

function product(name: string, updated = 'u'): ResourceEntry {
  return { name, title: name, description: null, updated, zones: [], formats: [], crs: [] };
}

describe.each(DIALECTS)('catalogue store on %s', (dialect) => {
  const stores = storesForSuite(dialect);

  describe('opening', () => {
    it('migrates a new store and opens it again without migrating twice', async () => {
      const location = await stores.location();
      const first = new CatalogueStore(await openStore(location));
      await first.setState({ marker: 'kept' });
      await first.close();
      const again = new CatalogueStore(await openStore(location));
      try {
        expect(await again.getState('marker')).toBe('kept');
        const version = await again.db.selectFrom('geopf_meta').select('value').where('key', '=', 'schema_version').executeTakeFirstOrThrow();
        expect(version.value).toBe(String(MIGRATIONS.length));
      } finally {
        await again.close();
      }
    });

    it('never leaves a half-migrated store: a failing migration rolls the whole start-up back', async () => {
      const location = await stores.location();
      const failing = [
        ...MIGRATIONS,
        {
          version: 99,
          description: 'creates a table, then fails',
          async up(db: any) {
            await db.schema.createTable('geopf_half').addColumn('x', 'text').execute();
            throw new Error('boom in migration 99');
          },
        },
      ];
      await expect(openStore(location, failing)).rejects.toThrow(/boom in migration 99/);
      // Nothing of that attempt stays: not even migration 1, which ran in the same transaction.
      const store = await openStore(location, []);
      try {
        const tables =
          dialect === 'sqlite' ?
            (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)).rows.map((row) => row.name)
          : (
              await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(store.db)
            ).rows.map((row) => row.name);
        expect(tables).not.toContain('geopf_half');
        expect(tables).not.toContain('geopf_editions');
      } finally {
        await store.close();
      }
    });

    it("refuses a store that is not this program's, naming where it is", async () => {
      const location = await stores.location();
      const store = await openStore(location);
      await store.db.updateTable('geopf_meta').set({ value: 'someone-else' }).where('key', '=', 'app').execute();
      await store.close();
      const error = await openStore(location).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as Error).message).toMatch(/not this program's store.*someone-else/);
      expect((error as Error).message).toContain(location.kind === 'sqlite' ? location.dataDir : '127.0.0.1');
    });

    it('refuses a store migrated by a newer version', async () => {
      const location = await stores.location();
      const store = await openStore(location);
      await store.db.updateTable('geopf_meta').set({ value: '999' }).where('key', '=', 'schema_version').execute();
      await store.close();
      await expect(openStore(location)).rejects.toThrow(/schema version 999 is newer/);
    });
  });

  describe('listings and the change log', () => {
    it('records a baseline without events, then exactly the differences of the next listings', async () => {
      const store = await stores.open();
      await store.applyCapabilities([{ name: 'P', title: 'P', description: null, updated: 'u1', zones: [], formats: [], crs: [] }], true, T0, false);
      await store.applyListing('P', [edition('A', '2024-01-01'), edition('B', '2025-01-01')], 2, T0, false);
      expect(await store.changes(0, 100)).toEqual([]);

      await store.applyCapabilities([{ name: 'P', title: 'P', description: null, updated: 'u2', zones: [], formats: [], crs: [] }], false, T1, true);
      const diff = await store.applyListing('P', [edition('B', '2025-01-01', 'D075', 'changed'), edition('C', '2026-01-01', 'D013')], 2, T1, true);
      expect(diff).toEqual({ added: 1, changed: 1, withdrawn: 1 });
      const events = await store.changes(0, 100);
      expect(events.map((event) => [event.kind, event.editionName])).toEqual([
        ['PRODUCT_CHANGED', null],
        ['EDITION_CHANGED', 'B'],
        ['EDITION_ADDED', 'C'],
        ['EDITION_WITHDRAWN', 'A'],
      ]);
      expect(events[2]).toMatchObject({
        resourceName: 'P',
        editionName: 'C',
        zone: 'D013',
        format: 'SHP',
        crs: 'EPSG:2154',
        editionDate: '2026-01-01',
        observedAt: T1,
      });
      expect(events.map((event) => Number(event.seq))).toEqual([...events.map((event) => Number(event.seq))].sort((a, b) => a - b));
      expect(events.every((event) => /^[1-9]\d*$/.test(event.seq) && event.changes.length === 0)).toBe(true);
      expect(await store.changes(Number(events[1]!.seq), 100)).toEqual(events.slice(2));

      const withdrawn = await store.edition('P', 'A');
      expect(withdrawn).toMatchObject({ withdrawnAt: T1, firstSeenAt: T0 });
      expect(await store.counts()).toEqual({ products: 1, withdrawnProducts: 0, editions: 2, withdrawnEditions: 1 });
    });

    it('withdraws a product only from a complete capabilities listing', async () => {
      const store = await stores.open();
      const p = (name: string) => ({ name, title: name, description: null, updated: 'u', zones: [], formats: [], crs: [] });
      await store.applyCapabilities([p('P'), p('Q')], true, T0, false);
      await store.applyListing('Q', [edition('Q1', '2024-01-01')], 1, T0, false);
      await store.applyCapabilities([p('P')], false, T1, true);
      expect(await store.changes(0, 10)).toEqual([]);
      await store.applyCapabilities([p('P')], true, T1, true);
      expect((await store.changes(0, 10)).map((event) => [event.kind, event.resourceName, event.editionName])).toEqual([
        ['PRODUCT_WITHDRAWN', 'Q', null],
        ['EDITION_WITHDRAWN', 'Q', 'Q1'],
      ]);
    });
  });

  describe('editions', () => {
    it('pages by keyset without skipping or repeating while editions are added', async () => {
      const store = await stores.open();
      await store.applyCapabilities([{ name: 'P', title: 'P', description: null, updated: 'u', zones: [], formats: [], crs: [] }], true, T0, false);
      const initial = Array.from({ length: 30 }, (_, i) => edition(`E${String(i).padStart(2, '0')}`, `20${String(10 + (i % 7))}-01-01`));
      await store.applyListing('P', initial, initial.length, T0, false);
      const seen: string[] = [];
      let from: EditionKey | null = null;
      for (let page = 0; page < 20; page += 1) {
        const window = await store.editions({}, 'EDITION_DATE_DESC', from, false, 7);
        if (window.length === 0) break;
        seen.push(...window.map((item) => item.edition.name));
        from = window[window.length - 1]!.key;
        if (page === 1) {
          // A sync adds editions on both sides of the cursor, with dates equal to those already paged.
          const added = [edition('N-early', '2016-01-01'), edition('N-late', '2010-01-01'), edition('N-same', '2014-01-01')];
          await store.applyListing('P', [...initial, ...added], initial.length + added.length, T1, true);
        }
      }
      expect(new Set(seen).size).toBe(seen.length);
      for (const item of initial) expect(seen).toContain(item.name);
      // Those sorting after the cursor at the time of the add are reached too.
      expect(seen).toContain('N-late');
    });

    it('pages backward from the end to the same order', async () => {
      const store = await stores.open();
      await store.applyCapabilities([{ name: 'P', title: 'P', description: null, updated: 'u', zones: [], formats: [], crs: [] }], true, T0, false);
      const initial = Array.from({ length: 9 }, (_, i) => edition(`E${i}`, i % 2 ? null : `2020-0${1 + i}-01`, i < 4 ? 'D075' : 'D013'));
      await store.applyListing('P', initial, initial.length, T0, false);
      const forward = (await store.editions({}, 'EDITION_DATE_ASC', null, false, 100)).map((item) => item.edition.name);
      const backward: string[] = [];
      let from: EditionKey | null = null;
      for (;;) {
        const window = await store.editions({}, 'EDITION_DATE_ASC', from, true, 4);
        if (window.length === 0) break;
        backward.unshift(...window.map((item) => item.edition.name));
        from = window[0]!.key;
      }
      expect(backward).toEqual(forward);
      expect(await store.countEditions({ zones: ['D075'] })).toBe(4);
      // An empty list matches nothing (a spatial filter may stand for no zone at all).
      expect(await store.countEditions({ zones: [] })).toBe(0);
      expect(await store.editions({ zones: [], formats: [] }, 'EDITION_DATE_ASC', null, false, 10)).toEqual([]);
      expect(await store.changes(0, 10, { zones: [], formats: [] })).toEqual([]);
      expect(await store.countEditions({ editionDateFrom: '2020-03-01', editionDateTo: '2020-07-31' })).toBe(3);
      const facets = await store.facets('P');
      expect(facets.zones).toEqual([
        { code: 'D013', label: null, count: 5 },
        { code: 'D075', label: null, count: 4 },
      ]);
      expect(facets.years).toEqual([{ year: 2020, count: 5 }]);
    });
  });

  describe('listing positions', () => {
    // A store over a fresh location whose every statement is recorded.
    const recordedStore = async () => {
      const opened = await openStore(await stores.location());
      const recorder = new StatementRecorder();
      return { store: new CatalogueStore({ ...opened, db: opened.db.withPlugin(recorder) }), recorder };
    };
    const positions = async (store: CatalogueStore) =>
      Object.fromEntries([...(await store.products()).values()].map((row) => [row.name, row.listing_position]));

    it('records each product position of a complete walk and rewrites only the rows that moved', async () => {
      const { store, recorder } = await recordedStore();
      try {
        await store.applyCapabilities(
          ['A', 'B', 'C'].map((name) => product(name)),
          true,
          T0,
          false,
        );
        expect(await positions(store)).toEqual({ A: 1, B: 2, C: 3 });

        recorder.clear();
        await store.applyCapabilities(
          ['A', 'B', 'C'].map((name) => product(name)),
          true,
          T1,
          true,
        );
        expect(recorder.of('UpdateQueryNode', 'geopf_products')).toEqual([]);

        // X listed second moves B and C: one statement, two rows; A is not rewritten.
        recorder.clear();
        await store.applyCapabilities(
          ['A', 'X', 'B', 'C'].map((name) => product(name)),
          true,
          T1,
          true,
        );
        expect(await positions(store)).toEqual({ A: 1, X: 2, B: 3, C: 4 });
        expect(recorder.of('UpdateQueryNode', 'geopf_products').map((statement) => statement.rows)).toEqual([2]);
        expect(recorder.of('InsertQueryNode', 'geopf_products').map((statement) => statement.rows)).toEqual([1]);

        // A product changed and moved: its one update records both.
        recorder.clear();
        await store.applyCapabilities([product('X'), product('A', 'u2'), product('B'), product('C')], true, T1, true);
        expect(await positions(store)).toEqual({ X: 1, A: 2, B: 3, C: 4 });
        expect(recorder.of('UpdateQueryNode', 'geopf_products').map((statement) => statement.rows)).toEqual([1, 1]);
      } finally {
        await store.close();
      }
    });

    it('gives none to products added by an incremental listing and takes it from withdrawn ones', async () => {
      const store = await stores.open();
      await store.applyCapabilities(
        ['A', 'B', 'C'].map((name) => product(name)),
        true,
        T0,
        false,
      );
      // An incremental (updatedFrom-filtered) listing: C changed, Y new; no position comes from its order.
      await store.applyCapabilities([product('Y'), product('C', 'u2')], false, T1, true);
      expect(await positions(store)).toEqual({ A: 1, B: 2, C: 3, Y: null });
      await store.applyCapabilities([product('C', 'u2'), product('Y')], true, T1, true);
      expect(await positions(store)).toEqual({ A: null, B: null, C: 1, Y: 2 });
      expect(
        [...(await store.products()).values()]
          .filter((row) => row.withdrawn_at !== null)
          .map((row) => row.name)
          .sort(),
      ).toEqual(['A', 'B']);
      // Listed again by an incremental listing: listed, but without a position until the next complete walk.
      await store.applyCapabilities([product('A')], false, T1, true);
      expect(await positions(store)).toEqual({ A: null, B: null, C: 1, Y: 2 });
    });

    it('issues no update when a full walk of 2,500 products finds nothing moved', async () => {
      const { store, recorder } = await recordedStore();
      try {
        const listing = Array.from({ length: 2500 }, (_, index) => product(`P${String(index).padStart(4, '0')}`));
        await store.applyCapabilities(listing, true, T0, false);
        recorder.clear();
        await store.applyCapabilities(listing, true, T1, true);
        expect(recorder.statements.filter((statement) => statement.kind !== 'SelectQueryNode')).toEqual([]);
        expect((await store.products()).get('P2499')?.listing_position).toBe(2500);
      } finally {
        await store.close();
      }
    }, 60_000);
  });

  describe('listedCatalogue()', () => {
    it('reads listed products, every listed edition and the revision, with only what the in-memory copies need', async () => {
      const store = await stores.open();
      await store.applyCapabilities([product('P'), product('Q'), product('W')], true, T0, false);
      await store.applyListing('P', [edition('A', '2024-01-01'), edition('B', null, 'D013')], 2, T0, false);
      await store.applyListing('W', [edition('W1', '2024-01-01')], 1, T0, false);
      await store.applyListing('P', [edition('B', null, 'D013')], 1, T1, true);
      // Q is listed but its listing was never read whole; W is withdrawn.
      await store.applyCapabilities([product('Q'), product('P')], true, T1, true);

      const { products, editions, revision } = await store.listedCatalogue();
      expect([...products].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'P', listing_position: 2, edition_total: 1, listed_at: T1 },
        { name: 'Q', listing_position: 1, edition_total: null, listed_at: null },
      ]);
      expect(editions).toEqual([
        {
          product: 'P',
          name: 'B',
          zone: 'D013',
          zone_label: null,
          format: 'SHP',
          format_label: 'Shapefile',
          crs: 'EPSG:2154',
          crs_label: null,
          edition_date: null,
          first_seen_at: T0,
        },
      ]);
      // One more per transaction that changed the listed editions: P's first listing, W's, P's second, W withdrawn.
      expect(revision).toBe(4);
    });
  });

  describe('the lease', () => {
    it('is held by one holder until it expires, then taken over', async () => {
      const store = await stores.open();
      expect(await store.acquireLease('sync', 'a', T0, T1)).toBe(true);
      expect(await store.acquireLease('sync', 'b', T0, T1)).toBe(false);
      expect(await store.acquireLease('sync', 'a', T0, T1)).toBe(true);
      expect(await store.acquireLease('sync', 'b', '2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z')).toBe(true);
      expect(await store.acquireLease('sync', 'a', '2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z')).toBe(false);
      await store.releaseLease('sync', 'b');
      expect(await store.acquireLease('sync', 'a', '2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z')).toBe(true);
    });
  });
});

describe('embedded store location', () => {
  it('stops with the path and the cause when the data directory cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geopf-store-'));
    try {
      const blocker = join(dir, 'a-file');
      writeFileSync(blocker, 'not a directory');
      const error = await openStore({ kind: 'sqlite', dataDir: join(blocker, 'data') }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as Error).message).toContain(join(blocker, 'data'));
      expect((error as Error).message).toMatch(/ENOTDIR|EEXIST/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a SQLite file holding tables of another program', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geopf-store-'));
    try {
      const { default: Database } = await import('better-sqlite3');
      const foreign = new Database(join(dir, 'catalogue.sqlite'));
      foreign.exec('create table invoices (id integer)');
      foreign.close();
      await expect(openStore({ kind: 'sqlite', dataDir: dir })).rejects.toThrow(/not this program's store \(it holds invoices/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geopf-store-'));
    try {
      writeFileSync(join(dir, 'catalogue.sqlite'), 'x'.repeat(4096));
      await expect(openStore({ kind: 'sqlite', dataDir: dir })).rejects.toThrow(
        new RegExp(`${join(dir, 'catalogue.sqlite').replace(/[.]/g, '\\.')}.*not a database`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
