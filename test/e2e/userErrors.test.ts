import { subgraphForSuite } from '../helpers/startSubgraph';

describe('bad input gets a coded error and no upstream request', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 50 }, { clearUpstreamBeforeEach: true });

  it.each([
    ['a malformed cursor', '{ resources(first: 5, after: "bogus") { totalCount } }', /^after: expected a cursor returned by this connection/],
    ['a negative first', '{ resources(first: -1) { totalCount } }', /^first: expected an integer from 0 to 100, got -1$/],
    ['a too large last', '{ resources(last: 101) { totalCount } }', /^last: expected an integer from 0 to 100, got 101$/],
    ['a name with a slash', '{ resource(name: "BDORTHO/../x") { name } }', /^name: expected an upstream name/],
    ['a dot-dot name', '{ subResource(resourceName: "BDORTHO", name: "..") { name } }', /^name: expected an upstream name/],
    [
      'an inverted date range',
      '{ resources(filter: { updatedFrom: "2025-02-01", updatedTo: "2025-01-01" }) { totalCount } }',
      /^filter.updatedFrom: expected a date on or before/,
    ],
    [
      'a polygon out of range',
      '{ resources(filter: { polygon: [{ lon: 0, lat: 0 }, { lon: 1, lat: 95 }, { lon: 2, lat: 0 }] }) { totalCount } }',
      /^filter.polygon\[1\]/,
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_name, query, message) => {
    const answer = await subgraph.query(query);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(message);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('refuses an operation over the upstream budget before any request, with the estimate and the budget', async () => {
    const answer = await subgraph.query('{ resources(first: 100) { nodes { subResources(first: 100) { nodes { files(first: 100) { totalCount } } } } } }');
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^This operation could need up to [\d,]+ upstream requests; the budget is 300/),
        extensions: expect.objectContaining({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', budget: 300, estimate: expect.any(Number) }),
      }),
    ]);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('refuses too deep and too aliased operations', async () => {
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: resource(name: "BDORTHO") { name }`).join(' ');
    const answer = await subgraph.query(`{ ${aliases} }`);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 'aliases' });
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('refuses a cursor from the same listing under another filter', async () => {
    const filtered = await subgraph.query('{ resources(first: 1, filter: { zone: "D075" }) { pageInfo { endCursor } } }');
    const cursor = filtered.data?.resources.pageInfo.endCursor;
    expect(typeof cursor).toBe('string');
    subgraph.clearUpstream();
    const answer = await subgraph.query('query($c: String) { resources(first: 1, after: $c) { totalCount } }', { c: cursor });
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/another connection/) });
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it.each([
    ['2025-02-30', 'an impossible date'],
    ['2025-1-01', 'a badly written date'],
  ])('refuses the Date variable %s (%s) with BAD_USER_INPUT', async (date) => {
    const answer = await subgraph.query('query($d: Date) { resources(filter: { editionDateFrom: $d }) { totalCount } }', { d: date });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toContain('expected a calendar date YYYY-MM-DD');
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('answers null, without error, for an unknown resource or edition, after one request each: its own feed', async () => {
    const answer = await subgraph.query(
      '{ r: resource(name: "NO-SUCH-PRODUCT") { name } s: subResource(resourceName: "BDORTHO", name: "NO_SUCH_EDITION") { name } }',
    );
    expect(answer).toMatchObject({ data: { r: null, s: null } });
    expect(answer.errors).toBeUndefined();
    expect([...subgraph.upstreamLog()].sort()).toEqual(['resource/NO-SUCH-PRODUCT?limit=50&page=1', 'resource/BDORTHO/NO_SUCH_EDITION?limit=50&page=1'].sort());
  });

  it('answers null for an unknown edition whose name has a date with two requests', async () => {
    const answer = await subgraph.query('{ s: subResource(resourceName: "NOPE", name: "NOPE_2025-01-01") { name } }');
    expect(answer).toMatchObject({ status: 200, data: { s: null } });
    expect(answer.errors).toBeUndefined();
    // The date's listing, estimated; the files page that settles its miss, reserved.
    expect(answer.extensions?.['upstream']).toEqual({ estimated: 1, reserved: 1, sent: 2, cacheHits: 0, budget: 300 });
    expect([...subgraph.upstreamLog()].sort()).toEqual(
      ['resource/NOPE/NOPE_2025-01-01?limit=50&page=1', 'resource/NOPE?editionDateFrom=2025-01-01&editionDateTo=2025-01-01&limit=50&page=1'].sort(),
    );
  });
});

describe('filters reach the upstream in its own form', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 50 }, { clearUpstreamBeforeEach: true });

  it('sends capabilities filters and returns only matching products', async () => {
    const answer = await subgraph.query(
      '{ resources(first: 50, filter: { zone: "D075", format: "SHP", lang: FRE }) { totalCount nodes { name zones { code } formats { code } } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(subgraph.upstreamLog()).toEqual(['capabilities?format=SHP&lang=fre&limit=50&page=1&zone=D075']);
    const nodes = answer.data?.resources.nodes as any[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.length).toBe(answer.data?.resources.totalCount);
    for (const node of nodes) expect(node.zones.map((zone: any) => zone.code)).toContain('D075');
  });

  it('sends sub-resource filters, polygon included', async () => {
    const answer = await subgraph.query(`{ resource(name: "ADMIN-EXPRESS-COG") { subResources(first: 50, filter: {
      format: "GPKG", editionDateFrom: "2025-01-01", polygon: [{ lon: -5, lat: 41 }, { lon: 10, lat: 41 }, { lon: 10, lat: 51 }, { lon: -5, lat: 51 }]
    }) { nodes { name format { code } editionDate } } } }`);
    expect(answer.errors).toBeUndefined();
    expect(subgraph.upstreamLog()).toContain(
      `resource/ADMIN-EXPRESS-COG?editionDateFrom=2025-01-01&format=GPKG&limit=50&page=1&polygon=${encodeURIComponent('-5,41;10,41;10,51;-5,51;-5,41')}`,
    );
    for (const node of answer.data?.resource.subResources.nodes as any[]) {
      expect(node.format.code).toBe('GPKG');
      expect(node.editionDate >= '2025-01-01').toBe(true);
    }
  });
});
