import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { buildCatalogue, type FakeResource } from '../fakeUpstream/catalogue';
import { addEdition, withdrawEdition } from '../fakeUpstream/catalogueChanges';
import { DIALECTS, storeFactory, storesForSuite } from '../helpers/testStores';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

const DAY = 24 * 3600_000;

describe.each(DIALECTS)('the catalogue index through GraphQL, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let subgraph: SubgraphUnderTest;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
  const sync = () => subgraph.server.catalogue!.syncer.runOnce();

  beforeEach(async () => {
    clock.now = new Date('2026-12-01T08:00:00.000Z');
    catalogue = buildCatalogue({ resourceCount: 12 });
    store = await stores.open();
    subgraph = await startSubgraph({ upstreamRate: 50, fake: { catalogue }, catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } } });
  });
  afterEach(async () => {
    await subgraph.stop();
  });

  it('says it is not ready until the first full sync ends, then answers from the index with no upstream request', async () => {
    const before = await subgraph.query('{ catalogue { ready editions lastSync } editions(first: 2) { totalCount } }');
    expect(before.data?.['catalogue']).toEqual({ ready: false, editions: 0, lastSync: null });
    expect(before.errors?.map((error) => [error.path, error.extensions?.['code']])).toEqual([[['editions'], 'INDEX_NOT_READY']]);
    await sync();
    subgraph.clearUpstream();
    const after = await subgraph.query(`{
      catalogue { ready products editions withdrawnEditions lastSync lastFullSync lagSeconds running lastSequence }
      editions(first: 3, filter: { resourceNames: ["BDORTHO"], zones: ["Paris"] }) {
        totalCount nodes { name resourceName editionDate zone { code } format { code } firstSeenAt withdrawnAt }
      }
    }`);
    expect(after.errors).toBeUndefined();
    const total = catalogue.reduce((sum, product) => sum + product.editions.length, 0);
    expect(after.data?.['catalogue']).toMatchObject({
      ready: true,
      products: 12,
      editions: total,
      withdrawnEditions: 0,
      lastFullSync: clock.now.toISOString(),
      lagSeconds: 0,
      running: false,
      lastSequence: 0,
    });
    const paris = catalogue[9]!.editions
      .filter((edition) => edition.zone?.term === 'D075')
      .sort((a, b) => (b.editionDate ?? '').localeCompare(a.editionDate ?? '') || b.name.localeCompare(a.name));
    expect(after.data?.['editions'].totalCount).toBe(paris.length);
    expect(after.data?.['editions'].nodes.map((node: { name: string }) => node.name)).toEqual(paris.slice(0, 3).map((edition) => edition.name));
    expect(after.data?.['editions'].nodes[0]).toMatchObject({
      resourceName: 'BDORTHO',
      zone: { code: 'D075' },
      firstSeenAt: clock.now.toISOString(),
      withdrawnAt: null,
    });
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('filters by product under resources, as every other filter names them; resourceNames (deprecated) still answers the same; both at once is BAD_USER_INPUT', async () => {
    await sync();
    const answer = await subgraph.query(
      '{ a: editions(first: 50, filter: { resources: ["BDORTHO"] }) { totalCount nodes { name } } b: editions(first: 50, filter: { resourceNames: ["BDORTHO"] }) { totalCount nodes { name } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.['a'].totalCount).toBe(catalogue.find((product) => product.name === 'BDORTHO')!.editions.length);
    expect(answer.data?.['b']).toEqual(answer.data?.['a']);
    const both = await subgraph.query('{ editions(filter: { resources: ["BDORTHO"], resourceNames: ["BDORTHO"] }) { totalCount } }');
    expect(both.errors?.map((error) => [error.extensions?.['code'], error.message])).toEqual([
      ['BAD_USER_INPUT', 'filter.resources and filter.resourceNames: give one of them (resourceNames is the deprecated name of resources)'],
    ]);
  });

  it('reports exactly what changed through changes, resumable from its last cursor', async () => {
    await sync();
    const start = await subgraph.query('{ changes { nodes { kind } pageInfo { endCursor } } }');
    expect(start.data?.['changes'].nodes).toEqual([]);
    const cursor = start.data?.['changes'].pageInfo.endCursor;
    expect(cursor).toBeNull();
    clock.now = new Date(clock.now.getTime() + DAY / 2);
    const when = clock.now.toISOString();
    addEdition(catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', { when });
    const gone = catalogue[1]!.editions[0]!;
    withdrawEdition(catalogue, 'ADMIN-EXPRESS-COG', gone.name, { when });
    await sync();
    const query =
      'query($after: String) { changes(first: 2, after: $after, filter: { kinds: [EDITION_ADDED, EDITION_WITHDRAWN] }) { nodes { kind resourceName editionName observedAt } pageInfo { endCursor hasNextPage } } }';
    const first = await subgraph.query(query);
    expect(first.data?.['changes'].nodes).toEqual([
      { kind: 'EDITION_WITHDRAWN', resourceName: 'ADMIN-EXPRESS-COG', editionName: gone.name, observedAt: when },
      { kind: 'EDITION_ADDED', resourceName: 'BDCARTO', editionName: 'BDCARTO_NEW_2026-12-01', observedAt: when },
    ]);
    // The subscription's filter and type: zones and formats as people write them, the event's id and listing.
    const added = catalogue.find((product) => product.name === 'BDCARTO')!.editions.at(-1)!;
    const byZone = await subgraph.query(
      `{ changes(filter: { zones: ["${added.zone!.term}"], formats: ["${added.format!.term.toLowerCase()}"], kinds: [EDITION_ADDED] }) { nodes { id seq editionName zoneCode atomUrl } } }`,
    );
    expect(byZone.errors).toBeUndefined();
    expect(byZone.data?.['changes'].nodes).toEqual([
      {
        id: expect.stringMatching(/^chg_\d+$/),
        seq: expect.stringMatching(/^\d+$/),
        editionName: added.name,
        zoneCode: added.zone!.term,
        atomUrl: `${subgraph.baseUrl}/resource/BDCARTO/${added.name}`,
      },
    ]);
    expect(byZone.data?.['changes'].nodes[0].id).toBe(`chg_${byZone.data?.['changes'].nodes[0].seq}`);
    const bad = await subgraph.query('{ changes(filter: { zones: ["Atlantis"] }) { nodes { id } } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.zones' });
    const resumed = await subgraph.query(query, { after: first.data?.['changes'].pageInfo.endCursor });
    expect(resumed.data?.['changes']).toEqual({ nodes: [], pageInfo: { endCursor: first.data?.['changes'].pageInfo.endCursor, hasNextPage: false } });

    // The withdrawn edition still answers, from the index, with withdrawnAt; its files fail with a typed code.
    const withdrawn = await subgraph.query(
      `{ subResource(resourceName: "ADMIN-EXPRESS-COG", name: "${gone.name}") { name editionDate withdrawnAt firstSeenAt files(first: 1) { totalCount } } }`,
    );
    expect(withdrawn.data?.['subResource']).toEqual({
      name: gone.name,
      editionDate: gone.editionDate,
      withdrawnAt: when,
      firstSeenAt: '2026-12-01T08:00:00.000Z',
      files: null,
    });
    expect(withdrawn.errors?.map((error) => [error.path, error.extensions?.['code']])).toEqual([[['subResource', 'files'], 'EDITION_WITHDRAWN']]);
    const listed = await subgraph.query(
      '{ editions(filter: { resources: ["ADMIN-EXPRESS-COG"] }) { totalCount } all: editions(filter: { resources: ["ADMIN-EXPRESS-COG"], includeWithdrawn: true }) { totalCount } }',
    );
    expect(listed.data).toEqual({ editions: { totalCount: 23 }, all: { totalCount: 24 } });
    // Through the router too (a federation reference).
    const entity = await subgraph.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on SubResource { name withdrawnAt } } }', {
      r: [{ __typename: 'SubResource', resourceName: 'ADMIN-EXPRESS-COG', name: gone.name }],
    });
    expect(entity.data?.['_entities']).toEqual([{ name: gone.name, withdrawnAt: when }]);
  });

  it('pages editions while a sync adds some, never skipping or repeating one', async () => {
    await sync();
    const query =
      'query($after: String) { editions(first: 7, after: $after, filter: { resources: ["BDORTHO"] }) { nodes { name } pageInfo { endCursor hasNextPage } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 40; page += 1) {
      const answer = await subgraph.query(query, { after });
      expect(answer.errors).toBeUndefined();
      seen.push(...answer.data!['editions'].nodes.map((node: { name: string }) => node.name));
      if (page === 2) {
        clock.now = new Date(clock.now.getTime() + DAY / 2);
        for (const date of ['2030-01-01', '2000-01-01'])
          addEdition(catalogue, 'BDORTHO', `BDORTHO_NEW_${date}`, { when: clock.now.toISOString(), edition: { editionDate: date } });
        await sync();
      }
      if (!answer.data?.['editions'].pageInfo.hasNextPage) break;
      after = answer.data?.['editions'].pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(
      expect.arrayContaining(catalogue[9]!.editions.filter((edition) => !edition.name.startsWith('BDORTHO_NEW_')).map((edition) => edition.name)),
    );
    // Added behind the cursor: not in this walk (the change log has it). Added ahead of it: reached.
    expect(seen).not.toContain('BDORTHO_NEW_2030-01-01');
    expect(seen).toContain('BDORTHO_NEW_2000-01-01');
  });

  it('pages editions both ways with exact hasPreviousPage and hasNextPage: first, after, last, before', async () => {
    await sync();
    const all = catalogue[9]!.editions.length;
    const page = (args: string) =>
      subgraph.query(
        `{ editions(${args}, filter: { resources: ["BDORTHO"] }) { nodes { name } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }`,
      );
    const first = await page('first: 5');
    expect(first.errors).toBeUndefined();
    expect(first.data!['editions'].pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: all > 5 });
    const second = await page(`first: 5, after: "${first.data!['editions'].pageInfo.endCursor}"`);
    expect(second.data!['editions'].pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: all > 10 });
    // Backward from the second page's start: exactly the first page, which has nothing before it.
    const back = await page(`last: 5, before: "${second.data!['editions'].pageInfo.startCursor}"`);
    expect(back.data!['editions'].nodes).toEqual(first.data!['editions'].nodes);
    expect(back.data!['editions'].pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    // The last editions: something before them, nothing after.
    const last = await page('last: 3');
    const names: string[] = [];
    for (let after = ''; ;) {
      const answer = await page(`first: 50${after}`);
      names.push(...answer.data!['editions'].nodes.map((node: { name: string }) => node.name));
      if (!answer.data!['editions'].pageInfo.hasNextPage) break;
      after = `, after: "${answer.data!['editions'].pageInfo.endCursor}"`;
    }
    expect(names).toHaveLength(all);
    expect(last.data!['editions'].nodes.map((node: { name: string }) => node.name)).toEqual(names.slice(-3));
    expect(last.data!['editions'].pageInfo).toMatchObject({ hasPreviousPage: all > 3, hasNextPage: false });
    // One step back from the last ones: the three before them, with more on both sides.
    const before = await page(`last: 3, before: "${last.data!['editions'].pageInfo.startCursor}"`);
    expect(before.data!['editions'].nodes.map((node: { name: string }) => node.name)).toEqual(names.slice(-6, -3));
    expect(before.data!['editions'].pageInfo).toMatchObject({ hasPreviousPage: all > 6, hasNextPage: true });
  });

  it('pins a millésime and counts facets from the index, and refuses bad arguments with typed errors', async () => {
    await sync();
    const answer = await subgraph.query(`{
      resource(name: "BDORTHO") { edition(year: 2022, zone: "75") { name editionDate zone { code } } none: edition(year: 1901) { name } }
      editionFacets(resourceName: "ADMIN-EXPRESS-COG") { formats { code count } years { year count } }
    }`);
    expect(answer.errors).toBeUndefined();
    const expected = catalogue[9]!.editions
      .filter((edition) => edition.zone?.term === 'D075' && edition.editionDate?.startsWith('2022'))
      .sort((a, b) => (b.editionDate ?? '').localeCompare(a.editionDate ?? '') || b.name.localeCompare(a.name))[0];
    expect(expected).toBeDefined();
    expect(answer.data?.['resource'].edition).toEqual({ name: expected!.name, editionDate: '2022-01-01', zone: { code: 'D075' } });
    expect(answer.data?.['resource'].none).toBeNull();
    const cog = catalogue[1]!.editions;
    const formats = [...new Set(cog.map((edition) => edition.format?.term))]
      .sort()
      .map((code) => ({ code, count: cog.filter((edition) => edition.format?.term === code).length }));
    expect(answer.data?.['editionFacets'].formats).toEqual(formats);
    expect(answer.data?.['editionFacets'].years.reduce((sum: number, year: { count: number }) => sum + year.count, 0)).toBe(
      cog.filter((edition) => edition.editionDate).length,
    );

    const many = JSON.stringify(Array.from({ length: 101 }, (_, index) => `P${index}`));
    const bad = await subgraph.query(
      `{ a: editions(first: 500) { totalCount } b: editions(after: "nope") { totalCount } c: editions(filter: { zones: ["Atlantis"] }) { totalCount } d: editions(filter: { formats: ${many} }) { totalCount } }`,
    );
    expect(bad.errors?.map((error) => [error.path?.[0], error.extensions?.['code']]).sort()).toEqual([
      ['a', 'BAD_USER_INPUT'],
      ['b', 'BAD_USER_INPUT'],
      ['c', 'BAD_USER_INPUT'],
      ['d', 'BAD_USER_INPUT'],
    ]);
    const first = await subgraph.query('{ editions(first: 1) { pageInfo { endCursor } } }');
    const other = await subgraph.query(`{ editions(first: 1, orderBy: NAME, after: "${first.data?.['editions'].pageInfo.endCursor}") { totalCount } }`);
    expect(other.errors?.[0]?.message).toMatch(/cursor of this filter and order/);
  });

  if (dialect === 'postgres') {
    it('answers INDEX_UNAVAILABLE while PostgreSQL is down, keeps the live fields, and recovers on its own', async () => {
      await sync();
      stores.cluster!.stop();
      try {
        const down = await subgraph.query('{ editions(first: 1) { totalCount } resources(first: 1) { nodes { name } } }');
        expect(down.data?.['resources']).toEqual({ nodes: [{ name: 'ADMIN-EXPRESS' }] });
        expect(down.errors?.map((error) => [error.path, error.extensions?.['code']])).toEqual([[['editions'], 'INDEX_UNAVAILABLE']]);
      } finally {
        stores.cluster!.start();
      }
      const back = await subgraph.query('{ editions(first: 1) { totalCount } }');
      expect(back.errors).toBeUndefined();
      expect(back.data?.['editions'].totalCount).toBeGreaterThan(0);
    }, 60_000);
  }
});

describe('an interactive query during a full sync', () => {
  it('is answered while the sync still runs, the sync holding back to its share, the upstream never above its rate', async () => {
    const stores = await storeFactory('sqlite');
    const catalogue = buildCatalogue({ resourceCount: 40 });
    let onThirdPage: () => void = () => undefined;
    const thirdPage = new Promise<void>((resolve) => (onThirdPage = resolve));
    let pages = 0;
    const subgraph = await startSubgraph({
      upstreamRate: 10,
      fake: { catalogue },
      catalogue: { store: await stores.open(), autoStart: false, syncer: { onPage: () => (++pages === 3 ? onThirdPage() : undefined) } },
    });
    try {
      const syncer = subgraph.server.catalogue!.syncer;
      const fullSync = syncer.runOnce();
      await thirdPage;
      const answer = await subgraph.query('{ resource(name: "BDORTHO") { subResources(first: 60) { totalCount nodes { name } } } }');
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.['resource'].subResources.nodes).toHaveLength(60);
      // Answered before the sync ended: it did not wait behind the walk.
      expect(syncer.progress).not.toBeNull();
      expect(await fullSync).toMatchObject({ kind: 'full', baseline: true });
      expect(subgraph.fake.maxRequestsInAnyWindow()).toBeLessThanOrEqual(10);
      expect(subgraph.fake.requests.filter((request) => request.status === 429)).toEqual([]);
    } finally {
      await subgraph.stop();
      await stores.cleanup();
    }
  }, 60_000);
});
