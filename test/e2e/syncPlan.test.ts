import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { SyncStateKey } from '../../src/catalogue/sync/SyncStateKey';
import { buildCatalogue, findResource, type FakeEdition, type FakeResource } from '../fakeUpstream/catalogue';
import { addEdition, withdrawEdition } from '../fakeUpstream/catalogueChanges';
import { DIALECTS, storesForSuite } from '../helpers/testStores';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

const HOUR = 3600_000;
const COG = 'ADMIN-EXPRESS-COG';
const PLAN = `query Plan($filter: EditionFilter!, $after: String, $keep: Int) {
  syncPlan(filter: $filter, after: $after, keep: $keep) {
    download { resourceName name editionDate }
    remove { resourceName name editionDate reason withdrawnAt }
    endCursor
    upToDate
  }
}`;

/** The oracle: the names of the `keep` newest editions of each series (zone, format, CRS) of a fake product, newest first. */
function newestOfEachSeries(product: FakeResource, keep: number): string[] {
  const series = new Map<string, FakeEdition[]>();
  for (const edition of product.editions) {
    const key = [edition.zone?.term, edition.format?.term, edition.crs?.term].join('|');
    series.set(key, [...(series.get(key) ?? []), edition]);
  }
  return [...series.values()]
    .flatMap((members) => members.sort(newestFirst).slice(0, keep))
    .sort(newestFirst)
    .map((edition) => edition.name);
}

function newestFirst(a: FakeEdition, b: FakeEdition): number {
  return (
    (b.editionDate ?? '').localeCompare(a.editionDate ?? '') ||
    (a.name < b.name ? 1
    : a.name > b.name ? -1
    : 0)
  );
}

/** The change-log cursor of `seq`, as `changes` writes it. */
const changeCursor = (seq: number) => Buffer.from(`c1:${seq}`, 'utf8').toString('base64');

describe.each(DIALECTS)('Query.syncPlan, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let subgraph: SubgraphUnderTest;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
  const sync = () => subgraph.server.catalogue!.syncer.runOnce();
  const plan = async (variables: Record<string, unknown>) => {
    const answer = await subgraph.query(PLAN, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data?.['syncPlan'] as {
      download: Array<{ resourceName: string; name: string; editionDate: string | null }>;
      remove: Array<{ resourceName: string; name: string; editionDate: string | null; reason: string; withdrawnAt: string | null }>;
      endCursor: string;
      upToDate: boolean;
    };
  };
  const later = () => {
    clock.now = new Date(clock.now.getTime() + HOUR);
    return clock.now.toISOString();
  };
  const codes = (answer: { errors?: ReadonlyArray<{ path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }> }) =>
    answer.errors?.map((error) => [error.path, error.extensions?.['code']]);

  beforeEach(async () => {
    clock.now = new Date('2026-12-01T08:00:00.000Z');
    catalogue = buildCatalogue({ resourceCount: 12 });
    store = await stores.open();
    subgraph = await startSubgraph({ upstreamRate: 50, fake: { catalogue }, catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } } });
  });
  afterEach(async () => {
    await subgraph.stop();
  });

  it('answers INDEX_NOT_READY before the first full sync', async () => {
    const answer = await subgraph.query(PLAN, { filter: { resources: [COG] } });
    expect(codes(answer)).toEqual([[['syncPlan'], 'INDEX_NOT_READY']]);
  });

  it('plans the newest edition of each series for an empty copy, then an empty plan at its endCursor, at 0 upstream requests', async () => {
    await sync();
    subgraph.clearUpstream();
    const first = await plan({ filter: { resources: [COG] } });
    const cog = findResource(catalogue, COG)!;
    expect(first.download.map((edition) => edition.name)).toEqual(newestOfEachSeries(cog, 1));
    expect(first.download).toHaveLength(14);
    expect(first.remove).toEqual([]);
    expect(first.upToDate).toBe(false);
    // The cursor is a change-log position, `changes`' own format: after the baseline, position 0.
    expect(first.endCursor).toBe('YzE6MA==');
    expect(first.endCursor).toBe(changeCursor(0));
    const again = await plan({ filter: { resources: [COG] }, after: first.endCursor });
    expect(again).toEqual({ download: [], remove: [], endCursor: first.endCursor, upToDate: true });
    // keep: the newest n of each series.
    const two = await plan({ filter: { resources: [COG] }, keep: 2 });
    expect(two.download.map((edition) => edition.name)).toEqual(newestOfEachSeries(cog, 2));
    expect(two.download.length).toBeGreaterThan(14);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('after a new edition: downloads only it and removes the one it supersedes (keep 1); keeps both with keep 2', async () => {
    await sync();
    const filter = { resources: [COG], zones: ['FXX'], formats: ['GPKG'] };
    const cog = findResource(catalogue, COG)!;
    const fxx = cog.editions.filter((edition) => edition.zone?.term === 'FXX' && edition.format?.term === 'GPKG').sort(newestFirst);
    const start = await plan({ filter });
    const startTwo = await plan({ filter, keep: 2 });
    expect(start.download.map((edition) => edition.name)).toEqual([fxx[0]!.name]);
    const when = later();
    const template = fxx[0]!;
    addEdition(catalogue, COG, 'ADMIN-EXPRESS-COG_9-9__GPKG_LAMB93_FXX_2026-12-01', {
      when,
      edition: { zone: template.zone, format: template.format, crs: template.crs, editionDate: '2026-12-01', files: template.files },
    });
    await sync();
    const next = await plan({ filter, after: start.endCursor });
    expect(next.download).toEqual([{ resourceName: COG, name: 'ADMIN-EXPRESS-COG_9-9__GPKG_LAMB93_FXX_2026-12-01', editionDate: '2026-12-01' }]);
    expect(next.remove).toEqual([{ resourceName: COG, name: template.name, editionDate: template.editionDate, reason: 'SUPERSEDED', withdrawnAt: null }]);
    expect(Buffer.from(next.endCursor, 'base64').toString('utf8')).toMatch(/^c1:[1-9]\d*$/);
    expect(next.endCursor).not.toBe(start.endCursor);
    // The same position `changes` reached.
    const changes = await subgraph.query('{ changes(first: 100) { pageInfo { endCursor } } }');
    expect(next.endCursor).toBe(changes.data?.['changes'].pageInfo.endCursor);
    const keepTwo = await plan({ filter, after: startTwo.endCursor, keep: 2 });
    expect(keepTwo.download.map((edition) => edition.name)).toEqual(['ADMIN-EXPRESS-COG_9-9__GPKG_LAMB93_FXX_2026-12-01']);
    expect(keepTwo.remove.map((edition) => edition.name)).toEqual(fxx.length > 1 ? [fxx[1]!.name] : []);
    // Carried out: nothing left to do.
    expect((await plan({ filter, after: next.endCursor })).upToDate).toBe(true);
  });

  it('after a withdrawal: removes the withdrawn edition and downloads the one that is the newest again', async () => {
    await sync();
    const cog = findResource(catalogue, COG)!;
    const series = [...new Set(cog.editions.map((edition) => [edition.zone?.term, edition.format?.term, edition.crs?.term].join('|')))].find(
      (key) => cog.editions.filter((edition) => [edition.zone?.term, edition.format?.term, edition.crs?.term].join('|') === key).length >= 2,
    )!;
    const members = cog.editions.filter((edition) => [edition.zone?.term, edition.format?.term, edition.crs?.term].join('|') === series).sort(newestFirst);
    const [zone, format] = series.split('|') as [string, string];
    const filter = { resources: [COG], zones: [zone], formats: [format] };
    const start = await plan({ filter });
    expect(start.download.map((edition) => edition.name)).toContain(members[0]!.name);
    const when = later();
    withdrawEdition(catalogue, COG, members[0]!.name, { when });
    await sync();
    const next = await plan({ filter, after: start.endCursor });
    expect(next.download.map((edition) => edition.name)).toEqual([members[1]!.name]);
    expect(next.remove).toEqual([{ resourceName: COG, name: members[0]!.name, editionDate: members[0]!.editionDate, reason: 'WITHDRAWN', withdrawnAt: when }]);
    // A copy that began after the withdrawal holds the new newest already.
    expect((await plan({ filter, after: next.endCursor })).upToDate).toBe(true);
  });

  it('plans by words: the same plan as for the products the words find, from nothing and after a withdrawal', async () => {
    await sync();
    const q = 'admin express cog';
    const search = await subgraph.query('query($q: String!) { searchResources(q: $q, first: 50) { nodes { name } } }', { q });
    const found = (search.data?.['searchResources'].nodes as Array<{ name: string }>).map((node) => node.name);
    expect(found).toContain(COG);
    expect(found.length).toBeLessThan(catalogue.length);
    const start = await plan({ filter: { q }, keep: 2 });
    expect(start).toEqual(await plan({ filter: { resources: found }, keep: 2 }));
    const cog = findResource(catalogue, COG)!;
    expect(start.download.map((edition) => edition.name)).toEqual(expect.arrayContaining(newestOfEachSeries(cog, 2)));
    const withdrawn = newestOfEachSeries(cog, 1)[0]!;
    const when = later();
    withdrawEdition(catalogue, COG, withdrawn, { when });
    await sync();
    const next = await plan({ filter: { q }, after: start.endCursor, keep: 2 });
    expect(next.remove.map(({ name, reason, withdrawnAt }) => ({ name, reason, withdrawnAt }))).toEqual([
      { name: withdrawn, reason: 'WITHDRAWN', withdrawnAt: when },
    ]);
    expect(next).toEqual(await plan({ filter: { resources: found }, after: start.endCursor, keep: 2 }));
  });

  it("moves the cursor past other products' changes without planning anything", async () => {
    await sync();
    const start = await plan({ filter: { resources: [COG] } });
    addEdition(catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', { when: later() });
    await sync();
    const next = await plan({ filter: { resources: [COG] }, after: start.endCursor });
    expect(next.upToDate).toBe(true);
    expect(next.endCursor).not.toBe(start.endCursor);
  });

  it('reads the files of the editions to download, one listing each, as a plan of one folder per edition', async () => {
    await sync();
    subgraph.clearUpstream();
    const answer = await subgraph.query(
      `{ syncPlan(filter: { resources: ["${COG}"], zones: ["FXX"] }) {
          download { name downloadPlan { files { name size md5 url } } }
          downloadPlan(format: ARIA2) { manifest files { name } }
        } }`,
    );
    expect(answer.errors).toBeUndefined();
    const download = answer.data?.['syncPlan'].download as Array<{ name: string; downloadPlan: { files: Array<{ name: string; md5: string }> } }>;
    const cog = findResource(catalogue, COG)!;
    expect(download.length).toBeGreaterThan(1);
    for (const edition of download) {
      const fake = cog.editions.find((candidate) => candidate.name === edition.name)!;
      expect(edition.downloadPlan.files.map((file) => [file.name, file.md5]).sort()).toEqual(fake.files.map((file) => [file.name, file.md5]).sort());
    }
    const outs = (answer.data?.['syncPlan'].downloadPlan.manifest as string).split('\n').filter((line) => line.startsWith('  out='));
    expect(outs.sort()).toEqual(download.flatMap((edition) => edition.downloadPlan.files.map((file) => `  out=${edition.name}/${file.name}`)).sort());
    // One listing per edition, shared by both fields.
    expect(subgraph.upstreamLog().sort()).toEqual(download.map((edition) => `resource/${COG}/${encodeURIComponent(edition.name)}?limit=50&page=1`).sort());
  });

  it('refuses a plan downloading more than 50 editions when their files are asked, before any request; lists them without files', async () => {
    await sync();
    subgraph.clearUpstream();
    const withFiles = await subgraph.query('{ syncPlan(filter: { resources: ["BDORTHO"] }) { download { name totalSize } } }');
    expect(codes(withFiles)).toEqual([[['syncPlan'], 'QUERY_TOO_EXPENSIVE']]);
    expect(withFiles.errors?.[0]?.extensions).toMatchObject({ limit: 'syncPlanDownloads', downloads: 96, maxDownloads: 50 });
    const plan = await subgraph.query('{ syncPlan(filter: { resources: ["BDORTHO"] }) { download { name zone { code label } format { code } } endCursor } }');
    expect(plan.errors).toBeUndefined();
    expect(plan.data?.['syncPlan'].download).toHaveLength(96);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it.each([
    ['keep 0', { filter: { resources: [COG] }, keep: 0 }, 'keep'],
    ['keep 21', { filter: { resources: [COG] }, keep: 21 }, 'keep'],
    ['withdrawn editions asked', { filter: { resources: [COG], includeWithdrawn: true } }, 'filter.includeWithdrawn'],
    ['a cursor of editions', { filter: { resources: [COG] }, after: 'WyJlMSJd' }, 'after'],
    ['a position past the log', { filter: { resources: [COG] }, after: changeCursor(5) }, 'after'],
    ['an unknown zone', { filter: { resources: [COG], zones: ['Atlantis'] } }, 'filter.zones'],
  ])('answers BAD_USER_INPUT naming the argument for %s', async (_case, variables, argumentName) => {
    await sync();
    const answer = await subgraph.query(PLAN, variables);
    expect(codes(answer)).toEqual([[['syncPlan'], 'BAD_USER_INPUT']]);
    expect(answer.errors?.[0]?.extensions?.['argumentName']).toBe(argumentName);
    expect(answer.errors?.[0]?.message).toMatch(new RegExp(`^${argumentName.replace('.', '\\.')}: expected`));
  });
});

describe('Query.syncPlan over a filter too wide to plan', () => {
  let subgraph: SubgraphUnderTest;
  const stores = storesForSuite('sqlite');
  afterEach(async () => {
    await subgraph.stop();
  });

  it('refuses a filter matching more than 25,000 editions with BAD_USER_INPUT on filter, and plans a narrower one', async () => {
    const store = await stores.open();
    const observed = '2026-12-01T08:00:00.000Z';
    await store.applyCapabilities(
      [{ name: 'WIDE', title: null, description: null, updated: observed, zones: [], formats: [], crs: [] }],
      true,
      observed,
      false,
    );
    const entries = Array.from({ length: 25_001 }, (_, index) => ({
      resourceName: 'WIDE',
      name: `WIDE_E${index}`,
      title: null,
      updated: observed,
      editionDate: `${2000 + (index % 26)}-01-01`,
      zone: { code: index === 0 ? 'D029' : 'D075', label: null },
      format: { code: 'GPKG', label: null },
      crs: { code: 'EPSG:2154', label: null },
    }));
    await store.applyListing('WIDE', entries, entries.length, observed, false);
    await store.setState({ [SyncStateKey.BASELINE_AT]: observed });
    subgraph = await startSubgraph({ catalogue: { store, autoStart: false } });
    const wide = await subgraph.query('{ syncPlan(filter: { resources: ["WIDE"] }) { download { name } } }');
    expect(wide.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter' });
    expect(wide.errors?.[0]?.message).toBe(
      'filter: expected at most 25,000 matching editions for a plan, got more: narrow it (resources, zones, formats, crs, edition dates)',
    );
    const narrow = await subgraph.query('{ syncPlan(filter: { resources: ["WIDE"], zones: ["29"] }) { download { name } } }');
    expect(narrow.data?.['syncPlan'].download).toEqual([{ name: 'WIDE_E0' }]);
  });
});

describe('Query.syncPlan and the cost budget', () => {
  let subgraph: SubgraphUnderTest;
  const stores = storesForSuite('sqlite');
  afterEach(async () => {
    await subgraph.stop();
  });

  it('charges page 1 of the file listings of 50 editions up front: refused before any request when the budget is smaller', async () => {
    const catalogue = buildCatalogue({ resourceCount: 12 });
    subgraph = await startSubgraph({ upstreamRate: 50, queryCostBudget: 49, fake: { catalogue }, catalogue: { store: await stores.open(), autoStart: false } });
    await subgraph.server.catalogue!.syncer.runOnce();
    subgraph.clearUpstream();
    const answer = await subgraph.query(`{ syncPlan(filter: { resources: ["${COG}"], zones: ["FXX"] }) { download { downloadPlan { files { name } } } } }`);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', estimate: 50, budget: 49 });
    expect(subgraph.upstreamLog()).toEqual([]);
    // Without files: from the index alone, 0 requests.
    const names = await subgraph.query(`{ syncPlan(filter: { resources: ["${COG}"], zones: ["FXX"] }) { download { name } remove { name } endCursor } }`);
    expect(names.errors).toBeUndefined();
    expect(subgraph.upstreamLog()).toEqual([]);
  });
});
