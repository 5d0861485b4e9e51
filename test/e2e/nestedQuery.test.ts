import { buildCatalogue, findEdition, findResource, resourceFacets } from '../fakeUpstream/catalogue';
import { subgraphForSuite } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();

const NESTED = /* GraphQL */ `
  query Nested {
    resources(first: 3) {
      totalCount
      nodes {
        name
        title
        subResources(first: 2) {
          totalCount
          nodes {
            name
            resourceName
            editionDate
            zone {
              code
              label
            }
            files(first: 10) {
              totalCount
              nodes {
                name
                resourceName
                subResourceName
                url
                size
                md5
                mediaType
                isArchiveVolume
              }
            }
          }
        }
      }
    }
  }
`;

describe('nested query: resources → sub-resources → files in one request', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 10 }, { clearUpstreamBeforeEach: true });

  it('makes exactly 1 + 3 + 6 upstream requests, all with limit=50, within the rate', async () => {
    const answer = await subgraph.query(NESTED);
    expect(answer.errors).toBeUndefined();
    const resources = answer.data?.resources.nodes as any[];
    const editions = resources.flatMap((resource) => resource.subResources.nodes as any[]);
    expect(resources).toHaveLength(3);
    expect(editions).toHaveLength(6);

    const expectedLog = [
      'capabilities?limit=50&page=1',
      ...resources.map((resource) => `resource/${encodeURIComponent(resource.name)}?limit=50&page=1`),
      ...editions.map((edition) => `resource/${encodeURIComponent(edition.resourceName)}/${encodeURIComponent(edition.name)}?limit=50&page=1`),
    ];
    expect([...subgraph.upstreamLog()].sort()).toEqual([...expectedLog].sort());
    expect(subgraph.fake.requests.every((request) => request.status === 200)).toBe(true);
    expect(subgraph.fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
  });

  it('answers with the upstream data: names from ids, titles, zones, exact sizes and md5s', async () => {
    const answer = await subgraph.query(NESTED);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.resources.totalCount).toBe(catalogue.length);
    for (const resource of answer.data?.resources.nodes as any[]) {
      const expected = findResource(catalogue, resource.name);
      expect(expected).toBeDefined();
      expect(resource.title).toBe(expected?.title);
      expect(resource.subResources.totalCount).toBe(expected?.editions.length);
      for (const edition of resource.subResources.nodes as any[]) {
        const expectedEdition = findEdition(expected!, edition.name)!;
        expect(edition.editionDate).toBe(expectedEdition.editionDate);
        expect(edition.zone?.code ?? null).toBe(expectedEdition.zone?.term ?? null);
        expect(edition.files.totalCount).toBe(expectedEdition.files.length);
        expect(edition.files.nodes.map((file: any) => [file.name, file.size, file.md5, file.isArchiveVolume])).toEqual(
          expectedEdition.files.slice(0, 10).map((file) => [file.name, file.length, file.md5, file.rel === 'section']),
        );
        for (const file of edition.files.nodes as any[]) {
          expect(file.url).toBe(
            `${subgraph.baseUrl}/download/${encodeURIComponent(resource.name)}/${encodeURIComponent(edition.name)}/${encodeURIComponent(file.name)}`,
          );
        }
      }
    }
  });

  it('sends Accept: application/atom+xml and a neutral User-Agent naming the project', async () => {
    await subgraph.query('{ resources(first: 1) { totalCount } }');
    const [request] = subgraph.fake.requests;
    expect(request?.headers['accept']).toBe('application/atom+xml');
    expect(request?.headers['user-agent']).toMatch(/^geopf-download-subgraph\/\d/);
    expect(request?.headers['user-agent']).not.toMatch(/bot/i);
  });
});

describe('deduplication within one request', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 50 }, { clearUpstreamBeforeEach: true });

  it('adds no request for a resource repeated under two aliases', async () => {
    const answer = await subgraph.query(`{
      a: resource(name: "ADMIN-EXPRESS-COG") { name title subResources(first: 5) { totalCount } }
      b: resource(name: "ADMIN-EXPRESS-COG") { name title subResources(first: 5) { nodes { name } } }
    }`);
    expect(answer.errors).toBeUndefined();
    const expected = findResource(catalogue, 'ADMIN-EXPRESS-COG')!;
    expect(answer.data?.a).toEqual({ name: 'ADMIN-EXPRESS-COG', title: expected.title, subResources: { totalCount: expected.editions.length } });
    expect(answer.data?.b.subResources.nodes).toHaveLength(5);
    // The product's own feed proves it exists, gives its title and its first editions.
    expect(subgraph.upstreamLog()).toEqual(['resource/ADMIN-EXPRESS-COG?limit=50&page=1']);
  });

  it('fetches a page once for overlapping windows of the same listing', async () => {
    const answer = await subgraph.query(`{
      x: resources(first: 10) { nodes { name } }
      y: resources(first: 30) { totalCount }
      z: resources(last: 5) { nodes { name } }
    }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.z.nodes.map((node: any) => node.name)).toEqual(catalogue.slice(-5).map((resource) => resource.name));
    expect([...subgraph.upstreamLog()].sort()).toEqual(['capabilities?limit=50&page=1', 'capabilities?limit=50&page=3']);
  });

  it('reads one page for a total however wide the window, and none for the edges of an empty window', async () => {
    const answer = await subgraph.query('{ a: resources(first: 100) { totalCount pageInfo { hasNextPage } } b: resources(first: 0) { edges { cursor } } }');
    expect(answer.data).toEqual({ a: { totalCount: catalogue.length, pageInfo: { hasNextPage: true } }, b: { edges: [] } });
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
  });

  it('never fetches what the query did not select', async () => {
    await subgraph.query('{ resources(first: 3) { nodes { name title zones { code } formats { code } } } }');
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
  });

  it('reads facets of a product reached by name from the capabilities listing, once for many products', async () => {
    const answer = await subgraph.query(`{
      a: resource(name: "BDORTHO") { zones { code } }
      b: resource(name: "ADMIN-EXPRESS-COG") { formats { code label } }
    }`);
    expect(answer.errors).toBeUndefined();
    const facets = resourceFacets(findResource(catalogue, 'ADMIN-EXPRESS-COG')!);
    expect(answer.data?.b.formats).toEqual(facets.formats.map((format) => ({ code: format.term, label: format.label || null })));
    expect(answer.data?.a.zones).toEqual(resourceFacets(findResource(catalogue, 'BDORTHO')!).zones.map((zone) => ({ code: zone.term })));
    const capabilityPages = subgraph.upstreamLog().filter((path) => path.startsWith('capabilities'));
    expect(new Set(capabilityPages).size).toBe(capabilityPages.length);
  });
});
