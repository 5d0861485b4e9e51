import { buildCatalogue, findEdition, findResource, resourceFacets } from '../fakeUpstream/catalogue';
import { startSubgraph, subgraphForSuite } from '../helpers/startSubgraph';
import { MULTIPART, TWENTY_ENTITIES_QUERY, TWENTY_REPRESENTATIONS } from '../helpers/twentyRepresentations';

const catalogue = buildCatalogue();
const multipart = MULTIPART;

const resource = (name: string) => ({ __typename: 'Resource', name });
const REPRESENTATIONS = TWENTY_REPRESENTATIONS;
const ENTITIES = TWENTY_ENTITIES_QUERY;

describe('_entities: 20 representations through the per-request loaders', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 10 }, { clearUpstreamBeforeEach: true });

  it('answers in order, null for unknown keys, with the upstream data', async () => {
    expect(REPRESENTATIONS).toHaveLength(20);
    const answer = await subgraph.query(ENTITIES, { representations: REPRESENTATIONS });
    expect(answer.errors).toBeUndefined();
    const expected = REPRESENTATIONS.map((representation) => {
      if (representation.__typename === 'Resource') {
        const found = findResource(catalogue, (representation as { name: string }).name);
        return found ?
            { __typename: 'Resource', name: found.name, title: found.title, zones: resourceFacets(found).zones.map((zone) => ({ code: zone.term })) }
          : null;
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

describe('_entities: malformed representations', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 10 }, { clearUpstreamBeforeEach: true });

  it.each([
    ['a missing key', { __typename: 'Resource' }, 'representations[0].name', 'got nothing'],
    ['a number as key', { __typename: 'Resource', name: 42 }, 'representations[0].name', 'got 42'],
    ['an object as key', { __typename: 'Resource', name: { x: 1 } }, 'representations[0].name', 'got {"x":1}'],
    ['one key field of two missing', { __typename: 'SubResource', name: 'x' }, 'representations[0].resourceName', 'got nothing'],
    ['a null zone code', { __typename: 'Zone', code: null }, 'representations[0].code', 'got null'],
    ['an object that cannot even become text', { __typename: 'Resource', name: { toString: 'x' } }, 'representations[0].name', 'got {"toString":"x"}'],
  ])('answers BAD_USER_INPUT naming the representation and the field for %s, before any upstream request', async (_title, representation, field, got) => {
    const answer = await subgraph.query(ENTITIES, { representations: [representation] });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(answer.errors?.[0]?.message).toContain(field);
    expect(answer.errors?.[0]?.message).toContain(got);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('answers 10,000 object keys with one error, counting them, and logs nothing', async () => {
    const logged: string[] = [];
    const noisy = await startSubgraph({ logger: { info: () => undefined, warn: (message) => logged.push(message), error: (message) => logged.push(message) } });
    try {
      const representations = [resource('BDORTHO'), ...Array.from({ length: 10_000 }, () => ({ __typename: 'Resource', name: { nested: 'object' } }))];
      const answer = await noisy.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { name } } }', { r: representations });
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0]).toMatchObject({
        path: ['_entities'],
        extensions: { code: 'BAD_USER_INPUT', field: 'representations[1].name', malformed: 10_000 },
      });
      expect(answer.errors?.[0]?.message).toContain('10000 of the 10001 representations are malformed');
      expect(logged).toEqual([]);
      expect(noisy.upstreamLog()).toEqual([]);
    } finally {
      await noisy.stop();
    }
  });
});

describe('_service', () => {
  it('carries the @link to federation v2.12, every entity key and the cost directives', async () => {
    const subgraph = await startSubgraph({ upstreamRate: 10 });
    try {
      const answer = await subgraph.query('{ _service { sdl } }');
      const sdl = answer.data?._service.sdl as string;
      expect(sdl).toContain(
        '@link(url: "https://specs.apollo.dev/federation/v2.12", import: ["@key", "@shareable", "@listSize", "@cost", "@tag", "@requiresScopes", "@cacheTag"])',
      );
      expect(sdl).toMatch(/contents: ArchiveContents @cost\(weight: 3\)/);
      expect(sdl).toMatch(/type Zone\s+@key\(fields: "code"\)\s+@tag\(name: "public"\)\s+@cacheTag\(format: "zone-\{\$key.code\}"\)/);
      expect(sdl).toMatch(/type Resource\s+@key\(fields: "name"\)/);
      expect(sdl).toMatch(/type SubResource\s+@key\(fields: "resourceName name"\)/);
      expect(sdl).toMatch(/type File\s+@key\(fields: "resourceName subResourceName name"\)/);
      expect(sdl).toMatch(/type Zone\s+@key\(fields: "code"\)/);
      expect(sdl).toMatch(/type PageInfo\s+@shareable/);
      expect(
        sdl.match(/@listSize\(assumedSize: 20, slicingArguments: \["first", "last"\], sizedFields: \["edges", "nodes"\], requireOneSlicingArgument: false\)/g),
      ).toHaveLength(6);
      expect(sdl).not.toMatch(/\bnode\(id:/);
      expect(subgraph.upstreamLog()).toEqual([]);
    } finally {
      await subgraph.stop();
    }
  });
});
