import { buildCatalogue } from '../fakeUpstream/catalogue';
import { subgraphForSuite } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();
const PAGE_FIELDS = 'totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

describe('paging through every resource', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 10 }, { clearUpstreamBeforeEach: true });

  it('forward with first: 7 visits every resource exactly once, in upstream order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let operations = 0;
    for (;;) {
      const answer = await subgraph.query(`query($after: String) { resources(first: 7, after: $after) { ${PAGE_FIELDS} } }`, { after });
      expect(answer.errors).toBeUndefined();
      const connection = answer.data?.resources;
      operations += 1;
      seen.push(...connection.edges.map((edge: any) => edge.node.name));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.pageInfo.endCursor).toBe(connection.edges[connection.edges.length - 1].cursor);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(catalogue.map((resource) => resource.name));
    expect(operations).toBe(Math.ceil(catalogue.length / 7));
    // 17 windows of one page each, plus one more page for the two windows that straddle offsets 49|50 and 99|100.
    expect(subgraph.upstreamLog()).toHaveLength(17 + 2);
    expect(subgraph.upstreamLog().every((path) => /^capabilities\?limit=50&page=[123]$/.test(path))).toBe(true);
    expect(subgraph.fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
    expect(subgraph.fake.requests.filter((request) => request.status === 429)).toHaveLength(0);
  });

  it('backward with last: 7 visits every resource exactly once, in upstream order', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const answer = await subgraph.query(`query($before: String) { resources(last: 7, before: $before) { ${PAGE_FIELDS} } }`, { before });
      expect(answer.errors).toBeUndefined();
      const connection = answer.data?.resources;
      seen.unshift(...connection.edges.map((edge: any) => edge.node.name));
      expect(connection.pageInfo.hasNextPage).toBe(before !== null);
      if (!connection.pageInfo.hasPreviousPage) break;
      before = connection.pageInfo.startCursor;
    }
    expect(seen).toEqual(catalogue.map((resource) => resource.name));
    // 17 windows, plus page 1 read once to learn the total, plus the two windows straddling a page boundary.
    expect(subgraph.upstreamLog()).toHaveLength(17 + 1 + 2);
    expect(subgraph.fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
  });

  it('answers first: 0 with no edges but the total', async () => {
    const answer = await subgraph.query(`{ resources(first: 0) { ${PAGE_FIELDS} } }`);
    expect(answer.data?.resources).toEqual({
      totalCount: catalogue.length,
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('pages an edition with more than 50 files in pages of 50', async () => {
    const big = catalogue.flatMap((resource) => resource.editions.map((edition) => ({ resource, edition }))).find(({ edition }) => edition.files.length > 50)!;
    const answer = await subgraph.query(
      `query($r: ID!, $s: ID!) { subResource(resourceName: $r, name: $s) { files(first: 100) { totalCount nodes { name } } } }`,
      { r: big.resource.name, s: big.edition.name },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.subResource.files.totalCount).toBe(big.edition.files.length);
    expect(answer.data?.subResource.files.nodes.map((file: any) => file.name)).toEqual(big.edition.files.slice(0, 100).map((file) => file.name));
    const base = `resource/${encodeURIComponent(big.resource.name)}/${encodeURIComponent(big.edition.name)}?limit=50&page=`;
    expect([...subgraph.upstreamLog()].sort()).toEqual([`${base}1`, `${base}2`, ...(big.edition.files.length > 100 ? [`${base}3`] : [])].sort());
  });
});
