import { startCatalogue, type RunningCatalogue } from '../../../src/catalogue/index/startCatalogue';
import type { CatalogueConfig } from '../../../src/catalogue/index/startCatalogue';
import { MetricsRegistry } from '../../../src/observability/metrics/Metrics';
import type { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { addEdition } from '../../fakeUpstream/catalogueChanges';
import { memoryLog } from '../../helpers/memoryLog';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';
import { startSyncHarness, type SyncHarness } from '../sync/syncHarness';

const CONFIG: CatalogueConfig = { enabled: true, dataDir: '', databaseUrl: null, syncIntervalSeconds: 900, fullSyncHours: 24, syncShare: 0.5 };
const DAY = 24 * 3600_000;

/** Timers the test fires itself. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  return {
    pending,
    setTimer(callback: () => void, ms: number) {
      const id = next++;
      pending.set(id, { callback, ms });
      return () => {
        pending.delete(id);
      };
    },
    /** Fires every pending timer once. */
    fire() {
      const due = [...pending.entries()];
      for (const [id, timer] of due) {
        pending.delete(id);
        timer.callback();
      }
    },
  };
}

describe.each(DIALECTS)('startCatalogue() knowledge on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let harness: SyncHarness;
  let store: CatalogueStore;
  let running: RunningCatalogue | null;
  beforeEach(async () => {
    // 60 products: the capabilities listing spans two pages.
    harness = await startSyncHarness({ resourceCount: 60, rate: 100 });
    store = await stores.open();
    running = null;
  });
  afterEach(async () => {
    await running?.stop();
    await harness.stop();
  });

  const start = (timers: ReturnType<typeof manualTimers>, log = memoryLog()) =>
    (running = startCatalogue(
      { store, autoStart: false, setTimer: timers.setTimer, syncer: { clock: () => harness.clock.now } },
      { config: CONFIG, client: harness.client, gate: harness.gate, ratePerSecond: 100, logger: log.logger, registry: new MetricsRegistry() },
    ));

  // What the fake itself answers: its `totalentries` under `params`.
  const upstreamTotal = async (product: string, params: Record<string, string>) =>
    (await harness.client.resource(product, params, 1, { fresh: true })).totalEntries;

  it('answers, after a pass, the totals and capabilities pages the fake upstream itself gives', async () => {
    const timers = manualTimers();
    const { knowledge, syncer } = start(timers);
    await knowledge.settled();
    expect(knowledge.generation).toBe(1);
    expect(knowledge.knownTotal(['capabilities'], {})).toBeUndefined();

    await syncer.runOnce();
    await knowledge.settled();
    expect(knowledge.generation).toBe(2);

    expect(knowledge.knownTotal(['capabilities'], {})).toBe((await harness.client.capabilities({}, 1, { fresh: true })).totalEntries);
    for (const page of [1, 2]) {
      const listed = (await harness.client.capabilities({}, page, { fresh: true })).entries.map((entry) => entry.name);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.map((name) => knowledge.capabilitiesPageOf(name))).toEqual(listed.map(() => page));
    }

    const products = ['BDTOPO', 'BDORTHO', 'ADMIN-EXPRESS-COG', harness.catalogue[40]!.name];
    let compared = 0;
    for (const product of products) {
      const editions = harness.catalogue.find((resource) => resource.name === product)!.editions;
      expect(knowledge.knownTotal(['resource', product], {})).toBe(await upstreamTotal(product, {}));
      const zones = [...new Set(editions.map((edition) => edition.zone?.term).filter((zone): zone is string => zone !== undefined))].slice(0, 3);
      for (const zone of zones) {
        expect({ product, zone, total: knowledge.knownTotal(['resource', product], { zone }) }).toEqual({
          product,
          zone,
          total: await upstreamTotal(product, { zone }),
        });
        compared += 1;
      }
      const format = editions[0]?.format?.term;
      const date = editions
        .map((edition) => edition.editionDate)
        .filter((value): value is string => value !== null)
        .sort()[Math.floor(editions.length / 2)];
      if (format !== undefined && date !== undefined && zones[0] !== undefined) {
        const params = { zone: zones[0], format, editionDateFrom: date };
        expect({ product, params, total: knowledge.knownTotal(['resource', product], params) }).toEqual({
          product,
          params,
          total: await upstreamTotal(product, params),
        });
        compared += 1;
      }
      expect(knowledge.holdsEdition(product, editions[0]!.name)).toBe(true);
    }
    expect(compared).toBeGreaterThan(products.length);
  }, 60_000);

  it("sees another replica's pass at the next interval, and stops refreshing when stopped", async () => {
    const timers = manualTimers();
    const { knowledge, syncer } = start(timers);
    await syncer.runOnce();
    await knowledge.settled();
    const generation = knowledge.generation;
    const before = knowledge.knownTotal(['resource', 'BDCARTO'], {});

    // Another replica (its own syncer on the same store) takes the lease when ours expires and finds a new edition.
    harness.clock.advance(DAY / 2);
    addEdition(harness.catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', { when: harness.clock.iso() });
    expect(await harness.syncer(store, { holder: 'other-replica' }).runOnce()).toMatchObject({ kind: 'incremental', added: 1 });
    expect(knowledge.knownTotal(['resource', 'BDCARTO'], {})).toBe(before);

    expect([...timers.pending.values()].map((timer) => timer.ms)).toEqual([CONFIG.syncIntervalSeconds * 1000]);
    timers.fire();
    await knowledge.settled();
    expect(knowledge.generation).toBe(generation + 1);
    expect(knowledge.knownTotal(['resource', 'BDCARTO'], {})).toBe(before! + 1);
    expect(knowledge.holdsEdition('BDCARTO', 'BDCARTO_NEW_2026-12-01')).toBe(true);

    await running!.stop();
    running = null;
    expect(timers.pending.size).toBe(0);
  }, 60_000);

  it('keeps what it knew and logs a warning when the store cannot be read', async () => {
    const timers = manualTimers();
    const log = memoryLog();
    const { knowledge, syncer } = start(timers, log);
    await syncer.runOnce();
    await knowledge.settled();
    const total = knowledge.knownTotal(['resource', 'BDTOPO'], {});
    const original = store.listedCatalogue.bind(store);
    store.listedCatalogue = () => Promise.reject(new Error('store gone'));
    try {
      timers.fire();
      await knowledge.settled();
    } finally {
      store.listedCatalogue = original;
    }
    expect(knowledge.knownTotal(['resource', 'BDTOPO'], {})).toBe(total);
    expect(log.lines.filter((line) => line['level'] === 'warn').map((line) => [line['message'], line['error']])).toEqual([
      ['catalogue knowledge not refreshed; the previous one kept', 'store gone'],
    ]);
  }, 60_000);
});
