import { buildCatalogue } from '../fakeUpstream/catalogue';
import { startSubgraph, subgraphForSuite } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();
const product = catalogue.find((resource) => resource.editions.length >= 3)!;
const [brokenEdition, healthyEdition] = product.editions;

const TWO_EDITIONS = `query($r: ID!, $a: ID!, $b: ID!) {
  a: subResource(resourceName: $r, name: $a) { name files(first: 5) { totalCount } }
  b: subResource(resourceName: $r, name: $b) { name files(first: 5) { totalCount } }
}`;
const variables = { r: product.name, a: brokenEdition!.name, b: healthyEdition!.name };

describe('upstream faults become typed errors on the affected field only', () => {
  // The default timeout (5 s): a short one here would turn a slow answer on a loaded machine into a fault.
  const subgraph = subgraphForSuite({ upstreamRate: 50 });
  beforeEach(() => {
    subgraph.clearUpstream();
    subgraph.fake.setFault(undefined);
  });

  const failing = (path: string) => path.endsWith(`/${brokenEdition!.name}`);

  it.each([
    ['a 500', { status: 500, body: 'Internal Server Error <stack trace>' }, 'UPSTREAM_UNAVAILABLE'],
    ['a 502', { status: 502, body: 'Bad gateway' }, 'UPSTREAM_UNAVAILABLE'],
    ['a 403 from the firewall', { status: 403, body: 'Forbidden' }, 'UPSTREAM_FORBIDDEN'],
    ['a 429', { status: 429, headers: { 'retry-after': '5' }, body: 'erreur HTML 429' }, 'UPSTREAM_RATE_LIMITED'],
    ['malformed XML', { status: 200, contentType: 'application/atom+xml', body: '<feed xmlns="http://www.w3.org/2005/Atom"><entry>' }, 'UPSTREAM_BAD_RESPONSE'],
    ['an HTML page', { status: 200, contentType: 'text/html', body: '<html><body>maintenance</body></html>' }, 'UPSTREAM_BAD_RESPONSE'],
    ['JSON instead of Atom', { status: 200, contentType: 'application/json', body: '{"totalentries":1,"entry":[]}' }, 'UPSTREAM_BAD_RESPONSE'],
  ])('%s on one edition nulls only that edition, with code %s', async (_name, fault, code) => {
    // Edition `a`'s existence check is page 1 of its file listing: failing it fails the field `a`.
    subgraph.fake.setFault((request) => (failing(request.path) ? fault : undefined));
    const answer = await subgraph.query(TWO_EDITIONS, variables);
    expect(answer.data?.b).toEqual({ name: healthyEdition!.name, files: { totalCount: healthyEdition!.files.length } });
    expect(answer.data?.a).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]).toMatchObject({ path: ['a'], extensions: { code } });
    expect(JSON.stringify(answer.errors)).not.toContain(subgraph.baseUrl);
    expect(JSON.stringify(answer.errors)).not.toMatch(/stack trace|maintenance|Bad gateway/);
  });

  it('a hanging upstream becomes UPSTREAM_TIMEOUT once the configured timeout passes', async () => {
    // Its own subgraph with a short timeout. The fake never answers a hanging request, so an answer at all proves
    // that the timeout fired (without it, the test would hang until Jest gives up on it).
    const hanging = await startSubgraph({ upstreamRate: 50, timeoutMs: 400 });
    try {
      hanging.fake.setFault((request) => (failing(request.path) ? { hang: true } : undefined));
      const answer = await hanging.query(TWO_EDITIONS, variables);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0]).toMatchObject({ path: ['a'], extensions: { code: 'UPSTREAM_TIMEOUT' } });
      expect(answer.data?.b.name).toBe(healthyEdition!.name);
      expect(hanging.fake.requests.filter((request) => failing(request.path))).not.toHaveLength(0);
    } finally {
      hanging.fake.setFault(undefined);
      await hanging.stop();
    }
  });

  it('a listing failing under a product nulls only that connection', async () => {
    subgraph.fake.setFault((request) => (request.path.endsWith(`/resource/${product.name}`) ? { status: 503 } : undefined));
    const answer = await subgraph.query(`{ resources(first: 50) { nodes { name subResources(first: 1) { totalCount } } } }`);
    const nodes = answer.data?.resources.nodes as any[];
    expect(nodes).toHaveLength(50);
    const index = nodes.findIndex((node) => node.name === product.name);
    expect(nodes[index].subResources).toBeNull();
    expect(nodes.filter((node) => node.subResources === null)).toHaveLength(1);
    expect(answer.errors).toEqual([
      expect.objectContaining({
        path: ['resources', 'nodes', index, 'subResources', 'totalCount'],
        extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
      }),
    ]);
  });

  it('does not remember a failure: the next operation asks the upstream again', async () => {
    subgraph.fake.setFault(() => ({ status: 500 }));
    const failed = await subgraph.query('{ resources(first: 1) { totalCount } }');
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    subgraph.fake.setFault(undefined);
    const recovered = await subgraph.query('{ resources(first: 1) { totalCount } }');
    expect(recovered).toMatchObject({ data: { resources: { totalCount: catalogue.length } } });
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1', 'capabilities?limit=50&page=1']);
  });
});

describe('the fake upstream enforces its rate, and the gate keeps us under it', () => {
  it('a gate faster than the upstream gets 429s, reported as UPSTREAM_RATE_LIMITED', async () => {
    const subgraph = await startSubgraph({ upstreamRate: 3, gateRate: 100 });
    try {
      const answer = await subgraph.query('{ resources(first: 8) { nodes { name subResources(first: 1) { totalCount } } } }');
      expect(subgraph.fake.requests.some((request) => request.status === 429)).toBe(true);
      expect(answer.errors?.some((error) => error.extensions?.code === 'UPSTREAM_RATE_LIMITED')).toBe(true);
    } finally {
      await subgraph.stop();
    }
  });

  it('the same query through a gate at the upstream rate gets no 429', async () => {
    const subgraph = await startSubgraph({ upstreamRate: 3 });
    try {
      const answer = await subgraph.query('{ resources(first: 8) { nodes { name subResources(first: 1) { totalCount } } } }');
      expect(answer.errors).toBeUndefined();
      expect(subgraph.fake.requests).toHaveLength(9);
      expect(subgraph.fake.requests.filter((request) => request.status === 429)).toHaveLength(0);
      expect(subgraph.fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(3);
    } finally {
      await subgraph.stop();
    }
  });
});
