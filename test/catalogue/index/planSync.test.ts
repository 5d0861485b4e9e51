import { planSync } from '../../../src/catalogue/index/planSync';
import type { CatalogueStore, IndexedEdition } from '../../../src/catalogue/store/CatalogueStore';
import type { ResourceEntry, SubResourceEntry } from '../../../src/upstream/format/model';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';
import { pick, seededRandom } from '../../helpers/seededRandom';

/** An edition of product P in series (zone, SHP, EPSG:2154). */
function entry(name: string, date: string | null, zone: string, title = name): SubResourceEntry {
  return {
    resourceName: 'P',
    name,
    title,
    updated: '2025-01-01T00:00:00+01:00',
    editionDate: date,
    zone: { code: zone, label: null },
    format: { code: 'SHP', label: null },
    crs: { code: 'EPSG:2154', label: null },
  };
}

const PRODUCT: ResourceEntry = { name: 'P', title: 'P', description: null, updated: 'u', zones: [], formats: [], crs: [] };

/** The oracle: the names of the `keep` newest editions per zone of a listing (date, then name, descending). */
function newestPerZone(listing: readonly SubResourceEntry[], keep: number): Set<string> {
  const zones = new Map<string, SubResourceEntry[]>();
  for (const edition of listing) zones.set(edition.zone!.code, [...(zones.get(edition.zone!.code) ?? []), edition]);
  const kept = new Set<string>();
  for (const members of zones.values()) {
    members.sort((a, b) => (b.editionDate ?? '').localeCompare(a.editionDate ?? '') || (a.name < b.name ? 1 : -1));
    for (const edition of members.slice(0, keep)) kept.add(edition.name);
  }
  return kept;
}

const names = (editions: ReadonlyArray<{ name: string }>) => editions.map((edition) => edition.name).sort();
const minus = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((name) => !b.has(name)).sort();

describe.each(DIALECTS)('planSync() over the store, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let store: CatalogueStore;
  let tick = 0;
  const at = () => new Date(Date.UTC(2026, 0, 1) + (tick += 1) * 60_000).toISOString();

  beforeEach(async () => {
    store = await stores.open();
    tick = 0;
    await store.applyCapabilities([PRODUCT], true, at(), false);
  });

  /** Applies a listing (with events), then returns the log's position after it. */
  async function apply(listing: readonly SubResourceEntry[]): Promise<number> {
    await store.applyListing('P', listing, listing.length, at(), true);
    return store.lastSeq();
  }

  it('plans the newest edition of each series for an empty copy, newest first', async () => {
    await store.applyListing('P', [entry('A1', '2024-01-01', 'D075'), entry('A2', '2025-01-01', 'D075'), entry('B1', '2023-06-01', 'D092')], 3, at(), false);
    const view = await store.syncPlanView({ products: ['P'] }, null, 1000);
    expect(view.lastSeq).toBe(0);
    const plan = planSync(view, null, 1);
    expect(plan.download.map((edition) => edition.name)).toEqual(['A2', 'B1']);
    expect(plan.remove).toEqual([]);
    expect(planSync(view, null, 2).download.map((edition) => edition.name)).toEqual(['A2', 'A1', 'B1']);
  });

  it('reads at most limit + 1 editions of each kind, so that a caller sees a filter too wide to plan', async () => {
    await store.applyListing('P', [entry('A1', '2024-01-01', 'D075'), entry('A2', '2025-01-01', 'D075'), entry('B1', '2023-06-01', 'D092')], 3, at(), false);
    expect((await store.syncPlanView({ products: ['P'] }, null, 1)).editions).toHaveLength(2);
    const start = await store.lastSeq();
    await apply([entry('C1', '2024-01-01', 'D013')]);
    // Listed: C1; withdrawn since: A1, A2, B1.
    expect((await store.syncPlanView({ products: ['P'] }, start, 5)).editions.map((edition) => edition.name).sort()).toEqual(['A1', 'A2', 'B1', 'C1']);
    expect((await store.syncPlanView({ products: ['P'] }, start, 1)).editions).toHaveLength(1 + 2);
  });

  it('rewinds an edition added, withdrawn and added again after the position: the copy never had it', async () => {
    await store.applyListing('P', [entry('A1', '2024-01-01', 'D075')], 1, at(), false);
    const start = await store.lastSeq();
    await apply([entry('A1', '2024-01-01', 'D075'), entry('A2', '2025-01-01', 'D075')]);
    await apply([entry('A1', '2024-01-01', 'D075')]);
    const middle = await store.lastSeq();
    await apply([entry('A1', '2024-01-01', 'D075'), entry('A2', '2025-01-01', 'D075')]);
    const fromStart = planSync(await store.syncPlanView({ products: ['P'] }, start, 1000), start, 1);
    expect(fromStart.download.map((edition) => edition.name)).toEqual(['A2']);
    expect(fromStart.remove.map(({ edition, reason }) => [edition.name, reason])).toEqual([['A1', 'SUPERSEDED']]);
    // At `middle` the copy held A1 again (A2 withdrawn): the same plan.
    expect(planSync(await store.syncPlanView({ products: ['P'] }, middle, 1000), middle, 1)).toEqual(fromStart);
  });

  it('counts a changed edition as listed at the position (a title change moves nothing)', async () => {
    await store.applyListing('P', [entry('A1', '2024-01-01', 'D075')], 1, at(), false);
    const start = await store.lastSeq();
    await apply([entry('A1', '2024-01-01', 'D075', 'A new title')]);
    const plan = planSync(await store.syncPlanView({ products: ['P'] }, start, 1000), start, 1);
    expect(plan).toEqual({ download: [], remove: [] });
  });

  it('matches, at every past position of a random history, what the listings then and now select (keep 1 to 3)', async () => {
    const rand = seededRandom(20261201);
    const pool = Array.from({ length: 24 }, (_, index) =>
      entry(
        `E${String(index).padStart(2, '0')}`,
        rand() < 0.1 ? null : `20${10 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-01`,
        pick(rand, ['D075', 'D092', 'D013']),
      ),
    );
    let listing = pool.filter(() => rand() < 0.4);
    await store.applyListing('P', listing, listing.length, at(), false);
    // Every position the log passed, with the listing it reflects.
    const history: Array<{ seq: number; listing: SubResourceEntry[] }> = [{ seq: await store.lastSeq(), listing }];
    for (let step = 0; step < 14; step += 1) {
      const next = pool.filter((edition) => (listing.includes(edition) ? rand() < 0.8 : rand() < 0.25));
      listing = next.map((edition) => (rand() < 0.1 ? { ...edition, title: `${edition.title}+` } : edition));
      history.push({ seq: await apply(listing), listing });
    }
    const byName = new Map(pool.map((edition) => [edition.name, edition]));
    for (const keep of [1, 2, 3]) {
      const nowKept = newestPerZone(listing, keep);
      for (const { seq, listing: then } of history) {
        const view = await store.syncPlanView({ products: ['P'] }, seq, 1000);
        const plan = planSync(view, seq, keep);
        const thenKept = newestPerZone(then, keep);
        expect([keep, seq, names(plan.download)]).toEqual([keep, seq, minus(nowKept, thenKept)]);
        expect([keep, seq, names(plan.remove.map(({ edition }) => edition))]).toEqual([keep, seq, minus(thenKept, nowKept)]);
        const listedNow = new Set(listing.map((edition) => edition.name));
        for (const { edition, reason } of plan.remove)
          expect([edition.name, reason]).toEqual([edition.name, listedNow.has(edition.name) ? 'SUPERSEDED' : 'WITHDRAWN']);
        expect(plan.download.every((edition: IndexedEdition) => byName.has(edition.name) && edition.withdrawnAt === null)).toBe(true);
      }
      // A copy that carried out the plan asks again: nothing.
      const last = history[history.length - 1]!.seq;
      expect(planSync(await store.syncPlanView({ products: ['P'] }, last, 1000), last, keep)).toEqual({ download: [], remove: [] });
    }
  });
});
