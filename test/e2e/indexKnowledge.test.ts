import { buildCatalogue, findResource, resourceFacets, type FakeResource } from '../fakeUpstream/catalogue';
import { memoryLog } from '../helpers/memoryLog';
import { storesForSuite } from '../helpers/testStores';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

/**
 * What the catalogue index knows, used for requests: a product's capabilities entry is read from the page the
 * index last saw it on, and every estimate is narrowed to the listings' sizes as the last sync read them.
 */
describe('a subgraph whose index a sync filled', () => {
  const stores = storesForSuite('sqlite');
  let subgraph: SubgraphUnderTest;
  let catalogue: FakeResource[];
  let log: ReturnType<typeof memoryLog>;
  const estimates = () => log.lines.filter((line) => line['message'] === 'operation').map((line) => line['estimatedUpstreamRequests']);

  beforeEach(async () => {
    catalogue = buildCatalogue();
    log = memoryLog();
    subgraph = await startSubgraph({
      upstreamRate: 1000,
      fake: { catalogue },
      logger: log.logger,
      catalogue: { store: await stores.open(), autoStart: false },
    });
  });
  afterEach(async () => {
    await subgraph.stop();
  });

  const synced = async () => {
    await subgraph.server.catalogue!.syncer.runOnce();
    await subgraph.server.catalogue!.knowledge.refresh();
    subgraph.clearUpstream();
  };
  const facets = (name: string) => `{ resource(name: "${name}") { name title zones { code } formats { code } } }`;
  /** The last product of the listing (page 3) that offers a format. */
  const last = (products: FakeResource[]) => [...products].reverse().find((product) => resourceFacets(product).formats.length > 0) as FakeResource;

  it('reads a product on page 3 of the capabilities with that page alone, estimated 1', async () => {
    await synced();
    const product = last(catalogue);
    const answer = await subgraph.query(facets(product.name));
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.['resource'].formats.map((format: { code: string }) => format.code)).toEqual(
      resourceFacets(product).formats.map((format) => format.term),
    );
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=3']);
    expect(estimates()).toEqual([1]);
  });

  it('before any sync: the scan, page 1 (estimated) then the other pages (reserved once page 1 gave the total)', async () => {
    const answer = await subgraph.query(facets(last(catalogue).name));
    expect(answer.errors).toBeUndefined();
    expect(new Set(subgraph.upstreamLog())).toEqual(new Set(['capabilities?limit=50&page=1', 'capabilities?limit=50&page=2', 'capabilities?limit=50&page=3']));
    expect(estimates()).toEqual([1]);
    expect(answer.extensions?.['upstream']).toMatchObject({ estimated: 1, reserved: 2, sent: 3 });
  });

  it('a product that moved since the sync is still found (its old page, then the scan), and so is a product added since', async () => {
    await synced();
    const product = last(catalogue);
    // Two products listed first from now on: the last one moves to page 3 still, page 2's last to page 3.
    const moved = catalogue[99] as FakeResource;
    catalogue.unshift(
      { ...structuredClone(findResource(catalogue, 'BDORTHO') as FakeResource), name: 'NEW-A' },
      { ...structuredClone(findResource(catalogue, 'BDORTHO') as FakeResource), name: 'NEW-B' },
    );
    const answer = await subgraph.query(
      `{ a: resource(name: "${moved.name}") { zones { code } } b: resource(name: "${product.name}") { zones { code } } c: resource(name: "NEW-A") { zones { code } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.['a']).not.toBeNull();
    expect(answer.data?.['b']).not.toBeNull();
    expect(answer.data?.['c']).not.toBeNull();
    // Every capabilities page at most once; the answers are complete.
    const pages = subgraph.upstreamLog().filter((url) => url.startsWith('capabilities'));
    expect(new Set(pages).size).toBe(pages.length);
    expect(new Set(pages)).toEqual(new Set(['capabilities?limit=50&page=1', 'capabilities?limit=50&page=2', 'capabilities?limit=50&page=3']));
  });

  it('edition facets by name: one date page, estimated 1; two zones of BDORTHO: one page each, estimated 2', async () => {
    await synced();
    const edition = await subgraph.query(
      '{ subResource(resourceName: "BDORTHO", name: "BDORTHO_2-0_RVB-0M20_JP2-E080_LAMB93_D006_2024-01-01") { editionDate zone { code } } }',
    );
    expect(edition.errors).toBeUndefined();
    expect(edition.data?.['subResource'].zone.code).toBe('D006');
    expect(subgraph.upstreamLog()).toEqual(['resource/BDORTHO?editionDateFrom=2024-01-01&editionDateTo=2024-01-01&limit=50&page=1']);
    subgraph.clearUpstream();
    const zones = await subgraph.query('{ resource(name: "BDORTHO") { a: latestEdition(zone: "75") { name } b: latestEdition(zone: "2A") { name } } }');
    expect(zones.errors).toBeUndefined();
    expect(subgraph.upstreamLog()).toHaveLength(2);
    expect(estimates()).toEqual([1, 2]);
  });
});

describe('a synced index gone stale under a small budget', () => {
  const stores = storesForSuite('sqlite');
  let subgraph: SubgraphUnderTest | undefined;
  afterEach(async () => {
    await subgraph?.stop();
  });

  it('a product moved two pages since the sync: admitted on its estimate of 1, then QUERY_TOO_EXPENSIVE on the field when the scan would pass the budget, never a null', async () => {
    const catalogue = buildCatalogue();
    const stale = await startSubgraph({
      upstreamRate: 1000,
      queryCostBudget: 3,
      fake: { catalogue },
      catalogue: { store: await stores.open(), autoStart: false },
    });
    subgraph = stale;
    await stale.server.catalogue!.syncer.runOnce();
    await stale.server.catalogue!.knowledge.refresh();
    const product = catalogue[catalogue.length - 1] as FakeResource;
    // 100 products listed before every other one from now on: the last product moves from page 3 to page 5.
    const filler = findResource(catalogue, 'BDORTHO') as FakeResource;
    catalogue.unshift(...Array.from({ length: 100 }, (_, index) => ({ ...filler, name: `MOVED-${index}` })));
    stale.clearUpstream();
    const answer = await stale.query(`{ resource(name: "${product.name}") { description } }`);
    expect(answer.data).toEqual({ resource: null });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', budget: 3 });
    // Its old page (3), page 1 (which gives the total: 216 products, 5 pages), then nothing more.
    expect(stale.upstreamLog()).toEqual(['capabilities?limit=50&page=3', 'capabilities?limit=50&page=1']);
  });
});
