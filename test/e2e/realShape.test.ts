import { newestEdition } from '../../src/upstream/editions/newestEdition';
import type { SubResourceEntry } from '../../src/upstream/format/model';
import { findResource, type FakeEdition, type FakeResource } from '../fakeUpstream/catalogue';
import { REAL_SHAPE_BDTOPO_EDITIONS } from '../fakeUpstream/realShapedCatalogue';
import { REAL_SHAPE_OPERATIONS, REAL_SHAPED, TWENTY_EDITIONS } from '../helpers/realShapeOperations';
import { subgraphForSuite } from '../helpers/startSubgraph';

const topo = findResource(REAL_SHAPED, 'BDTOPO') as FakeResource;
const asEntry = (edition: FakeEdition): SubResourceEntry => ({
  resourceName: 'BDTOPO',
  name: edition.name,
  title: edition.name,
  updated: edition.updated,
  editionDate: edition.editionDate,
  zone: null,
  format: null,
  crs: null,
});
const newestOf = (editions: readonly FakeEdition[]) => newestEdition(editions.map(asEntry))?.name;
const operation = (name: string) => REAL_SHAPE_OPERATIONS.find((candidate) => candidate.name.startsWith(name))!;

describe('on a catalogue of the real shape (2,500 products, a 3,800-edition BD TOPO): complete answers at the fewest requests', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 100, cacheTtlSeconds: 300, fake: { catalogue: REAL_SHAPED } }, { clearUpstreamBeforeEach: true });

  it('has the shape', () => {
    expect(REAL_SHAPED).toHaveLength(2500);
    expect(topo.editions).toHaveLength(REAL_SHAPE_BDTOPO_EDITIONS);
  });

  it('latestEdition of BDTOPO is its newest edition (2025), from page 1 and the last page', async () => {
    const answer = await subgraph.query(operation('BDTOPO latestEdition (').query);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.resource.latestEdition).toEqual({ name: newestOf(topo.editions), editionDate: '2025-12-15' });
    expect(subgraph.upstreamLog()).toEqual(['resource/BDTOPO?limit=50&page=1', 'resource/BDTOPO?limit=50&page=76']);
  });

  it('latestEdition(zone: "75") of BDTOPO: two pages of Paris\'s own listing', async () => {
    const answer = await subgraph.query(operation('BDTOPO latestEdition(zone').query);
    expect(answer.data?.resource.latestEdition.name).toBe(newestOf(topo.editions.filter((edition) => edition.zone?.term === 'D075')));
    expect(subgraph.upstreamLog()).toEqual(['resource/BDTOPO?limit=50&page=1&zone=D075', 'resource/BDTOPO?limit=50&page=4&zone=D075']);
  });

  it('a product by name costs one request whatever the catalogue size', async () => {
    const answer = await subgraph.query(operation('resource(name: "PRODUIT-2100")').query);
    expect(answer).toMatchObject({ data: { resource: { title: 'Produit 2100' } } });
    expect(subgraph.upstreamLog()).toEqual(['resource/PRODUIT-2100?limit=50&page=1']);
  });

  it('an unknown product costs one request, and its 404 is remembered by the next operation', async () => {
    const query = operation('resource(name: "NO-SUCH")').query;
    expect(await subgraph.query(query)).toMatchObject({ data: { resource: null } });
    expect(await subgraph.query(query)).toMatchObject({ data: { resource: null } });
    expect(subgraph.upstreamLog()).toEqual(['resource/NO-SUCH?limit=50&page=1']);
  });

  it('_entities: 20 editions cost their file listings plus one page per date of BDTOPO and per other product', async () => {
    const row = operation('_entities: 20');
    const answer = await subgraph.query(row.query, row.variables);
    expect(answer.errors).toBeUndefined();
    expect((answer.data?._entities as any[]).map((entity) => entity.name)).toEqual(TWENTY_EDITIONS.map((edition) => edition.name));
    expect((answer.data?._entities as any[]).every((entity) => entity.files.nodes.length > 0 && entity.editionDate)).toBe(true);
    const log = subgraph.upstreamLog();
    expect(log.filter((path) => /^resource\/[^/?]+\/[^?]+\?/.test(path))).toHaveLength(20);
    expect(log.filter((path) => path.startsWith('resource/BDTOPO?')).sort()).toEqual([
      'resource/BDTOPO?editionDateFrom=2025-09-15&editionDateTo=2025-12-15&limit=50&page=1',
      'resource/BDTOPO?editionDateFrom=2025-09-15&editionDateTo=2025-12-15&limit=50&page=2',
    ]);
    expect(log).toHaveLength(row.minimum);
  });

  it('two latestEditions of BDORTHO under aliases: one page per zone, no separate proof of the product', async () => {
    const answer = await subgraph.query(operation('BDORTHO a:').query);
    expect(answer.data?.resource.a.name).toMatch(/_D075_/);
    expect(answer.data?.resource.b.name).toMatch(/_D02A_/);
    expect([...subgraph.upstreamLog()].sort()).toEqual(['resource/BDORTHO?limit=50&page=1&zone=D02A', 'resource/BDORTHO?limit=50&page=1&zone=D075']);
  });

  it('facets count every product of every page: no walk stops early', async () => {
    const answer = await subgraph.query('{ facets { zones { zone { code } resourceCount } } }');
    expect(answer.errors).toBeUndefined();
    const offering = (code: string) => REAL_SHAPED.filter((resource) => resource.editions.some((edition) => edition.zone?.term === code)).length;
    const fra = (answer.data?.facets.zones as any[]).find((facet) => facet.zone.code === 'FRA');
    expect(fra.resourceCount).toBe(offering('FRA'));
    expect(subgraph.upstreamLog()).toHaveLength(50);
  });
});

describe('on the real-shaped catalogue, a walk the budget cannot pay is a typed error, never a partial answer', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 100, queryCostBudget: 45, fake: { catalogue: REAL_SHAPED } }, { clearUpstreamBeforeEach: true });

  it('editions of every zone of BDTOPO (76 pages) under a budget of 45: QUERY_TOO_EXPENSIVE after page 1, nothing else', async () => {
    const answer = await subgraph.query('{ resource(name: "BDTOPO") { name editions { name } } }');
    expect(answer.data?.resource).toEqual({ name: 'BDTOPO', editions: null });
    expect(answer.errors).toEqual([
      expect.objectContaining({ path: ['resource', 'editions'], extensions: expect.objectContaining({ code: 'QUERY_TOO_EXPENSIVE', needed: 75 }) }),
    ]);
    expect(subgraph.upstreamLog()).toEqual(['resource/BDTOPO?limit=50&page=1']);
  });

  it('facets on a cold cache under a budget of 45: admitted for page 1, then the walk of 50 pages refused once page 1 gave the total', async () => {
    const answer = await subgraph.query('{ facets { zones { resourceCount } } }');
    expect(answer.data).toEqual({ facets: null });
    expect(answer.errors).toEqual([
      expect.objectContaining({
        path: ['facets'],
        extensions: expect.objectContaining({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', needed: 49, remaining: 44, budget: 45 }),
      }),
    ]);
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
    expect(answer.extensions?.['upstream']).toEqual({ estimated: 1, reserved: 0, sent: 1, cacheHits: 0, budget: 45 });
  });

  it('a product asked for its description, nothing known, under a budget of 45: page 1 of the scan, then the rest refused', async () => {
    const answer = await subgraph.query('{ resource(name: "PRODUIT-2100") { description } }');
    expect(answer.data).toEqual({ resource: null });
    expect(answer.errors?.[0]).toMatchObject({ path: ['resource'], extensions: { code: 'QUERY_TOO_EXPENSIVE', needed: 49, remaining: 44, budget: 45 } });
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
  });
});

describe('an absurd total from the upstream is refused before anything is planned with it', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 100 }, { clearUpstreamBeforeEach: true });

  it.each(['500000000', '1e21', '-3', '12.5'])('totalentries="%s" on the capabilities: UPSTREAM_BAD_RESPONSE after that one request', async (total) => {
    const real = await (await fetch(`${subgraph.baseUrl}/capabilities?limit=50&page=1`)).text();
    const forged = real.replace(/totalentries="\d+"/, `totalentries="${total}"`);
    expect(forged).not.toBe(real);
    subgraph.clearUpstream();
    subgraph.fake.setFault((request) => (request.path.endsWith('/capabilities') ? { body: forged } : undefined));
    try {
      const answer = await subgraph.query('{ resource(name: "NOT-ON-PAGE-ONE") { description } facets { zones { resourceCount } } }');
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_BAD_RESPONSE', 'UPSTREAM_BAD_RESPONSE']);
      expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
    } finally {
      subgraph.fake.setFault(undefined);
    }
  });
});
