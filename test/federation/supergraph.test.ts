import { composeSupergraph } from '../../examples/supergraph/composeSupergraph';
import { departementsTypeDefs } from '../../examples/supergraph/departements/departementsSubgraph';
import { startSupergraph, type RunningSupergraph } from '../../examples/supergraph/startSupergraph';
import { readTypeDefs } from '../../src/graphql/schema';
import { buildCatalogue, resourceFacets } from '../fakeUpstream/catalogue';
import { FakeGeopfServer } from '../fakeUpstream/FakeGeopfServer';

const catalogue = buildCatalogue();

describe('composition with @apollo/composition', () => {
  it('composes the geopf subgraph with another team’s subgraph that references its zones', () => {
    const supergraph = composeSupergraph([
      { name: 'geopf', url: 'http://geopf/graphql', sdl: readTypeDefs() },
      { name: 'departements', url: 'http://departements/graphql', sdl: departementsTypeDefs() },
    ]);
    expect(supergraph).toContain('@join__graph(name: "geopf", url: "http://geopf/graphql")');
    expect(supergraph).toMatch(/type Zone\s+@join__type\(graph: DEPARTEMENTS, key: "code"\)\s+@join__type\(graph: GEOPF, key: "code"\)/);
    expect(supergraph).toContain('@join__type(graph: GEOPF, key: "resourceName subResourceName name")');
  });

  it('fails with a readable error when the other subgraph contradicts ours', () => {
    const broken = departementsTypeDefs().replace('type Zone @key(fields: "code") {\n  code: String!', 'type Zone @key(fields: "code") {\n  code: Int!');
    expect(broken).not.toBe(departementsTypeDefs());
    expect(() =>
      composeSupergraph([
        { name: 'geopf', url: 'http://geopf/graphql', sdl: readTypeDefs() },
        { name: 'departements', url: 'http://departements/graphql', sdl: broken },
      ]),
    ).toThrow(
      /Composition failed:\n- Type of field "Zone\.code" is incompatible across subgraphs: it has type "Int!" in subgraph "departements" but type "String!" in subgraph "geopf"/,
    );
  });
});

describe('through a real gateway (@apollo/gateway on the static supergraph)', () => {
  let fake: FakeGeopfServer;
  let supergraph: RunningSupergraph;
  const ask = async (query: string) => {
    const response = await fetch(supergraph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  };

  beforeAll(async () => {
    fake = new FakeGeopfServer({ ratePerSecond: 10 });
    supergraph = await startSupergraph({ upstreamBaseUrl: await fake.start(), rateLimit: 10 });
  });
  afterAll(async () => {
    await supergraph.stop();
    await fake.stop();
  });
  beforeEach(() => fake.clearRequests());

  it('answers a query from the territory subgraph into ours: what can be downloaded for Paris', async () => {
    const answer = await ask(`{ departement(number: "75") { name region zone { code label resources(first: 3) { totalCount nodes { name title } } } } }`);
    expect(answer.errors).toBeUndefined();
    const forParis = catalogue.filter((resource) => resourceFacets(resource).zones.some((zone) => zone.term === 'D075'));
    expect(answer.data.departement).toEqual({
      name: 'Paris',
      region: 'Île-de-France',
      zone: {
        code: 'D075',
        label: 'D075 Paris',
        resources: { totalCount: forParis.length, nodes: forParis.slice(0, 3).map((resource) => ({ name: resource.name, title: resource.title })) },
      },
    });
    // The zone's label and its products come from the same upstream page.
    expect(fake.requests.map((request) => request.rawUrl)).toEqual(['/telechargement/capabilities?limit=50&page=1&zone=D075']);
  });

  it('answers a query from our subgraph into the territory subgraph: the départements of a product’s zones', async () => {
    const answer = await ask(`{ resource(name: "BDORTHO") { name zones { code departement { number name } } } }`);
    expect(answer.errors).toBeUndefined();
    const zones = answer.data.resource.zones as Array<{ code: string; departement: { number: string; name: string } | null }>;
    expect(zones.map((zone) => zone.code)).toEqual(resourceFacets(catalogue.find((resource) => resource.name === 'BDORTHO')!).zones.map((zone) => zone.term));
    expect(zones.find((zone) => zone.code === 'D075')?.departement).toEqual({ number: '75', name: 'Paris' });
    expect(zones.find((zone) => zone.code === 'D02A')?.departement).toEqual({ number: '2A', name: 'Corse-du-Sud' });
    // The territory subgraph knows every département: only the zone that is not one (an overseas collectivity) has none.
    expect(zones).toHaveLength(36);
    expect(zones.filter((zone) => zone.departement === null).map((zone) => zone.code)).toEqual(['D986']);
  });
});
