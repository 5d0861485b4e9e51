import { newestEdition } from '../../src/upstream/editions/newestEdition';
import { buildCatalogue, findResource, type FakeEdition } from '../fakeUpstream/catalogue';
import { memoryLog } from '../helpers/memoryLog';
import { DIALECTS, storesForSuite } from '../helpers/testStores';
import { startSubgraph, subgraphForSuite, type GraphQLAnswer, type SubgraphUnderTest } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();

/** The names of the fake catalogue's editions filed under these zone codes, sorted: what a spatial filter must give. */
function editionsIn(zones: readonly string[]): string[] {
  return catalogue
    .flatMap((product) => product.editions)
    .filter((edition) => edition.zone !== null && zones.includes(edition.zone.term))
    .map((edition) => edition.name)
    .sort();
}

const EDITIONS = `query($filter: EditionFilter, $after: String) {
  editions(filter: $filter, first: 100, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } }
}`;

/** Every page of `editions` under `filter`: the names (sorted) and the totalCount, or the errors of the first page. */
async function editionNames(subgraph: SubgraphUnderTest, filter: Record<string, unknown>): Promise<{ names: string[]; totalCount: number }> {
  const names: string[] = [];
  let after: string | null = null;
  for (;;) {
    const answer: GraphQLAnswer = await subgraph.query(EDITIONS, { filter, after });
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    const page = answer.data?.['editions'] as { totalCount: number; nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    names.push(...page.nodes.map((node) => node.name));
    if (!page.pageInfo.hasNextPage) return { names: names.sort(), totalCount: page.totalCount };
    after = page.pageInfo.endCursor;
  }
}

const PLACE = `query($input: String!) {
  place(input: $input) { kind code name departement { code name } region { code } point bbox communes { code name departement { code } } zones { code } }
}`;

describe.each(DIALECTS)('finding editions by place, on %s, at 0 upstream requests', (dialect) => {
  const stores = storesForSuite(dialect);
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({ upstreamRate: 100, fake: { catalogue: buildCatalogue() }, catalogue: { store: await stores.open(), autoStart: false } });
    await subgraph.server.catalogue!.syncer.runOnce();
  }, 120_000);
  afterAll(() => subgraph?.stop());
  beforeEach(() => subgraph.clearUpstream());

  describe('a point: the zones whose footprint holds it, most precise first, and exactly their editions', () => {
    it.each([
      ['Rennes', -1.68, 48.11, ['D035', 'R53', 'FXX', 'FRA']],
      ['Ajaccio', 8.74, 41.93, ['D02A', 'R94', 'FXX', 'FRA']],
      ['Pointe-à-Pitre', -61.53, 16.24, ['D971', 'R01', 'FRA', 'GLP']],
      ['Saint-Denis de La Réunion', 55.45, -20.88, ['D974', 'R04', 'FRA', 'REU']],
      ['the Bay of Biscay', -5, 46, []],
    ])('%s (%d, %d)', async (_name, lon, lat, zones) => {
      const place = await subgraph.query(PLACE, { input: `${lon},${lat}` });
      expect(place.errors).toBeUndefined();
      expect(place.data?.['place']).toMatchObject({ kind: 'POINT', code: null, point: [lon, lat], zones: zones.map((code) => ({ code })) });
      expect(place.data?.['place'].departement?.code ?? null).toBe(zones[0] ?? null);
      const found = await editionNames(subgraph, { point: { lon, lat } });
      expect(found).toEqual({ names: editionsIn(zones), totalCount: editionsIn(zones).length });
      expect(subgraph.upstreamLog()).toEqual([]);
    });

    it('Rennes is not in Finistère: none of its editions', async () => {
      const rennes = await editionNames(subgraph, { point: { lon: -1.68, lat: 48.11 } });
      expect(editionsIn(['D029']).length).toBeGreaterThan(0);
      expect(rennes.names).toEqual(expect.not.arrayContaining(editionsIn(['D029'])));
      expect(rennes.names).toEqual(expect.arrayContaining(editionsIn(['D035'])));
    });
  });

  describe('a place as people write it', () => {
    const finistere = ['D029', 'R53', 'FXX', 'FRA'];
    it.each([
      [
        '2A004',
        { kind: 'COMMUNE', code: '2A004', name: 'Ajaccio', departement: { code: 'D02A', name: 'Corse-du-Sud' }, region: { code: 'R94' } },
        ['D02A', 'R94', 'FXX', 'FRA'],
      ],
      [
        '29200',
        {
          kind: 'POSTCODE',
          code: '29200',
          name: 'Brest',
          departement: { code: 'D029' },
          communes: [{ code: '29019', name: 'Brest', departement: { code: 'D029' } }],
        },
        finistere,
      ],
      [
        'Brest',
        { kind: 'COMMUNE', code: '29019', name: 'Brest', departement: { code: 'D029', name: 'Finistère' }, region: { code: 'R53' }, communes: null },
        finistere,
      ],
      ['75056', { kind: 'COMMUNE', code: '75056', name: 'Paris', departement: { code: 'D075' }, region: { code: 'R11' } }, ['D075', 'R11', 'FXX', 'FRA']],
      ['-4.49,48.39', { kind: 'POINT', point: [-4.49, 48.39], departement: { code: 'D029' } }, finistere],
      ['R53', { kind: 'ZONE', code: 'R53', name: 'Bretagne', departement: null, bbox: expect.arrayContaining([expect.any(Number)]) }, ['R53', 'FXX', 'FRA']],
    ])('%s', async (input, understood, zones) => {
      const place = await subgraph.query(PLACE, { input });
      expect(place.errors).toBeUndefined();
      expect(place.data?.['place']).toMatchObject({ ...understood, zones: zones.map((code) => ({ code })) });
      const found = await editionNames(subgraph, { place: input });
      expect(found).toEqual({ names: editionsIn(zones), totalCount: editionsIn(zones).length });
      expect(subgraph.upstreamLog()).toEqual([]);
    });

    it('Saint-Denis names four communes: BAD_USER_INPUT listing them, in Query.place and in the filter', async () => {
      const candidates = [
        { kind: 'COMMUNE', code: '97411', name: 'Saint-Denis', departement: 'D974' },
        { kind: 'COMMUNE', code: '93066', name: 'Saint-Denis', departement: 'D093' },
        { kind: 'COMMUNE', code: '11339', name: 'Saint-Denis', departement: 'D011' },
        { kind: 'COMMUNE', code: '30247', name: 'Saint-Denis', departement: 'D030' },
      ];
      const place = await subgraph.query(PLACE, { input: 'Saint-Denis' });
      expect(place.data?.['place']).toBeNull();
      expect(place.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argumentName: 'input', candidates }]);
      expect(place.errors?.[0]?.message).toMatch(/^input: "Saint-Denis" names 4 communes: .*"Saint-Denis \(974\)"/);
      const filtered = await subgraph.query(EDITIONS, { filter: { place: 'Saint-Denis' } });
      expect(filtered.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argumentName: 'filter.place', candidates }]);
      // Qualified by its département, it reads.
      expect((await subgraph.query(PLACE, { input: 'Saint-Denis (974)' })).data?.['place']).toMatchObject({ code: '97411', departement: { code: 'D974' } });
      expect(subgraph.upstreamLog()).toEqual([]);
    });
  });

  describe('an area: the zones whose footprint meets it', () => {
    it.each([
      ['a box around Brest', { bbox: [-4.6, 48.3, -4.4, 48.5] }, ['D029', 'R53', 'FXX', 'FRA']],
      ['a box across Paris and its inner suburbs', { bbox: [2.25, 48.82, 2.45, 48.9] }, ['D075', 'D092', 'D093', 'D094', 'R11', 'FXX', 'FRA']],
      [
        'a MultiPolygon near Brest and Pointe-à-Pitre',
        {
          intersects: {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [-4.6, 48.3],
                  [-4.4, 48.3],
                  [-4.4, 48.5],
                  [-4.6, 48.3],
                ],
              ],
              [
                [
                  [-61.6, 16.2],
                  [-61.5, 16.2],
                  [-61.5, 16.3],
                  [-61.6, 16.2],
                ],
              ],
            ],
          },
        },
        ['D029', 'D971', 'R01', 'R53', 'FXX', 'FRA', 'GLP'],
      ],
      [
        'a GeoJSON Feature holding a Polygon at sea',
        {
          intersects: {
            type: 'Feature',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [-6, 45],
                  [-5, 45],
                  [-5, 46],
                  [-6, 45],
                ],
              ],
            },
          },
        },
        [],
      ],
    ])('%s', async (_name, filter, zones) => {
      expect(await editionNames(subgraph, filter)).toEqual({ names: editionsIn(zones), totalCount: editionsIn(zones).length });
      expect(subgraph.upstreamLog()).toEqual([]);
    });

    it('reads a polygon written inline in the query as well', async () => {
      const answer = await subgraph.query(
        '{ editions(first: 100, filter: { intersects: { type: "Polygon", coordinates: [[[8.7, 41.9], [8.8, 41.9], [8.75, 41.95], [8.7, 41.9]]] } }) { totalCount nodes { name } } }',
      );
      expect(answer.errors).toBeUndefined();
      const zones = ['D02A', 'R94', 'FXX', 'FRA'];
      expect(answer.data?.['editions'].totalCount).toBe(editionsIn(zones).length);
      expect(answer.data?.['editions'].nodes.map((node: { name: string }) => node.name).sort()).toEqual(editionsIn(zones));
    });

    it('never matches an edition whose zone has no footprint (EUR) or no zone at all, even under a box of the whole world', async () => {
      const world = await editionNames(subgraph, { bbox: [-180, -90, 180, 90] });
      const noFootprint = catalogue.flatMap((product) => product.editions).filter((edition) => edition.zone === null || edition.zone.term === 'EUR');
      expect(noFootprint.map((edition) => edition.name)).toEqual(
        expect.arrayContaining([...findResource(catalogue, 'EGM')!.editions, ...findResource(catalogue, 'cartes')!.editions].map((edition) => edition.name)),
      );
      const located = catalogue
        .flatMap((product) => product.editions)
        .filter((edition) => !noFootprint.includes(edition))
        .map((edition) => edition.name)
        .sort();
      expect(world).toEqual({ names: located, totalCount: located.length });
    });
  });

  it('combines with an explicit zones filter by intersection', async () => {
    expect((await editionNames(subgraph, { place: 'Brest', zones: ['FXX'] })).names).toEqual(editionsIn(['FXX']));
    // R53 stands for itself and its départements; the point is in D035 and R53 (and FXX, FRA, which R53 does not hold).
    expect((await editionNames(subgraph, { point: { lon: -1.68, lat: 48.11 }, zones: ['R53'] })).names).toEqual(editionsIn(['D035', 'R53']));
    expect((await editionNames(subgraph, { place: 'Brest', zones: ['Paris'] })).names).toEqual([]);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('gives zones and editions the box of their footprint, and zones their simplified outline; null without a footprint', async () => {
    const answer = await subgraph.query(`{
      finistere: zone(input: "29") { code bbox geometry }
      fxx: zone(input: "FXX") { bbox }
      eur: zone(input: "EUR") { code bbox geometry }
      editions(first: 100, filter: { place: "Brest" }) { nodes { name bbox zone { code bbox } } }
    }`);
    expect(answer.errors).toBeUndefined();
    const { finistere, fxx, eur, editions } = answer.data as Record<string, any>;
    expect(finistere.code).toBe('D029');
    const [west, south, east, north] = finistere.bbox as number[];
    expect([west! < -4.49, south! < 48.39, east! > -4.49, north! > 48.39]).toEqual([true, true, true, true]);
    const [fxxWest, fxxSouth, fxxEast, fxxNorth] = fxx.bbox as number[];
    expect(fxxWest! <= west! && fxxSouth! <= south! && east! <= fxxEast! && north! <= fxxNorth!).toBe(true);
    expect(finistere.geometry.type).toBe('MultiPolygon');
    const positions = (finistere.geometry.coordinates as number[][][][]).flat(2);
    expect(positions.every(([lon, lat]) => lon! >= west! && lon! <= east! && lat! >= south! && lat! <= north!)).toBe(true);
    expect(eur).toEqual({ code: 'EUR', bbox: null, geometry: null });
    expect(editions.nodes.length).toBeGreaterThan(0);
    for (const node of editions.nodes) expect(node.bbox).toEqual(node.zone.bbox);
    expect(editions.nodes.find((node: any) => node.zone.code === 'D029').bbox).toEqual(finistere.bbox);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  describe('refuses bad input with BAD_USER_INPUT naming the argument, before reading the index', () => {
    const ring = (count: number) => [...Array.from({ length: count - 1 }, (_, index) => [index / count, Math.sin(index) / 10]), [0, 0]];
    it.each([
      [
        'two spatial filters',
        { place: 'Brest', point: { lon: -4.49, lat: 48.39 } },
        'filter.point',
        /^filter\.place, filter\.point: expected at most one of filter\.place, filter\.point, filter\.bbox and filter\.intersects, got 2$/,
      ],
      [
        'three of them',
        { bbox: [-5, 48, -4, 49], intersects: { type: 'Polygon', coordinates: [] }, place: 'Brest' },
        'filter.bbox',
        /^filter\.place, filter\.bbox, filter\.intersects: expected at most one/,
      ],
      [
        'a bbox of 3 numbers',
        { bbox: [-5, 48, -4] },
        'filter.bbox',
        /^filter\.bbox: expected \[minLon, minLat, maxLon, maxLat\].*got an array of 3 items \[-5,48,-4\]$/,
      ],
      ['a bbox west of its west', { bbox: [-4, 48, -5, 49] }, 'filter.bbox', /got \[-4, 48, -5, 49\]$/],
      ['a point out of range', { point: { lon: 48.39, lat: -200 } }, 'filter.point', /^filter\.point: expected .*got 48\.39,-200$/],
      [
        'an unclosed ring',
        {
          intersects: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
              ],
            ],
          },
        },
        'filter.intersects',
        /ring 0 that is not closed/,
      ],
      ['a huge geometry', { intersects: { type: 'Polygon', coordinates: [ring(10_001)] } }, 'filter.intersects', /more than 10000 positions$/],
      ['a Point', { intersects: { type: 'Point', coordinates: [0, 0] } }, 'filter.intersects', /expected a GeoJSON Polygon or MultiPolygon .*got a "Point"$/],
      ['not GeoJSON', { intersects: 'nonsense' }, 'filter.intersects', /got text that is not JSON$/],
      ['an unknown place', { place: 'Atlantis' }, 'filter.place', /^filter\.place: expected a commune/],
    ])('%s', async (_name, filter, argumentName, message) => {
      const answer = await subgraph.query(EDITIONS, { filter });
      expect(answer.status).toBe(200);
      expect(answer.data?.['editions']).toBeNull();
      expect(answer.errors?.map((error) => [error.extensions?.['code'], error.extensions?.['argumentName']])).toEqual([['BAD_USER_INPUT', argumentName]]);
      expect(answer.errors?.[0]?.message).toMatch(message);
      expect(subgraph.upstreamLog()).toEqual([]);
    });
  });
});

describe('Resource.latestEdition(place:): the newest edition of the most precise zone covering the place that has one', () => {
  const log = memoryLog();
  const subgraph = subgraphForSuite({ upstreamRate: 50, logger: log.logger }, { clearUpstreamBeforeEach: true });
  const estimates = () => log.lines.filter((line) => line['message'] === 'operation').map((line) => line['estimatedUpstreamRequests']);
  const newestIn = (product: string, zone: string): FakeEdition => {
    const editions = findResource(catalogue, product)!.editions.filter((edition) => edition.zone?.term === zone);
    const entries = editions.map((edition) => ({ ...edition, resourceName: product, title: null, zone: null, format: null, crs: null }));
    return editions.find((edition) => edition.name === newestEdition(entries)!.name)!;
  };
  const latest = async (product: string, argument: string) => {
    const before = estimates().length;
    const answer = await subgraph.query(`{ resource(name: "${product}") { latestEdition(${argument}) { name zone { code } } } }`);
    expect(answer.errors).toBeUndefined();
    const estimate = estimates()[before] as number;
    // What it sent before its data could tell more was estimated; the rest was reserved as it ran.
    const upstream = answer.extensions?.['upstream'] as { estimated: number; reserved: number; sent: number };
    expect(upstream.estimated).toBe(estimate);
    expect(upstream.sent).toBe(subgraph.upstreamLog().length);
    expect(estimate).toBeGreaterThanOrEqual(upstream.sent - upstream.reserved);
    return { latest: answer.data?.['resource'].latestEdition as { name: string; zone: { code: string } } | null, estimate };
  };

  it('a commune of Finistère in BD ORTHO, which has Finistère editions: the newest of D029, from its own listing alone', async () => {
    const { latest: found, estimate } = await latest('BDORTHO', 'place: "Brest"');
    expect(found).toEqual({ name: newestIn('BDORTHO', 'D029').name, zone: { code: 'D029' } });
    expect(subgraph.upstreamLog()).toEqual(['resource/BDORTHO?limit=50&page=1&zone=D029']);
    // Page 1 of D029's listing; its last page, had it more than one, would have been reserved at run time.
    expect(estimate).toBe(1);
  });

  it('the same commune in BD TOPO, which has neither Finistère nor Bretagne editions: the newest of FXX', async () => {
    const { latest: found } = await latest('BDTOPO', 'place: "29019"');
    expect(found).toEqual({ name: newestIn('BDTOPO', 'FXX').name, zone: { code: 'FXX' } });
    // Finistère's listing (empty, it proves the product), then the whole feed (one page) settles R53, FXX, FRA.
    expect(subgraph.upstreamLog()).toEqual(['resource/BDTOPO?limit=50&page=1&zone=D029', 'resource/BDTOPO?limit=50&page=1']);
  });

  it('answers and costs exactly what latestEdition(zone:) of the zone it resolves to does', async () => {
    for (const [place, zone] of [
      ['75056', '75'],
      ['-61.53,16.24', '971'],
      ['29200', '29'],
    ]) {
      const byPlace = await latest('BDTOPO', `place: "${place}"`);
      const placeLog = subgraph.upstreamLog();
      subgraph.clearUpstream();
      const byZone = await latest('BDTOPO', `zone: "${zone}"`);
      expect([place, byPlace.latest, placeLog, byPlace.estimate]).toEqual([place, byZone.latest, subgraph.upstreamLog(), byZone.estimate]);
      subgraph.clearUpstream();
    }
  });

  it('a place no zone covers (at sea): null, with only the product proven', async () => {
    expect((await latest('BDTOPO', 'place: "-5,46"')).latest).toBeNull();
    expect(subgraph.upstreamLog()).toEqual(['resource/BDTOPO?limit=50&page=1']);
  });

  it('without orContainingZone: the most precise zone alone', async () => {
    expect((await latest('BDTOPO', 'place: "Brest", orContainingZone: false')).latest).toBeNull();
    expect(subgraph.upstreamLog()).toEqual(['resource/BDTOPO?limit=50&page=1&zone=D029']);
  });

  it('refuses zone and place together, and an ambiguous place, with BAD_USER_INPUT', async () => {
    const both = await subgraph.query('{ resource(name: "BDTOPO") { latestEdition(zone: "29", place: "Brest") { name } } }');
    expect(both.errors?.map((error) => [error.extensions?.['code'], error.extensions?.['argumentName'], error.message])).toEqual([
      ['BAD_USER_INPUT', 'place', 'zone, place: expected one of them, got both'],
    ]);
    const ambiguous = await subgraph.query('{ resource(name: "BDTOPO") { latestEdition(place: "Saint-Denis") { name } } }');
    expect(ambiguous.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'place', candidates: expect.any(Array) });
  });
});
