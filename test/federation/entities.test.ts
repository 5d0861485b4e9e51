import { buildCatalogue, findEdition, findResource, resourceFacets } from '../fakeUpstream/catalogue';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();
const ortho = findResource(catalogue, 'BDORTHO')!;
const cog = findResource(catalogue, 'ADMIN-EXPRESS-COG')!;
const rgealti = findResource(catalogue, 'RGEALTI')!;
const orthoOf2024 = ortho.editions.filter((edition) => edition.editionDate === '2024-01-01').slice(0, 6);
const cogEdition = findEdition(cog, 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01')!;
const multipart = findEdition(ortho, 'BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01')!;
const [firstVolume, lastVolume, checksum] = [multipart.files[0]!, multipart.files[21]!, multipart.files[22]!];

const resource = (name: string) => ({ __typename: 'Resource', name });
const edition = (resourceName: string, name: string) => ({ __typename: 'SubResource', resourceName, name });
const file = (name: string) => ({ __typename: 'File', resourceName: 'BDORTHO', subResourceName: multipart.name, name });

/** 20 representations: duplicates and unknown keys of every entity type, in a deliberately mixed order. */
const REPRESENTATIONS = [
  resource('BDORTHO'),
  edition('BDORTHO', orthoOf2024[0]!.name),
  file(firstVolume.name),
  resource('NO-SUCH-PRODUCT'),
  edition('BDORTHO', orthoOf2024[1]!.name),
  resource('ADMIN-EXPRESS-COG'),
  edition('BDORTHO', 'BDORTHO_9-9_NOPE_LAMB93_D000_2024-01-01'),
  file(lastVolume.name),
  resource('BDORTHO'),
  edition('BDORTHO', orthoOf2024[2]!.name),
  { __typename: 'Zone', code: 'D075' },
  edition('BDORTHO', orthoOf2024[3]!.name),
  file('no-such-file.7z'),
  edition('ADMIN-EXPRESS-COG', cogEdition.name),
  resource('RGEALTI'),
  edition('BDORTHO', orthoOf2024[0]!.name),
  file(checksum.name),
  edition('BDORTHO', orthoOf2024[4]!.name),
  resource('ADMIN-EXPRESS-COG'),
  edition('BDORTHO', orthoOf2024[5]!.name),
];

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Resource { name title zones { code } }
    ... on SubResource { resourceName name editionDate zone { code } }
    ... on File { name size md5 isArchiveVolume }
    ... on Zone { code label }
  }
}`;

describe('_entities: 20 representations through the per-request loaders', () => {
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({ upstreamRate: 10 });
  });
  afterAll(() => subgraph.stop());
  beforeEach(() => subgraph.clearUpstream());

  it('answers in order, null for unknown keys, with the upstream data', async () => {
    expect(REPRESENTATIONS).toHaveLength(20);
    const answer = await subgraph.query(ENTITIES, { representations: REPRESENTATIONS });
    expect(answer.errors).toBeUndefined();
    const expected = REPRESENTATIONS.map((representation) => {
      if (representation.__typename === 'Resource') {
        const found = findResource(catalogue, (representation as { name: string }).name);
        return found ? { __typename: 'Resource', name: found.name, title: found.title, zones: resourceFacets(found).zones.map((zone) => ({ code: zone.term })) } : null;
      }
      if (representation.__typename === 'SubResource') {
        const { resourceName, name } = representation as unknown as { resourceName: string; name: string };
        const found = findEdition(findResource(catalogue, resourceName)!, name);
        return found ? { __typename: 'SubResource', resourceName, name, editionDate: found.editionDate, zone: found.zone && { code: found.zone.term } } : null;
      }
      if (representation.__typename === 'File') {
        const found = multipart.files.find((candidate) => candidate.name === (representation as { name: string }).name);
        return found ? { __typename: 'File', name: found.name, size: found.length, md5: found.md5, isArchiveVolume: found.rel === 'section' } : null;
      }
      return { __typename: 'Zone', code: 'D075', label: 'D075 Paris' };
    });
    expect(answer.data?._entities).toEqual(expected);
    expect((answer.data?._entities as unknown[]).filter((entity) => entity === null)).toHaveLength(3);
  });

  it('costs 8 upstream requests: each listing page once, shared by every representation that needs it', async () => {
    await subgraph.query(ENTITIES, { representations: REPRESENTATIONS });
    expect([...subgraph.upstreamLog()].sort()).toEqual(
      [
        // Products: capabilities page 1 holds all three known ones; the unknown one is looked for on the
        // other pages, then its own feed answers 404.
        'capabilities?limit=50&page=1',
        'capabilities?limit=50&page=2',
        'capabilities?limit=50&page=3',
        'resource/NO-SUCH-PRODUCT?limit=50&page=1',
        // Editions: one date-filtered page per product and date serves 6 known BDORTHO editions and the
        // duplicate; the unknown one is settled by its own file listing (404).
        'resource/BDORTHO?editionDateFrom=2024-01-01&editionDateTo=2024-01-01&limit=50&page=1',
        `resource/BDORTHO/BDORTHO_9-9_NOPE_LAMB93_D000_2024-01-01?limit=50&page=1`,
        'resource/ADMIN-EXPRESS-COG?editionDateFrom=2025-01-01&editionDateTo=2025-01-01&limit=50&page=1',
        // Files: the edition's one page of 23 files serves the three known files and proves the fourth unknown.
        `resource/BDORTHO/${multipart.name}?limit=50&page=1`,
        // Zone: its label comes from France's reference data, with no request.
      ].sort(),
    );
    expect(subgraph.fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
  });

  it('costs the same for one representation of a product as for many of it', async () => {
    await subgraph.query(ENTITIES, { representations: [resource('BDORTHO')] });
    const once = subgraph.upstreamLog();
    subgraph.clearUpstream();
    await subgraph.query(ENTITIES, { representations: Array.from({ length: 12 }, () => resource('BDORTHO')) });
    expect(subgraph.upstreamLog()).toEqual(once);
    expect(once).toEqual(['capabilities?limit=50&page=1']);
  });

  it('refuses a representation whose name could reach another upstream path', async () => {
    const answer = await subgraph.query(ENTITIES, { representations: [resource('BDORTHO'), resource('../capabilities')] });
    expect(answer.data?._entities[0]).toMatchObject({ name: 'BDORTHO' });
    expect(answer.data?._entities[1]).toBeNull();
    expect(answer.errors?.[0]).toMatchObject({ path: ['_entities', 1], extensions: { code: 'BAD_USER_INPUT' } });
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
  });
});

describe('_service', () => {
  it('carries the @link to federation v2.9, every entity key and the cost directives', async () => {
    const subgraph = await startSubgraph({ upstreamRate: 10 });
    try {
      const answer = await subgraph.query('{ _service { sdl } }');
      const sdl = answer.data?._service.sdl as string;
      expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@listSize"])');
      expect(sdl).toMatch(/type Resource\s+@key\(fields: "name"\)/);
      expect(sdl).toMatch(/type SubResource\s+@key\(fields: "resourceName name"\)/);
      expect(sdl).toMatch(/type File\s+@key\(fields: "resourceName subResourceName name"\)/);
      expect(sdl).toMatch(/type Zone\s+@key\(fields: "code"\)/);
      expect(sdl).toMatch(/type PageInfo\s+@shareable/);
      expect(sdl.match(/@listSize\(assumedSize: 20, slicingArguments: \["first", "last"\], sizedFields: \["edges", "nodes"\], requireOneSlicingArgument: false\)/g)).toHaveLength(5);
      expect(sdl).not.toMatch(/\bnode\(id:/);
      expect(subgraph.upstreamLog()).toEqual([]);
    } finally {
      await subgraph.stop();
    }
  });
});
