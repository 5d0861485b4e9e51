import { buildCatalogue, findResource } from '../fakeUpstream/catalogue';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();
const ortho = findResource(catalogue, 'BDORTHO')!;

describe('look-ups by name cost the fewest requests', () => {
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({ upstreamRate: 50 });
  });
  afterAll(() => subgraph.stop());
  beforeEach(() => subgraph.clearUpstream());

  it('an edition and its files: the existence check is the first page of files, read once', async () => {
    const edition = ortho.editions.find((candidate) => candidate.files.length > 1 && candidate.files.length <= 50)!;
    const answer = await subgraph.query(`query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { name resourceName files(first: 50) { totalCount nodes { name } } } }`, {
      s: edition.name,
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.subResource.files.nodes.map((file: any) => file.name)).toEqual(edition.files.map((file) => file.name));
    expect(subgraph.upstreamLog()).toEqual([`resource/BDORTHO/${encodeURIComponent(edition.name)}?limit=50&page=1`]);
  });

  it('an edition reached by name finds its facets through the date filter, not by walking the product', async () => {
    expect(ortho.editions.length).toBeGreaterThan(100);
    const edition = ortho.editions.filter((candidate) => candidate.editionDate && candidate.name.endsWith(candidate.editionDate))[60]!;
    const answer = await subgraph.query(`query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { editionDate zone { code } format { code } crs { code } } }`, {
      s: edition.name,
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.subResource).toEqual({
      editionDate: edition.editionDate,
      zone: edition.zone ? { code: edition.zone.term } : null,
      format: edition.format ? { code: edition.format.term } : null,
      crs: edition.crs ? { code: edition.crs.term } : null,
    });
    const date = edition.editionDate!;
    expect(subgraph.upstreamLog()).toEqual([
      `resource/BDORTHO/${encodeURIComponent(edition.name)}?limit=50&page=1`,
      `resource/BDORTHO?editionDateFrom=${date}&editionDateTo=${date}&limit=50&page=1`,
    ]);
  });

  it('a product reached by name reads its title from its own feed, already read to prove it exists', async () => {
    const answer = await subgraph.query('{ resource(name: "BDORTHO") { name title atomUrl } }');
    expect(answer.data?.resource).toEqual({ name: 'BDORTHO', title: ortho.title, atomUrl: `${subgraph.baseUrl}/resource/BDORTHO` });
    expect(subgraph.upstreamLog()).toEqual(['resource/BDORTHO?limit=50&page=1']);
  });

  it('an edition’s product is a reference: asking its name costs nothing more', async () => {
    const edition = ortho.editions[0]!;
    const answer = await subgraph.query(`query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { resource { name } } }`, { s: edition.name });
    expect(answer.data?.subResource.resource).toEqual({ name: 'BDORTHO' });
    expect(subgraph.upstreamLog()).toHaveLength(1);
  });
});
