import type { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { addEdition, changeEdition, withdrawEdition, withdrawProduct } from '../../fakeUpstream/catalogueChanges';
import { DIALECTS, storeFactory, storesForSuite } from '../../helpers/testStores';
import { startSyncHarness, type SyncHarness } from './syncHarness';

const DAY = 24 * 3600_000;

describe.each(DIALECTS)('syncer on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let harness: SyncHarness;
  let store: CatalogueStore;
  beforeEach(async () => {
    harness = await startSyncHarness();
    store = await stores.open();
  });
  afterEach(async () => {
    await harness.stop();
  });

  const editionTotal = () => harness.catalogue.reduce((sum, product) => sum + product.editions.length, 0);

  it('walks everything once for the baseline: every product page, no file listing, no events', async () => {
    const report = await harness.syncer(store).runOnce();
    const requests = harness.takeRequests();
    expect(report).toMatchObject({ kind: 'full', baseline: true, productsRead: 12, added: editionTotal() });
    expect(requests.filter((url) => url.startsWith('capabilities'))).toEqual(['capabilities?limit=50&page=1']);
    expect(requests.filter((url) => url.startsWith('resource/BDORTHO?'))).toEqual([
      'resource/BDORTHO?limit=50&page=1',
      'resource/BDORTHO?limit=50&page=2',
      'resource/BDORTHO?limit=50&page=3',
    ]);
    expect(requests.filter((url) => /^resource\/[^/?]+\/[^?]+/.test(url))).toEqual([]);
    expect(requests).toHaveLength(1 + 11 + 3);
    expect(report?.pages).toBe(requests.length);
    expect(await store.counts()).toEqual({ products: 12, withdrawnProducts: 0, editions: editionTotal(), withdrawnEditions: 0 });
    expect(await store.changes(0, 1000)).toEqual([]);
  });

  it('reports exactly the editions added, withdrawn and changed between syncs, and nothing else', async () => {
    const syncer = harness.syncer(store);
    await syncer.runOnce();
    harness.clock.advance(DAY / 2);
    const when = harness.clock.iso();
    const cog = harness.catalogue[1]!;
    const changed = cog.editions[3]!;
    const withdrawn = cog.editions[5]!;
    addEdition(harness.catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', {
      when,
      edition: { editionDate: '2026-12-01', zone: { term: 'D013', label: 'Bouches-du-Rhône' } },
    });
    withdrawEdition(harness.catalogue, 'ADMIN-EXPRESS-COG', withdrawn.name, { when });
    changeEdition(harness.catalogue, 'ADMIN-EXPRESS-COG', changed.name, { format: { term: 'GPKG', label: 'GeoPackage' } }, { when });
    harness.takeRequests();

    const report = await syncer.runOnce();
    expect(report).toMatchObject({ kind: 'incremental', added: 1, changed: 1, withdrawn: 1 });
    const events = await store.changes(0, 1000);
    const edition = (name: string) => events.filter((event) => event.editionName === name).map((event) => event.kind);
    expect(events).toHaveLength(5);
    expect(
      events
        .filter((event) => event.editionName === null)
        .map((event) => [event.kind, event.resourceName])
        .sort(),
    ).toEqual([
      ['PRODUCT_CHANGED', 'ADMIN-EXPRESS-COG'],
      ['PRODUCT_CHANGED', 'BDCARTO'],
    ]);
    expect(edition('BDCARTO_NEW_2026-12-01')).toEqual(['EDITION_ADDED']);
    expect(edition(withdrawn.name)).toEqual(['EDITION_WITHDRAWN']);
    expect(edition(changed.name)).toEqual(['EDITION_CHANGED']);
    expect(events.find((event) => event.kind === 'EDITION_ADDED')).toMatchObject({
      resourceName: 'BDCARTO',
      zone: 'D013',
      editionDate: '2026-12-01',
      observedAt: harness.clock.iso(),
    });
    expect(events.find((event) => event.kind === 'EDITION_CHANGED')).toMatchObject({ format: 'GPKG' });
    expect(await store.edition('ADMIN-EXPRESS-COG', withdrawn.name)).toMatchObject({ withdrawnAt: harness.clock.iso() });
    // Only the two changed products were read again, besides the filtered capabilities.
    const requests = harness.takeRequests();
    expect(requests).toEqual([
      'capabilities?limit=50&page=1&updatedFrom=2026-11-30',
      'resource/ADMIN-EXPRESS-COG?limit=50&page=1',
      'resource/BDCARTO?limit=50&page=1',
    ]);
  });

  it('spends one request on an incremental sync when nothing changed', async () => {
    const syncer = harness.syncer(store);
    await syncer.runOnce();
    harness.takeRequests();
    harness.clock.advance(15 * 60_000);
    expect(await syncer.runOnce()).toMatchObject({ kind: 'incremental', pages: 1, productsRead: 0 });
    expect(harness.takeRequests()).toEqual(['capabilities?limit=50&page=1&updatedFrom=2026-11-30']);
    expect(await store.changes(0, 10)).toEqual([]);
  });

  it('finds what updatedFrom misses at the daily full walk, withdrawn products included', async () => {
    const syncer = harness.syncer(store);
    await syncer.runOnce();
    harness.clock.advance(DAY / 2);
    const gone = harness.catalogue[3]!.editions[0]!;
    withdrawEdition(harness.catalogue, harness.catalogue[3]!.name, gone.name, { when: harness.clock.iso(), bumpProduct: false });
    const removed = withdrawProduct(harness.catalogue, 'BDCARTO');
    expect(await syncer.runOnce()).toMatchObject({ kind: 'incremental', withdrawn: 0 });
    expect(await store.changes(0, 10)).toEqual([]);
    harness.clock.advance(DAY);
    expect(await syncer.runOnce()).toMatchObject({ kind: 'full', withdrawn: 1, baseline: false });
    const events = (await store.changes(0, 100)).map((event) => [event.kind, event.resourceName, event.editionName]);
    expect(events).toEqual([
      ['PRODUCT_WITHDRAWN', 'BDCARTO', null],
      ...removed.editions.map((edition) => ['EDITION_WITHDRAWN', 'BDCARTO', edition.name]),
      ['EDITION_WITHDRAWN', harness.catalogue[3]!.name, gone.name],
    ]);
  });

  it('never concludes withdrawals from a failed listing, keeps its progress and invents no event', async () => {
    const syncer = harness.syncer(store);
    await syncer.runOnce();
    harness.clock.advance(2 * DAY);
    // BDORTHO's second page fails: its listing is not complete, so none of its editions is withdrawn.
    harness.fake.setFault((request) => (request.path.endsWith('/resource/BDORTHO') && request.query['page'] === '2' ? { status: 503 } : undefined));
    await expect(syncer.runOnce()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(await store.changes(0, 10)).toEqual([]);
    expect((await store.counts()).withdrawnEditions).toBe(0);
    harness.takeRequests();
    // The next pass resumes the walk: products already read are not read again.
    harness.fake.setFault(undefined);
    expect(await syncer.runOnce()).toMatchObject({ kind: 'full', added: 0, withdrawn: 0 });
    const again = harness.takeRequests().filter((url) => url.startsWith('resource/'));
    expect(again.length).toBeLessThan(14);
    expect(again).toContain('resource/BDORTHO?limit=50&page=3');
    expect(await store.changes(0, 10)).toEqual([]);
  });

  it('reads again at the next pass a changed listing whose read failed, and reports the change once', async () => {
    const syncer = harness.syncer(store);
    await syncer.runOnce();
    harness.clock.advance(DAY / 2);
    const edition = harness.catalogue[1]!.editions[2]!;
    changeEdition(harness.catalogue, 'ADMIN-EXPRESS-COG', edition.name, { crs: { term: 'EPSG:4326', label: 'WGS 84' } }, { when: harness.clock.iso() });
    harness.fake.setFault((request) => (request.path.endsWith('/resource/ADMIN-EXPRESS-COG') ? { status: 503 } : undefined));
    await expect(syncer.runOnce()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    harness.fake.setFault(undefined);
    harness.clock.advance(15 * 60_000);
    expect(await syncer.runOnce()).toMatchObject({ kind: 'incremental', changed: 1 });
    const events = (await store.changes(0, 10)).map((event) => [event.kind, event.editionName, event.crs]);
    expect(events).toEqual([
      ['PRODUCT_CHANGED', null, null],
      ['EDITION_CHANGED', edition.name, 'EPSG:4326'],
    ]);
  });

  it('tells onPassEnd when a pass ends, after what it applied is committed, failed passes included', async () => {
    // Each call starts a read of the store at that moment: what it sees is what the pass had committed.
    const seen: Array<Promise<number>> = [];
    const syncer = harness.syncer(store, { holder: 'replica-a', onPassEnd: () => seen.push(store.counts().then((counts) => counts.editions)) });
    await syncer.runOnce();
    expect(seen).toHaveLength(1);
    expect(await seen[0]).toBe(editionTotal());

    // An incremental pass reads the changed products in the capabilities' order: ADMIN-EXPRESS-COG, then BDORTHO.
    harness.clock.advance(DAY / 2);
    addEdition(harness.catalogue, 'ADMIN-EXPRESS-COG', 'COG_NEW_2026-12-01', { when: harness.clock.iso(), edition: { editionDate: '2026-12-01' } });
    addEdition(harness.catalogue, 'BDORTHO', 'BDORTHO_NEW_2026-12-01', { when: harness.clock.iso(), edition: { editionDate: '2026-12-01' } });
    harness.fake.setFault((request) => (request.path.endsWith('/resource/BDORTHO') ? { status: 503 } : undefined));
    await expect(syncer.runOnce()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(seen).toHaveLength(2);
    // ADMIN-EXPRESS-COG's new edition was committed before the fault ended the pass; BDORTHO's was never read.
    expect(await seen[1]).toBe(editionTotal() - 1);

    // No pass without the lease: nothing to tell.
    expect(await harness.syncer(store, { holder: 'replica-b', onPassEnd: () => seen.push(Promise.resolve(-1)) }).runOnce()).toBeNull();
    expect(seen).toHaveLength(2);
  });

  it('indexes a listing whose entry is refused without it (its siblings, and a name like "notice d\'utilisation", indexed)', async () => {
    addEdition(harness.catalogue, 'BDCARTO', "BDCARTO_notice d'utilisation $(id)_2026-12-01", { when: harness.clock.iso() });
    addEdition(harness.catalogue, 'BDCARTO', 'BDCARTO_bad\\name_2026-12-02', { when: harness.clock.iso() });
    const report = await harness.syncer(store).runOnce();
    expect(report).toMatchObject({ kind: 'full', productsRead: 12, added: editionTotal() - 1 });
    expect(await store.edition('BDCARTO', "BDCARTO_notice d'utilisation $(id)_2026-12-01")).toMatchObject({ withdrawnAt: null });
    expect(await store.edition('BDCARTO', 'BDCARTO_bad\\name_2026-12-02')).toBeNull();
    expect((await store.products()).get('BDCARTO')?.edition_total).toBe(harness.catalogue.find((product) => product.name === 'BDCARTO')!.editions.length);
  });

  it('lets one replica sync at a time, and another take over when its lease expires', async () => {
    const first = harness.syncer(store, { holder: 'replica-a', leaseMs: 60_000 });
    const second = harness.syncer(store, { holder: 'replica-b', leaseMs: 60_000 });
    expect(await first.runOnce()).not.toBeNull();
    expect(await second.runOnce()).toBeNull();
    harness.clock.advance(61_000);
    expect(await second.runOnce()).toMatchObject({ kind: 'incremental' });
    expect(await first.runOnce()).toBeNull();
  });
});

describe('syncer and the rate', () => {
  it('never sends more than the rate in any window, and never meets a 429', async () => {
    const stores = await storeFactory('sqlite');
    const harness = await startSyncHarness({ rate: 10 });
    try {
      const report = await harness.syncer(await stores.open()).runOnce();
      expect(report?.pages).toBe(15);
      expect(harness.fake.maxRequestsInAnyWindow()).toBeLessThanOrEqual(10);
      expect(harness.fake.requests.filter((request) => request.status === 429)).toEqual([]);
    } finally {
      await harness.stop();
      await stores.cleanup();
    }
  });
});
