import { buildCatalogue, findResource, resourceFacets } from '../fakeUpstream/catalogue';
import { subgraphForSuite } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();
const ortho = findResource(catalogue, 'BDORTHO')!;

describe('look-ups by name cost the fewest requests', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 50 }, { clearUpstreamBeforeEach: true });

  it('an edition and its files: the existence check is the first page of files, read once', async () => {
    const edition = ortho.editions.find((candidate) => candidate.files.length > 1 && candidate.files.length <= 50)!;
    const answer = await subgraph.query(
      `query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { name resourceName files(first: 50) { totalCount nodes { name } } } }`,
      {
        s: edition.name,
      },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.subResource.files.nodes.map((file: any) => file.name)).toEqual(edition.files.map((file) => file.name));
    expect(subgraph.upstreamLog()).toEqual([`resource/BDORTHO/${encodeURIComponent(edition.name)}?limit=50&page=1`]);
  });

  it('an edition reached by name finds its facets through the date filter, not by walking the product', async () => {
    expect(ortho.editions.length).toBeGreaterThan(100);
    const edition = ortho.editions.filter((candidate) => candidate.editionDate && candidate.name.endsWith(candidate.editionDate))[60]!;
    const answer = await subgraph.query(
      `query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { editionDate zone { code } format { code } crs { code } } }`,
      {
        s: edition.name,
      },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.subResource).toEqual({
      editionDate: edition.editionDate,
      zone: edition.zone ? { code: edition.zone.term } : null,
      format: edition.format ? { code: edition.format.term } : null,
      crs: edition.crs ? { code: edition.crs.term } : null,
    });
    // Its entry both proves it exists and holds every field asked.
    const date = edition.editionDate!;
    expect(subgraph.upstreamLog()).toEqual([`resource/BDORTHO?editionDateFrom=${date}&editionDateTo=${date}&limit=50&page=1`]);
  });

  it('a product reached by name for its facets is found in the capabilities listing, which proves it exists', async () => {
    const position = catalogue.findIndex((resource) => resource.name === 'BDORTHO');
    const answer = await subgraph.query('{ resource(name: "BDORTHO") { name title atomUrl zones { code } } }');
    expect(answer.data?.resource).toMatchObject({ name: 'BDORTHO', title: ortho.title, atomUrl: `${subgraph.baseUrl}/resource/BDORTHO` });
    expect(answer.data?.resource.zones).toHaveLength(resourceFacets(ortho).zones.length);
    expect(position).toBeLessThan(50);
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
  });

  it('a product reached by name for its editions is proven by its own feed, which gives its title too', async () => {
    const answer = await subgraph.query('{ resource(name: "BDORTHO") { title subResources(first: 3) { totalCount } } }');
    expect(answer.data?.resource).toEqual({ title: ortho.title, subResources: { totalCount: ortho.editions.length } });
    expect(subgraph.upstreamLog()).toEqual(['resource/BDORTHO?limit=50&page=1']);
  });

  it('an edition reached by name for its files is proven by its first page of files, which gives its title too', async () => {
    const edition = ortho.editions[5]!;
    const answer = await subgraph.query(`query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { title files { totalCount } } }`, {
      s: edition.name,
    });
    expect(answer.data?.subResource).toEqual({ title: edition.name, files: { totalCount: edition.files.length } });
    expect(subgraph.upstreamLog()).toEqual([`resource/BDORTHO/${encodeURIComponent(edition.name)}?limit=50&page=1`]);
  });

  it('an edition’s product is a reference: asking its name costs nothing more', async () => {
    const edition = ortho.editions[0]!;
    const answer = await subgraph.query(
      `query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { files(first: 1) { totalCount } resource { name } } }`,
      {
        s: edition.name,
      },
    );
    expect(answer.data?.subResource.resource).toEqual({ name: 'BDORTHO' });
    expect(subgraph.upstreamLog()).toHaveLength(1);
  });
});
