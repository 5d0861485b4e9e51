import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { PUBLIC_ERROR_CODES } from '../../src/core/errors';
import { buildCatalogue, type FakeEdition, type FakeResource } from '../fakeUpstream/catalogue';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { DIALECTS, storesForSuite } from '../helpers/testStores';
import { seededRandom } from '../helpers/seededRandom';
import { hostileSearchText } from '../helpers/hostileSearchText';

const DAY = 24 * 3600_000;
const SEARCH = `query($q: String!, $first: Int, $after: String) {
  searchResources(q: $q, first: $first, after: $after) {
    totalCount
    edges { cursor node { name title } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const EDITIONS = `query($filter: EditionFilter, $first: Int) {
  editions(filter: $filter, first: $first) {
    totalCount
    nodes { resourceName name zone { code } }
    facets { zones { code label count } formats { code count } crs { code count } years { year count } }
  }
}`;

/** Counts of `editions` per zone, format, CRS and year, computed from the fake catalogue, as facets give them. */
function facetsOf(editions: readonly FakeEdition[]) {
  const tally = (code: (edition: FakeEdition) => string | undefined) => {
    const counts = new Map<string, number>();
    for (const edition of editions) {
      const value = code(edition);
      if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    return [...counts]
      .sort(([a], [b]) =>
        a < b ? -1
        : a > b ? 1
        : 0,
      )
      .map(([value, count]) => ({ code: value, count }));
  };
  return {
    zones: tally((edition) => edition.zone?.term),
    formats: tally((edition) => edition.format?.term),
    crs: tally((edition) => edition.crs?.term),
    years: tally((edition) => edition.editionDate?.slice(0, 4)).map(({ code, count }) => ({ year: Number(code), count })),
  };
}

/** The editions of `products` (names) in the fake catalogue, optionally in `zones` only. */
function editionsOf(catalogue: readonly FakeResource[], products: readonly string[], zones?: readonly string[]): FakeEdition[] {
  return catalogue
    .filter((product) => products.includes(product.name))
    .flatMap((product) => product.editions)
    .filter((edition) => zones === undefined || (edition.zone !== null && zones.includes(edition.zone.term)));
}

describe.each(DIALECTS)('searching the catalogue by words through GraphQL, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let subgraph: SubgraphUnderTest;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };

  beforeAll(async () => {
    catalogue = buildCatalogue();
    store = await stores.open();
    subgraph = await startSubgraph({ upstreamRate: 200, fake: { catalogue }, catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } } });
    await subgraph.server.catalogue!.syncer.runOnce();
    await subgraph.server.catalogue!.knowledge.settled();
  }, 120_000);
  afterAll(async () => {
    await subgraph.stop();
  });
  beforeEach(() => subgraph.clearUpstream());
  afterEach(() => expect(subgraph.upstreamLog()).toEqual([]));

  const names = (answer: { data?: Record<string, any> | null }) =>
    answer.data?.['searchResources'].edges.map((edge: { node: { name: string } }) => edge.node.name);

  it('finds the ortho-imagery products for orthophotographies and ortho, BD ORTHO first', async () => {
    const plural = await subgraph.query(SEARCH, { q: 'orthophotographies' });
    expect(plural.errors).toBeUndefined();
    expect(names(plural)).toEqual(['BDORTHO']);
    const prefix = await subgraph.query(SEARCH, { q: 'ortho' });
    expect(names(prefix)).toEqual(['BDORTHO', 'BDORTHO-HISTORIQUE', 'PRODUIT-007', 'PRODUIT-012', 'PRODUIT-028']);
  });

  it.each(['bd topo', 'bdtopo', 'BD-TOPO', 'Bd Topo®'])('finds BD TOPO first for %j, with its title from the index', async (q) => {
    const answer = await subgraph.query(SEARCH, { q, first: 1 });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.['searchResources']).toMatchObject({ totalCount: 4, edges: [{ node: { name: 'BDTOPO', title: 'BD TOPO®' } }] });
  });

  it('answers a found product’s facets from its capabilities entry in the index', async () => {
    const answer = await subgraph.query(
      '{ searchResources(q: "courbes de niveau") { nodes { name description zones { code } formats { code } crs { code } } } }',
    );
    const courbes = catalogue.find((product) => product.name === 'COURBES')!;
    expect(answer.data?.['searchResources'].nodes).toEqual([
      {
        name: 'COURBES',
        description: courbes.description,
        zones: [...new Set(courbes.editions.map((edition) => edition.zone!.term))].map((code) => ({ code })),
        formats: [...new Set(courbes.editions.map((edition) => edition.format!.term))].map((code) => ({ code })),
        crs: [...new Set(courbes.editions.map((edition) => edition.crs!.term))].map((code) => ({ code })),
      },
    ]);
  });

  it('pages with pinned cursors: rank, then name; a cursor of other words is refused', async () => {
    const first = await subgraph.query(SEARCH, { q: 'bd topo', first: 2 });
    expect(first.data?.['searchResources']).toEqual({
      totalCount: 4,
      edges: [
        { cursor: 'WyJyMSIsImM3ODQ2ZDQ4IiwwLCJCRFRPUE8iXQ==', node: { name: 'BDTOPO', title: 'BD TOPO®' } },
        { cursor: 'WyJyMSIsImM3ODQ2ZDQ4IiwwLCJCRFRPUE8tRElGRiJd', node: { name: 'BDTOPO-DIFF', title: 'BD TOPO® Différentiel' } },
      ],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, endCursor: 'WyJyMSIsImM3ODQ2ZDQ4IiwwLCJCRFRPUE8tRElGRiJd' },
    });
    expect(Buffer.from('WyJyMSIsImM3ODQ2ZDQ4IiwwLCJCRFRPUE8tRElGRiJd', 'base64').toString()).toBe('["r1","c7846d48",0,"BDTOPO-DIFF"]');
    const next = await subgraph.query(SEARCH, { q: 'BD-TOPO', first: 2, after: 'WyJyMSIsImM3ODQ2ZDQ4IiwwLCJCRFRPUE8tRElGRiJd' });
    expect(names(next)).toEqual(['BDTOPOHisto', 'BDTOPO_EXPRESS']);
    expect(next.data?.['searchResources'].pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const other = await subgraph.query(SEARCH, { q: 'ortho', after: 'WyJyMSIsImM3ODQ2ZDQ4IiwwLCJCRFRPUE8tRElGRiJd' });
    expect(other.errors?.map((error) => [error.extensions?.['code'], error.message])).toEqual([
      ['BAD_USER_INPUT', 'after: expected a cursor of these words, got one from another search'],
    ]);
  });

  it('answers no match with an empty connection and the closest product names in the response’s extensions', async () => {
    const answer = await subgraph.query(SEARCH, { q: 'bdtpoo' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.['searchResources']).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null } });
    expect(answer.extensions?.['suggestions']).toEqual([
      { path: ['searchResources'], argumentName: 'q', input: 'bdtpoo', resources: [{ name: 'BDTOPO', title: 'BD TOPO®' }] },
    ]);
    const editions = await subgraph.query(
      '{ none: editions(filter: { q: "bd orthp" }) { totalCount } some: editions(filter: { q: "ortho" }, first: 1) { totalCount } }',
    );
    expect(editions.data?.['none']).toEqual({ totalCount: 0 });
    expect(editions.extensions?.['suggestions']).toEqual([
      { path: ['none'], argumentName: 'filter.q', input: 'bd orthp', resources: [{ name: 'BDORTHO', title: 'BD ORTHO®' }] },
    ]);
    // Gibberish: nothing close, nothing suggested.
    expect((await subgraph.query(SEARCH, { q: 'xqzwvkj' })).extensions?.['suggestions']).toBeUndefined();
  });

  it('filters editions by words: the product’s, and the names of their zones', async () => {
    const answer = await subgraph.query(EDITIONS, { filter: { q: 'orthophoto finistère' }, first: 100 });
    expect(answer.errors).toBeUndefined();
    const expected = editionsOf(catalogue, ['BDORTHO'], ['D029']);
    expect(expected.length).toBeGreaterThan(0);
    expect(answer.data?.['editions'].totalCount).toBe(expected.length);
    expect(answer.data?.['editions'].nodes.map((node: { name: string }) => node.name).sort()).toEqual(expected.map((edition) => edition.name).sort());
    // A département's région names it too: Finistère is in Bretagne.
    const bretagne = await subgraph.query(EDITIONS, { filter: { q: 'orthophoto bretagne' }, first: 100 });
    expect(bretagne.data?.['editions'].totalCount).toBe(editionsOf(catalogue, ['BDORTHO'], ['D029', 'D035', 'R53']).length);
  });

  it('counts facets of whatever the filter matches, equal to counts made from the fake catalogue', async () => {
    const place = ['D029', 'R53', 'FXX', 'FRA'];
    const cases: Array<[string, Record<string, unknown>, FakeEdition[]]> = [
      ['words', { q: 'bd topo' }, editionsOf(catalogue, ['BDTOPO', 'BDTOPO-DIFF', 'BDTOPOHisto', 'BDTOPO_EXPRESS'])],
      [
        'a place, as its zones',
        { zones: place },
        editionsOf(
          catalogue,
          catalogue.map((product) => product.name),
          [...place, 'D022', 'D035', 'D056'],
        ),
      ],
      [
        'both',
        { zones: place, q: 'ortho' },
        editionsOf(catalogue, ['BDORTHO', 'BDORTHO-HISTORIQUE', 'PRODUIT-007', 'PRODUIT-012', 'PRODUIT-028'], [...place, 'D022', 'D035', 'D056']),
      ],
      [
        'product and dates',
        { resources: ['BDORTHO'], editionDateFrom: '2020-01-01' },
        editionsOf(catalogue, ['BDORTHO']).filter((edition) => edition.editionDate !== null && edition.editionDate >= '2020-01-01'),
      ],
    ];
    for (const [what, filter, editions] of cases) {
      const answer = await subgraph.query(EDITIONS, { filter, first: 5 });
      expect([what, answer.errors]).toEqual([what, undefined]);
      expect(editions.length).toBeGreaterThan(0);
      const { zones, ...rest } = answer.data?.['editions'].facets as { zones: Array<{ code: string; count: number }> } & Record<string, unknown>;
      expect([what, answer.data?.['editions'].totalCount]).toEqual([what, editions.length]);
      expect([what, { zones: zones.map(({ code, count }) => ({ code, count })), ...rest }]).toEqual([what, facetsOf(editions)]);
    }
    const labelled = await subgraph.query(EDITIONS, { filter: { zones: ['D029'] }, first: 1 });
    expect(labelled.data?.['editions'].facets.zones).toEqual([
      {
        code: 'D029',
        label: 'D029 Finistère',
        count: editionsOf(
          catalogue,
          catalogue.map((product) => product.name),
          ['D029'],
        ).length,
      },
    ]);
    const facets = await subgraph.query('{ editionFacets(resourceName: "BDORTHO") { formats { code count } } }');
    expect(facets.data?.['editionFacets'].formats).toEqual(facetsOf(editionsOf(catalogue, ['BDORTHO'])).formats);
  });

  it('combines words with a place or a point: both must hold, counted and faceted alike', async () => {
    // Brest is covered by D029, R53, FXX and FRA (Query.place); a spatial filter stands for exactly those zones.
    const brest = ['D029', 'R53', 'FXX', 'FRA'];
    const ortho = ['BDORTHO', 'BDORTHO-HISTORIQUE', 'PRODUIT-007', 'PRODUIT-012', 'PRODUIT-028'];
    const expected = editionsOf(catalogue, ortho, brest);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(editionsOf(catalogue, ortho).length);
    expect(expected.length).toBeLessThan(
      editionsOf(
        catalogue,
        catalogue.map((product) => product.name),
        brest,
      ).length,
    );
    for (const filter of [
      { place: 'Brest', q: 'ortho' },
      { place: '29200', q: 'ortho' },
      { point: { lon: -4.49, lat: 48.39 }, q: 'ortho' },
    ]) {
      const answer = await subgraph.query(EDITIONS, { filter, first: 100 });
      expect([filter, answer.errors]).toEqual([filter, undefined]);
      expect([filter, answer.data?.['editions'].totalCount]).toEqual([filter, expected.length]);
      expect(answer.data?.['editions'].nodes.map((node: { name: string }) => node.name).sort()).toEqual(expected.map((edition) => edition.name).sort());
      const { zones, ...rest } = answer.data?.['editions'].facets as { zones: Array<{ code: string; count: number }> } & Record<string, unknown>;
      expect({ zones: zones.map(({ code, count }) => ({ code, count })), ...rest }).toEqual(facetsOf(expected));
    }
    // Words no product has, at a place: nothing, with suggestions; a bad place is still BAD_USER_INPUT naming it.
    const none = await subgraph.query(EDITIONS, { filter: { place: 'Brest', q: 'bd orthp' } });
    expect(none.data?.['editions'].totalCount).toBe(0);
    expect(none.extensions?.['suggestions']).toEqual([
      { path: ['editions'], argumentName: 'filter.q', input: 'bd orthp', resources: [{ name: 'BDORTHO', title: 'BD ORTHO®' }] },
    ]);
    const ambiguous = await subgraph.query(EDITIONS, { filter: { place: 'Saint-Denis', q: 'ortho' } });
    expect(ambiguous.errors?.map((error) => error.extensions?.['code'])).toEqual(['BAD_USER_INPUT']);
    expect(ambiguous.errors?.[0]?.message).toContain('filter.place');
  });

  it('takes any text as data: hostile words give an answer or BAD_USER_INPUT, never a 500 (seeded property)', async () => {
    const rand = seededRandom(2026);
    for (let run = 0; run < 60; run += 1) {
      const q = hostileSearchText(rand, 0, 9);
      const answer = await subgraph.query(
        'query($q: String!) { searchResources(q: $q, first: 3) { totalCount nodes { name } } editions(filter: { q: $q }, first: 3) { totalCount facets { zones { code } } } }',
        { q },
      );
      expect([q, answer.status]).toEqual([q, 200]);
      for (const error of answer.errors ?? []) {
        expect(PUBLIC_ERROR_CODES.has(error.extensions?.['code'])).toBe(true);
        expect([q, error.extensions?.['code']]).toEqual([q, 'BAD_USER_INPUT']);
      }
    }
  });

  it('finds a renamed title after one sync', async () => {
    clock.now = new Date(clock.now.getTime() + DAY / 2);
    const parcs = catalogue.find((product) => product.name === 'PARCS.JARDINS')!;
    parcs.title = 'Espaces verts remarquables';
    parcs.updated = clock.now.toISOString();
    expect((await subgraph.query(SEARCH, { q: 'espaces verts' })).data?.['searchResources'].totalCount).toBe(0);
    expect(await subgraph.server.catalogue!.syncer.runOnce()).toMatchObject({ kind: 'incremental' });
    subgraph.clearUpstream();
    expect(names(await subgraph.query(SEARCH, { q: 'espaces verts' }))).toEqual(['PARCS.JARDINS']);
    const editions = await subgraph.query(EDITIONS, { filter: { q: 'espace vert' }, first: 10 });
    expect(editions.data?.['editions'].totalCount).toBe(parcs.editions.length);
  });
});
