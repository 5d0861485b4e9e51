import { buildSchema as buildSdlSchema, getIntrospectionQuery, getNamedType, getNullableType, isListType, isNonNullType, isObjectType, parse } from 'graphql';
import { encodeCursor } from '../../../src/graphql/connections/cursor';
import { estimateUpstreamRequests } from '../../../src/graphql/limits/estimateUpstreamRequests';
import { UPSTREAM_COST_MODEL as COST } from '../../../src/graphql/limits/upstreamCostModel';
import { buildSchema } from '../../../src/graphql/schema';

const schema = buildSchema();
const estimate = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimateUpstreamRequests(schema, parse(query), operationName, variables);
/** The worst case: what only the data can tell charged at the cost model's bounds (what `@cost` publishes). */
const worst = (query: string, variables?: Record<string, unknown>) =>
  estimateUpstreamRequests(schema, parse(query), null, variables, undefined, { worstCase: true });

const CAPABILITIES = COST.capabilitiesWalkPages;

describe('estimateUpstreamRequests() with what the cache knows', () => {
  const after99 = encodeCursor('resource/BDORTHO?', 99);
  const query = `{ resource(name: "BDORTHO") { subResources(first: 100, after: "${after99}") { nodes { files(first: 50) { nodes { name } } } } } }`;
  it('uses a listing total known from a cached page: the second window of a 137-edition product holds 37', () => {
    const knowledge = {
      knownTotal: (segments: readonly string[], params: Record<string, string>) =>
        segments.join('/') === 'resource/BDORTHO' && Object.keys(params).length === 0 ? 137 : undefined,
    };
    // Its feed page 1 (the look-up), page 3 (items 100–136), one file page per edition.
    expect(estimateUpstreamRequests(schema, parse(query), null, null, knowledge)).toBe(1 + 1 + 37);
  });
  it('without it, the window is as large as asked', () => {
    expect(estimate(query)).toBe(1 + 2 + 100);
  });
});

describe('estimateUpstreamRequests() counts identical pages under aliases once', () => {
  it("one product's editions under two aliases: page 1 of its feed, once", () => {
    expect(
      estimate(
        '{ a: resource(name: "ADMIN-EXPRESS-COG") { title subResources(first: 5) { totalCount } } b: resource(name: "ADMIN-EXPRESS-COG") { subResources(first: 5) { nodes { name } } } }',
      ),
    ).toBe(1);
  });
  it('distinct pages or filters still count each: a window on page 2, a filtered feed', () => {
    expect(
      estimate(
        '{ a: resource(name: "BDORTHO") { subResources(first: 5) { nodes { name } } } b: resource(name: "BDORTHO") { subResources(first: 60) { nodes { name } } } }',
      ),
    ).toBe(2);
    expect(
      estimate(
        '{ a: resource(name: "BDORTHO") { subResources(first: 5) { nodes { name } } } b: resource(name: "BDORTHO") { subResources(first: 5, filter: { zone: "D075" }) { nodes { name } } } }',
      ),
    ).toBe(2);
  });
});

describe('estimateUpstreamRequests() of the capabilities read whole (facets)', () => {
  const facets = '{ facets { zones { resourceCount } } }';
  const capabilitiesOf = (total: number) => ({
    knownTotal: (segments: readonly string[], params: Record<string, string>) =>
      segments.join('/') === 'capabilities' && Object.keys(params).length === 0 ? total : undefined,
  });
  it('charges every page of a catalogue whose total a cached page gives: 2,500 products, 50 pages', () => {
    expect(estimateUpstreamRequests(schema, parse(facets), null, null, capabilitiesOf(2500))).toBe(50);
    expect(estimateUpstreamRequests(schema, parse(facets), null, null, capabilitiesOf(116))).toBe(3);
  });
  it('on a cold cache, charges page 1, which gives the total: the other pages are reserved at run time', () => {
    expect(estimate(facets)).toBe(COST.walkFirstPages);
    expect(worst(facets)).toBe(COST.capabilitiesWalkPages);
  });
  it('shares the pages with a product look-up of the same request: charged once', () => {
    const both = '{ facets { zones { resourceCount } } resource(name: "BDORTHO") { zones { code } } }';
    // The product's own feed is read only if the scan misses it: reserved then, charged in the worst case.
    expect(estimate(both)).toBe(1);
    expect(worst(both)).toBe(COST.capabilitiesWalkPages + COST.productFeedFirstPage);
    expect(estimateUpstreamRequests(schema, parse(both), null, null, capabilitiesOf(2500))).toBe(50);
  });
});

describe('estimateUpstreamRequests()', () => {
  describe('a connection costs the pages its selected fields need', () => {
    it.each([
      ['the default window of 20: page 1 holds it', '{ resources { nodes { name } } }', 1],
      ['totalCount needs the probe page alone', '{ resources(first: 100) { totalCount } }', 1],
      ['pageInfo too', '{ resources(last: 100) { pageInfo { hasNextPage endCursor } } }', 1],
      ['the edges of an empty window need no page', '{ resources(first: 0) { nodes { name } } }', 0],
      ['the total of an empty window needs the probe', '{ resources(first: 0) { nodes { name } totalCount } }', 1],
      ['edges and totalCount share the probe', '{ resources(first: 3) { totalCount pageInfo { hasNextPage } edges { cursor } } }', 1],
      ['only __typename: nothing is loaded', '{ resources(first: 10) { __typename } }', 0],
      ['first: 50 from the start: page 1 exactly', '{ resources(first: 50) { nodes { name } } }', 1],
      ['first: 51 from the start: pages 1 and 2', '{ resources(first: 51) { nodes { name } } }', 2],
      ['first: 100', '{ resources(first: 100) { edges { cursor } } }', 2],
      ['last without before: one more page for the total', '{ resources(last: 5) { nodes { name } } }', 3],
      ['last with before: one more page for a listing that shrank', '{ resources(last: 5, before: "x") { nodes { name } } }', 3],
      ['first and last: the smaller window', '{ resources(first: 80, last: 10) { nodes { name } } }', 3],
      ['first out of range counts as the largest window', '{ resources(first: 1000) { nodes { name } } }', 2],
    ])('%s', (_title, query, expected) => {
      expect(estimate(query)).toBe(expected);
    });
  });

  describe('archive tables of contents: reserved at run time from the listing, charged in the worst case', () => {
    const edition = '{ subResource(resourceName: "BDORTHO", name: "BDORTHO_X_2024-01-01") { %s } }';
    it.each([
      ['per file of the window', 'files(first: 3) { nodes { name contents { entryCount } } }', 'files(first: 3) { nodes { name } }', 3 * COST.archiveReads],
      [
        'per archive of the edition',
        'archives { name contents { entries { path } } }',
        'archives { name }',
        COST.archivesPerEdition * COST.archiveContentsRequests,
      ],
      [
        "per single-file archive's part",
        'archives { parts { contents { entryCount } } }',
        'archives { parts { name } }',
        COST.archivesPerEdition * COST.partsWithContentsPerArchive * COST.archiveReads,
      ],
    ])('%s', (_title, withContents, without, extra) => {
      // Which files are archives, and their sizes, come with the listing: nothing is charged before it is read.
      expect(estimate(edition.replace('%s', withContents)) - estimate(edition.replace('%s', without))).toBe(0);
      expect(worst(edition.replace('%s', withContents)) - worst(edition.replace('%s', without))).toBe(extra);
    });

    it('per File representation of _entities named like an archive: its names are known before running', () => {
      const query = 'query($f: [_Any!]!) { _entities(representations: $f) { ... on File { %s } } }';
      const f = ['C1.7z', 'C2.zip', 'C3.7z.001', 'C4.md5'].map((name) => ({ __typename: 'File', resourceName: 'A', subResourceName: 'B', name }));
      expect(estimate(query.replace('%s', 'contents { entryCount }'), { f }) - estimate(query.replace('%s', 'name'), { f })).toBe(2 * COST.archiveReads);
      expect(worst(query.replace('%s', 'contents { entryCount }'), { f }) - worst(query.replace('%s', 'name'), { f })).toBe(4 * COST.archiveReads);
    });
  });

  describe('nested connections multiply by the window of their parents', () => {
    it.each([
      [
        "the README's nested example: 1 + 3 × 1 + 6 × 1",
        '{ resources(first: 3) { nodes { subResources(first: 2) { nodes { files(first: 10) { nodes { name } } } } } } }',
        10,
      ],
      [
        'three windows of 100, the last for its total: 2 + 100 × 2 + 10,000 × 1',
        '{ resources(first: 100) { nodes { subResources(first: 100) { nodes { files(first: 100) { totalCount } } } } } }',
        10202,
      ],
      ['defaults nested: 1 + 20 × 1', '{ resources { nodes { subResources { nodes { name } } } } }', 21],
      ['through edges and node', '{ resources(first: 3) { edges { cursor node { subResources(first: 2) { edges { cursor } } } } } }', 4],
      ['last nested: 1 + 2 × 3', '{ resources(first: 2) { nodes { subResources(last: 1) { nodes { name } } } } }', 7],
      [
        'zones of 100 products are among the same zone codes',
        '{ resources(first: 100) { nodes { zones { subResources(resourceName: "BDORTHO", first: 1) { nodes { name } } } } } }',
        152,
      ],
      [
        'zones of 10,000 editions too',
        '{ resources(first: 100) { nodes { subResources(first: 100) { nodes { zone { resources(first: 1) { nodes { name } } } } } } } }',
        352,
      ],
      [
        'zones of 4 editions: at most 4',
        '{ resources(first: 2) { nodes { subResources(first: 2) { nodes { zone { resources(first: 1) { nodes { name } } } } } } } }',
        7,
      ],
      ['nodes whose fields need no request', '{ resources(first: 3) { nodes { name title zones { code label } formats { code } crs { code } } } }', 1],
    ])('%s', (_title, query, expected) => {
      expect(estimate(query)).toBe(expected);
    });
  });

  describe('arguments and conditions given as variables', () => {
    const SIZED = 'query($n: Int) { resources(first: $n) { totalCount nodes { name } } }';
    const WITH_DEFAULT = 'query($n: Int = 0) { resources(first: $n) { totalCount nodes { name } } }';
    const INCLUDED = 'query($on: Boolean!) { resources(first: 3) { nodes { subResources(first: 2) @include(if: $on) { nodes { name } } } } }';
    const SKIPPED = 'query($off: Boolean!) { resources(first: 3) { nodes { subResources(first: 2) @skip(if: $off) { nodes { name } } } } }';
    it.each([
      ['first from a variable', SIZED, { n: 100 }, 2],
      ['an absent variable: the default window', SIZED, {}, 1],
      ["the variable's default value", WITH_DEFAULT, {}, 1],
      ["a given value over the variable's default", WITH_DEFAULT, { n: 51 }, 2],
      ['@include(if: $on) true', INCLUDED, { on: true }, 4],
      ['@include(if: $on) false', INCLUDED, { on: false }, 1],
      ['@skip(if: $off) true', SKIPPED, { off: true }, 1],
      ['@skip(if: $off) false', SKIPPED, { off: false }, 4],
    ])('%s', (_title, query, variables, expected) => {
      expect(estimate(query, variables)).toBe(expected);
    });

    it.each([
      ['@skip(if: true) on a connection', '{ resources(first: 3) @skip(if: true) { totalCount } }', 0],
      ['@include(if: false) on a nested connection', '{ resources(first: 3) { nodes { subResources(first: 2) @include(if: false) { totalCount } } } }', 1],
      [
        '@skip(if: true) on a fragment spread',
        '{ resources(first: 3) { nodes { ...S @skip(if: true) } } } fragment S on Resource { subResources { totalCount } }',
        1,
      ],
    ])('literal condition: %s', (_title, query, expected) => {
      expect(estimate(query)).toBe(expected);
    });
  });

  describe('aliases and fragments', () => {
    it.each([
      ['two aliases of one window read its page once', '{ a: resources(first: 3) { nodes { name } } b: resources(first: 3) { nodes { name } } }', 1],
      [
        'two aliases of two filters count each',
        '{ a: resources(first: 3) { nodes { name } } b: resources(first: 3, filter: { zone: "D075" }) { nodes { name } } }',
        2,
      ],
      [
        'aliased nested connections count each',
        '{ resources(first: 3) { nodes { a: subResources(first: 2) { nodes { name } } b: subResources(first: 60) { nodes { name } } } } }',
        10,
      ],
      ['the same field twice without alias is executed once', '{ resources(first: 3) { totalCount } resources(first: 3) { nodes { name } } }', 1],
      [
        'a named fragment is followed',
        'query { resources(first: 3) { ...Nodes } } fragment Nodes on ResourceConnection { nodes { subResources(first: 2) { totalCount } } }',
        4,
      ],
      ['an inline fragment is followed', '{ resources(first: 3) { ... on ResourceConnection { nodes { subResources(first: 2) { totalCount } } } } }', 4],
      [
        'a fragment spread twice in one selection runs once',
        'query { resources(first: 3) { ...Nodes ...Nodes } } fragment Nodes on ResourceConnection { nodes { subResources(first: 2) { totalCount } } }',
        4,
      ],
      [
        'fragments nested in fragments',
        'query { ...Root } fragment Root on Query { resources(first: 3) { ...Nodes } } fragment Nodes on ResourceConnection { nodes { ... on Resource { subResources(first: 2) { totalCount } } } }',
        4,
      ],
    ])('%s', (_title, query, expected) => {
      expect(estimate(query)).toBe(expected);
    });

    it('estimates the operation named, not the others of the document', () => {
      const document = 'query Small { resources(first: 1) { totalCount } } query Big { resources(first: 100) { nodes { subResources { nodes { name } } } } }';
      expect(estimate(document, {}, 'Small')).toBe(1);
      expect(estimate(document, {}, 'Big')).toBe(2 + 100 * 1);
      expect(estimate(document, {}, 'Missing')).toBe(0);
    });
  });

  describe('introspection and _service cost nothing', () => {
    it.each([
      ["graphql-js's full introspection query (GraphiQL's)", getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true })],
      ['__typename', '{ __typename }'],
      ['__type', '{ __type(name: "Resource") { name fields { name type { name } } } }'],
      ['_service', '{ _service { sdl } }'],
    ])('%s', (_title, query) => {
      expect(estimate(query)).toBe(0);
    });
  });

  describe('look-ups by name use the cost table', () => {
    // [title, query, estimate: what is read before any data, worst case].
    it.each([
      [
        'a product for its facets: capabilities page 1 (the rest of the scan, and its own feed should the scan miss it, reserved)',
        '{ resource(name: "BDORTHO") { name title zones { code } } }',
        1,
        CAPABILITIES + 1,
      ],
      [
        'a product for its editions only: its own feed, then the window',
        '{ resource(name: "BDORTHO") { title subResources(first: 3) { nodes { name } } } }',
        1,
        1,
      ],
      [
        'two products share the capabilities scan',
        '{ a: resource(name: "BDORTHO") { zones { code } } b: resource(name: "RGEALTI") { formats { code } } }',
        1,
        CAPABILITIES + 2,
      ],
      [
        'connections under the zones of a product: every zone code, each',
        '{ resource(name: "BDORTHO") { zones { label resources(first: 1) { nodes { name } } } } }',
        1 + 150,
        CAPABILITIES + 1 + 150,
      ],
      [
        "an edition for its facets, dated name: page 1 of the date's feed (its files page 1, should the hint miss, reserved)",
        '{ subResource(resourceName: "BDORTHO", name: "BDORTHO_X_2024-01-01") { editionDate zone { code label } } }',
        1,
        3,
      ],
      [
        'an edition for its facets, undated name: page 1 of its files, then page 1 of the product walk',
        '{ subResource(resourceName: "BDORTHO", name: "BDORTHO_X") { crs { code } } }',
        2,
        1 + COST.editionsOfProductPages,
      ],
      [
        'an edition for its files only: page 1 of its files, which the window reads',
        '{ subResource(resourceName: "BDORTHO", name: "BDORTHO_X_2024-01-01") { title files(first: 50) { nodes { name } } } }',
        1,
        1,
      ],
    ])('%s', (_title, query, expected, worstCase) => {
      expect(estimate(query)).toBe(expected);
      expect(worst(query)).toBe(worstCase);
    });

    it('reads the names from variables', () => {
      const query = 'query($r: ID!, $s: ID!) { subResource(resourceName: $r, name: $s) { updated } }';
      // The date's feed; without a date, page 1 of its files and of the product walk.
      expect(estimate(query, { r: 'BDORTHO', s: 'BDORTHO_X_2024-01-01' })).toBe(1);
      expect(estimate(query, { r: 'BDORTHO', s: 'BDORTHO_X' })).toBe(2);
      expect(worst(query, { r: 'BDORTHO', s: 'BDORTHO_X_2024-01-01' })).toBe(COST.editionsOfOneDatePages + 1);
      expect(worst(query, { r: 'BDORTHO', s: 'BDORTHO_X' })).toBe(1 + COST.editionsOfProductPages);
    });
  });

  describe('objects reached from a child by name fetch their own fields', () => {
    it.each([
      [
        "an edition's product title: one feed page per distinct product, not per edition",
        '{ resources(first: 3) { nodes { subResources(first: 2) { nodes { resource { title } } } } } }',
        7,
        7,
      ],
      [
        "an edition's product facets: the capabilities scan, once, sharing page 1 with the products' window",
        '{ resources(first: 3) { nodes { subResources(first: 2) { nodes { resource { zones { code } crs { code } } } } } } }',
        4,
        CAPABILITIES + 3,
      ],
      [
        "a file's edition: its title page, and its entry found through page 1 of the date hint and of the product walk",
        '{ subResource(resourceName: "P", name: "E") { files(first: 10) { nodes { subResource { title editionDate zone { code } } } } } }',
        4,
        7,
      ],
      [
        "a file's edition's product: its editions connection",
        '{ subResource(resourceName: "P", name: "E") { files(first: 10) { nodes { subResource { resource { subResources(first: 5) { totalCount } } } } } } }',
        2,
        2,
      ],
    ])('%s', (_title, query, expected, worstCase) => {
      expect(estimate(query)).toBe(expected);
      expect(worst(query)).toBe(worstCase);
    });
  });

  describe('_entities: each type of representation costs its look-up, children multiplied', () => {
    const ENTITIES = `query($representations: [_Any!]!) {
      _entities(representations: $representations) {
        __typename
        ... on Resource { title zones { code } }
        ... on SubResource { editionDate zone { code } }
        ... on File { size md5 }
        ... on Zone { label resources(first: 3) { nodes { name } } }
      }
    }`;
    const resource = (name: string) => ({ __typename: 'Resource', name });
    const edition = (resourceName: string, name: string) => ({ __typename: 'SubResource', resourceName, name });
    const file = (subResourceName: string, name: string) => ({ __typename: 'File', resourceName: 'BDORTHO', subResourceName, name });
    const zone = (code: string) => ({ __typename: 'Zone', code });
    const products = (count: number) => Array.from({ length: count }, (_, index) => resource(`P${index}`));

    // [title, representations, estimate: what is read before any data, worst case].
    it.each([
      ['no representation', [], 0, 0],
      ['1 product: capabilities page 1 (the scan and its feed reserved)', products(1), 1, CAPABILITIES + 1],
      ['5 products share the scan', products(5), 1, CAPABILITIES + 5],
      ['12 representations of one product cost one', Array.from({ length: 12 }, () => resource('BDORTHO')), 1, CAPABILITIES + 1],
      [
        '6 editions of one product and date: one date-filtered feed (6 file pages, should the hint miss, reserved)',
        Array.from({ length: 6 }, (_, index) => edition('BDORTHO', `BDORTHO_E${index}_2024-01-01`)),
        1,
        8,
      ],
      ['2 editions of two products and dates', [edition('A', 'A_1_2024-01-01'), edition('B', 'B_1_2025-01-01')], 2, 6],
      ['3 files of one edition: its file feed once', [file('E1', 'a'), file('E1', 'b'), file('E1', 'c')], 1, COST.filesOfEditionPages],
      ['files of two editions', [file('E1', 'a'), file('E2', 'a')], 2, 2 * COST.filesOfEditionPages],
      ['2 zones of the reference data: their windows (labels known)', [zone('D075'), zone('D013')], 2, 2],
      ['a zone only the upstream knows: its label page and its window', [zone('XYZ')], 2, 2],
      ['a mix: each type on its own', [resource('A'), edition('A', 'A_1_2024-01-01'), file('E1', 'a'), zone('D075')], 4, CAPABILITIES + 7],
      ['entries of unknown types are left out', [{ __typename: 'Nope', name: 'x' }, 'not an object', null], 0, 0],
    ])('%s', (_title, representations, expected, worstCase) => {
      expect(estimate(ENTITIES, { representations })).toBe(expected);
      expect(worst(ENTITIES, { representations })).toBe(worstCase);
    });

    it('reads representations written in the document', () => {
      const query =
        '{ _entities(representations: [{ __typename: "Resource", name: "A" }, { __typename: "Resource", name: "B" }]) { ... on Resource { formats { code } } } }';
      expect(estimate(query)).toBe(1);
      expect(worst(query)).toBe(CAPABILITIES + 2);
    });

    it('charges only the fields asked of each type', () => {
      const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { subResources(first: 10) { nodes { name } } } } }';
      // Asked only for its editions, a product is proven by its own feed, whose page 1 its window reads: no capabilities scan.
      expect(estimate(query, { r: products(4) })).toBe(4 * 1);
    });
  });

  describe('every field of the schema has a cost rule', () => {
    // A selection of every field of a type (objects by __typename, required arguments given), for the paths below.
    const all = (typeName: string): string => {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      return Object.values(type.getFields())
        .map((field) => {
          const required = field.args.filter((arg) => isNonNullType(arg.type));
          const args =
            required.length === 0 ? '' : `(${required.map((arg) => `${arg.name}: ${isListType(getNullableType(arg.type)) ? '[]' : '"A"'}`).join(', ')})`;
          return isObjectType(getNamedType(field.type)) ? `${field.name}${args} { __typename }` : `${field.name}${args}`;
        })
        .join(' ');
    };
    const byName = '(resourceName: "BDORTHO", name: "BDORTHO_X_2024-01-01")';
    const ZONE = 'query($z: [_Any!]!) { _entities(representations: $z) { ... on Zone { ALL } } }';
    const PATHS: Record<string, string[]> = {
      Query: ['{ ALL }'],
      ResourceConnection: ['{ resources { ALL } }', '{ searchResources(q: "A") { ALL } }'],
      ResourceEdge: ['{ resources { edges { ALL } } }'],
      Resource: [
        '{ resources { nodes { ALL } } }',
        '{ resource(name: "A") { ALL } }',
        `{ subResource${byName} { resource { ALL } } }`,
        '{ searchResources(q: "A") { nodes { ALL } } }',
      ],
      SubResourceConnection: ['{ resource(name: "A") { subResources { ALL } } }'],
      SubResourceEdge: ['{ resource(name: "A") { subResources { edges { ALL } } } }'],
      SubResource: [
        '{ editions { nodes { ALL } } }',
        '{ resource(name: "A") { edition(year: 2024) { ALL } } }',
        '{ resources { nodes { subResources { nodes { ALL } } } } }',
        `{ subResource${byName} { ALL } }`,
        `{ subResource${byName} { files { nodes { subResource { ALL } } } } }`,
      ],
      FileConnection: [`{ subResource${byName} { files { ALL } } }`],
      FileEdge: [`{ subResource${byName} { files { edges { ALL } } } }`],
      File: [
        `{ subResource${byName} { files { nodes { ALL } } } }`,
        `{ subResource${byName} { archives { parts { ALL } } } }`,
        'query($f: [_Any!]!) { _entities(representations: $f) { ... on File { ALL } } }',
      ],
      Zone: ['{ resource(name: "A") { zones { ALL } } }', ZONE, '{ place(input: "Brest") { zones { ALL } } }'],
      Place: ['{ place(input: "Brest") { ALL } }'],
      PlaceCommune: ['{ place(input: "29200") { communes { ALL } } }'],
      PageInfo: ['{ resources { pageInfo { ALL } } }'],
      Format: ['{ resource(name: "A") { formats { ALL } } }'],
      Crs: ['{ resource(name: "A") { crs { ALL } } }'],
      _Service: ['{ _service { ALL } }'],
      Archive: [`{ subResource${byName} { archives { ALL } } }`],
      ArchiveContents: [`{ subResource${byName} { archives { contents { ALL } } } }`, `{ subResource${byName} { files { nodes { contents { ALL } } } } }`],
      ArchiveEntry: [`{ subResource${byName} { archives { contents { entries { ALL } } } } }`],
      ChecksumReport: [`{ subResource${byName} { checksums { ALL } } }`],
      ChecksumLine: [`{ subResource${byName} { checksums { lines { ALL } } } }`],
      DownloadPlan: [`{ subResource${byName} { downloadPlan { ALL } } }`],
      CatalogueFacets: ['{ facets { ALL } }'],
      ZoneFacet: ['{ facets { zones { ALL } } }'],
      FormatFacet: ['{ facets { formats { ALL } } }'],
      CrsFacet: ['{ facets { crs { ALL } } }'],
      EditionConnection: ['{ editions { ALL } }'],
      EditionEdge: ['{ editions { edges { ALL } } }'],
      ChangeConnection: ['{ changes { ALL } }'],
      ChangeEdge: ['{ changes { edges { ALL } } }'],
      CatalogueStatus: ['{ catalogue { ALL } }'],
      SyncProgress: ['{ catalogue { progress { ALL } } }'],
      EditionFacets: ['{ editionFacets { ALL } }', '{ editions { facets { ALL } } }'],
      EditionCount: ['{ editionFacets { zones { ALL } } }'],
      YearCount: ['{ editionFacets { years { ALL } } }'],
      // The change log and webhook watches: no upstream request at any depth.
      Subscription: ['subscription { ALL }'],
      CatalogueChange: ['subscription { catalogueChanged { ALL } }'],
      FieldChange: ['subscription { catalogueChanged { changes { ALL } } }'],
      Mutation: ['mutation { ALL }'],
      CreatedWatch: ['mutation { createWatch(url: "A") { ALL } }'],
      Watch: ['{ watches { ALL } }'],
      WatchFilter: ['{ watches { filter { ALL } } }'],
      // Keeping a copy current: from the index, but for the files of the editions to download.
      SyncPlan: ['{ syncPlan(filter: {}) { ALL } }'],
      SyncRemoval: ['{ syncPlan(filter: {}) { remove { ALL } } }'],
    };
    const variables = {
      f: [{ __typename: 'File', resourceName: 'A', subResourceName: 'B', name: 'C' }],
      z: [{ __typename: 'Zone', code: 'D075' }],
    };

    it('lists a path to every object type of the schema', () => {
      const objectTypes = Object.values(schema.getTypeMap())
        .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
        .map((type) => type.name);
      expect(Object.keys(PATHS).sort()).toEqual(objectTypes.sort());
    });

    it.each(Object.entries(PATHS).flatMap(([typeName, paths]) => paths.map((path) => [typeName, path] as const)))(
      'estimates every field of %s along %s',
      (typeName, path) => {
        const query = path.replace('ALL', all(typeName));
        expect(() => estimate(query, variables)).not.toThrow();
      },
    );

    it('charges nothing for the catalogue index, only what its editions fetch live', () => {
      expect(
        estimate(
          '{ catalogue { editions } changes(first: 50) { nodes { kind } } editionFacets { years { year } } editions(first: 30) { totalCount nodes { name editionDate zone { code } firstSeenAt withdrawnAt } } }',
        ),
      ).toBe(0);
      expect(estimate('{ editions(first: 30, filter: { q: "bd topo" }) { facets { zones { code count } years { year } } totalCount } }')).toBe(0);
      // Products found come with their capabilities entries: their facets cost nothing.
      expect(
        estimate(
          '{ searchResources(q: "ortho", first: 50) { totalCount nodes { name title description zones { code label } formats { code } crs { code } } } }',
        ),
      ).toBe(0);
      expect(estimate('{ editions(first: 30) { nodes { files(first: 10) { totalCount } } } }')).toBe(30);
    });

    it("charges a window's download plan the file listings of its editions", () => {
      // Page 1 of each file listing of the window (the rest reserved at run time): 3 editions, then the default
      // window of 20; in the worst case, filesOfEditionPages (2) each.
      expect(estimate('{ editions(first: 3) { downloadPlan(format: METALINK) { manifest } } }')).toBe(3);
      expect(estimate('{ editions { totalCount downloadPlan { script } } }')).toBe(20);
      expect(estimate('{ editions(last: 5) { downloadPlan { urls } } }')).toBe(5);
      expect(worst('{ editions(first: 3) { downloadPlan(format: METALINK) { manifest } } }')).toBe(3 * COST.filesOfEditionPages);
      expect(worst('{ editions { totalCount downloadPlan { script } } }')).toBe(20 * COST.filesOfEditionPages);
    });

    it("charges a sync plan's files as 50 editions' listings, the most a plan reading them may download", () => {
      expect(estimate('{ syncPlan(filter: {}) { download { name editionDate zone { code } } remove { name reason } endCursor upToDate } }')).toBe(0);
      // Page 1 of each file listing (the rest reserved at run time); in the worst case, filesOfEditionPages each.
      expect(estimate('{ syncPlan(filter: {}) { download { downloadPlan { files { name md5 } } } } }')).toBe(50);
      expect(estimate('{ syncPlan(filter: {}, keep: 3) { downloadPlan(format: METALINK) { manifest } } }')).toBe(50);
      expect(worst('{ syncPlan(filter: {}) { download { downloadPlan { files { name md5 } } } } }')).toBe(50 * COST.filesOfEditionPages);
      expect(worst('{ syncPlan(filter: {}, keep: 3) { downloadPlan(format: METALINK) { manifest } } }')).toBe(50 * COST.filesOfEditionPages);
      expect(estimate('{ syncPlan(filter: {}) { download { files(first: 10) { nodes { name } } } } }')).toBe(50);
    });

    it('refuses to estimate a field it has no rule for', () => {
      const grown = buildSdlSchema(`
        type Query { resources(first: Int): ResourceConnection }
        type ResourceConnection { nodes: [Resource!]! }
        type Resource { name: ID! popularity: Int }
      `);
      expect(() => estimateUpstreamRequests(grown, parse('{ resources { nodes { popularity } } }'))).toThrow(/no cost rule for Resource\.popularity/);
      expect(estimateUpstreamRequests(grown, parse('{ resources { nodes { name } } }'))).toBe(1);
    });
  });
});
