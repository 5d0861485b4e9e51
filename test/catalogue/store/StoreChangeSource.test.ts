import { StoreChangeSource } from '../../../src/catalogue/store/StoreChangeSource';
import type { ChangeEvent } from '../../../src/catalogue/changes/ChangeEvent';
import { EVERY_CHANGE, parseChangeFilter } from '../../../src/catalogue/changes/ChangeFilter';
import type { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import type { SubResourceEntry } from '../../../src/upstream/format/model';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';
import { until } from '../../helpers/until';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

function edition(name: string, zone: string, format: string): SubResourceEntry {
  return {
    resourceName: 'P',
    name,
    title: name,
    updated: T0,
    editionDate: '2026-01-01',
    zone: { code: zone, label: null },
    format: { code: format, label: null },
    crs: { code: 'EPSG:2154', label: null },
  };
}

const product = (name: string) => ({ name, title: name, description: null, updated: T0, zones: [], formats: [], crs: [] });

/** A timer the test fires by hand. */
function manualTimers() {
  const pending: Array<() => void> = [];
  return {
    setTimer: (callback: () => void) => {
      pending.push(callback);
      return () => {
        const index = pending.indexOf(callback);
        if (index >= 0) pending.splice(index, 1);
      };
    },
    fire: () => pending.splice(0).forEach((callback) => callback()),
    get pending() {
      return pending.length;
    },
  };
}

describe.each(DIALECTS)('StoreChangeSource on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let store: CatalogueStore;
  let sources: StoreChangeSource[];
  beforeEach(async () => {
    store = await stores.open();
    sources = [];
    // The baseline: P with three editions, recorded without events.
    await store.applyCapabilities([product('P')], true, T0, false);
    await store.applyListing('P', [edition('A', 'D029', 'GPKG')], 1, T0, false);
  });
  afterEach(async () => {
    await Promise.all(sources.map((source) => source.close()));
  });
  const source = (timers = manualTimers()) => {
    const created = new StoreChangeSource(store, { setTimer: timers.setTimer });
    sources.push(created);
    return created;
  };

  it('pages the log oldest first after a position, and history newest first before one, filtered in the query', async () => {
    await store.applyListing(
      'P',
      [edition('A', 'D029', 'GPKG'), edition('B', 'D075', 'GPKG'), edition('C', 'D029', 'shp'), edition('D', 'D029', 'GPKG')],
      4,
      T1,
      true,
    );
    const log = source();
    const names = (events: ChangeEvent[]) => events.map((event) => event.editionName);
    expect(await log.latestSeq()).toBe('3');
    const all = await log.page(EVERY_CHANGE, null, 10);
    expect(all.map((event) => event.seq)).toEqual(['1', '2', '3']);
    expect(all[0]).toEqual({
      seq: '1',
      kind: 'EDITION_ADDED',
      resourceName: 'P',
      editionName: 'B',
      zone: 'D075',
      format: 'GPKG',
      crs: 'EPSG:2154',
      editionDate: '2026-01-01',
      observedAt: T1,
      changes: [],
    });

    const finistereGpkg = parseChangeFilter({ zones: ['29'], formats: ['gpkg'] });
    // Filtered in SQL: a page of one is the first match, not the first event.
    expect(names(await log.page(finistereGpkg, null, 1))).toEqual(['D']);
    expect(names(await log.page(parseChangeFilter({ formats: ['SHP'] }), null, 5))).toEqual(['C']);
    expect(names(await log.page(EVERY_CHANGE, '1', 5))).toEqual(['C', 'D']);
    expect(names(await log.history(EVERY_CHANGE, null, 2))).toEqual(['D', 'C']);
    expect(names(await log.history(EVERY_CHANGE, '3', 5))).toEqual(['C', 'B']);
    expect(names(await log.history(parseChangeFilter({ zones: ['75'] }), null, 5))).toEqual(['B']);
    expect(await log.page(parseChangeFilter({ resources: ['Q'] }), null, 5)).toEqual([]);
    expect(await log.page(parseChangeFilter({ kinds: ['edition_withdrawn'] }), null, 5)).toEqual([]);
  });

  it('tells listeners of events committed after it started, at once for this store, in order and once each', async () => {
    const log = source();
    await log.wake(); // the first look: where the log ends
    const heard: ChangeEvent[] = [];
    log.subscribe((event) => heard.push(event));
    await store.applyListing('P', [edition('A', 'D029', 'GPKG'), edition('B', 'D075', 'GPKG')], 2, T1, true);
    await until(() => heard.length === 1, 0);
    await store.applyListing('P', [edition('B', 'D075', 'GPKG')], 1, T1, true);
    await until(() => heard.length === 2, 0);
    await log.wake();
    expect(heard.map((event) => [event.seq, event.kind, event.editionName])).toEqual([
      ['1', 'EDITION_ADDED', 'B'],
      ['2', 'EDITION_WITHDRAWN', 'A'],
    ]);
  });

  it("finds another process's events at the next poll", async () => {
    const timers = manualTimers();
    const log = source(timers);
    await log.wake();
    const heard: ChangeEvent[] = [];
    log.subscribe((event) => heard.push(event));
    // Another process's write: this store instance's hook is not told.
    await store.db
      .insertInto('geopf_changes')
      .values({ kind: 'EDITION_ADDED', product: 'P', edition: 'X', zone: 'D029', format: 'GPKG', crs: null, edition_date: null, observed_at: T1 })
      .execute();
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual([]);
    expect(timers.pending).toBe(1);
    timers.fire();
    await until(() => heard.length === 1, 0);
    expect(heard[0]).toMatchObject({ seq: '1', editionName: 'X' });
    await log.close();
    expect(timers.pending).toBe(0);
  });

  it('does not replay the log written before it started', async () => {
    await store.applyListing('P', [edition('A', 'D029', 'GPKG'), edition('B', 'D075', 'GPKG')], 2, T1, true);
    const log = source();
    const heard: ChangeEvent[] = [];
    log.subscribe((event) => heard.push(event));
    await log.wake();
    await log.wake();
    expect(heard).toEqual([]);
    await store.applyListing('P', [edition('B', 'D075', 'GPKG')], 1, T1, true);
    await until(() => heard.length === 1, 0);
    expect(heard[0]).toMatchObject({ seq: '2', kind: 'EDITION_WITHDRAWN' });
  });
});
