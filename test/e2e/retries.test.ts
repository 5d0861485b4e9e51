import { buildCatalogue } from '../fakeUpstream/catalogue';
import { startSubgraph, subgraphForSuite } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();

describe('retries and pauses against a faulty upstream', () => {
  // The helper's long deadline (20 s): backoffs and a 1 s Retry-After must not meet it on a loaded machine.
  const subgraph = subgraphForSuite({ upstreamRate: 50, maxAttempts: 3 });
  beforeEach(() => {
    subgraph.clearUpstream();
    subgraph.fake.setFault(undefined);
  });

  it('retries a transient 503 and answers correctly', async () => {
    let failures = 1;
    subgraph.fake.setFault(() => (failures-- > 0 ? { status: 503 } : undefined));
    const answer = await subgraph.query('{ resources(first: 2) { totalCount } }');
    expect(answer).toEqual({
      status: 200,
      data: { resources: { totalCount: catalogue.length } },
      // The retry is one more request sent than estimated: the answer says so.
      extensions: { upstream: { estimated: 1, reserved: 0, sent: 2, cacheHits: 0, budget: 300 } },
    });
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1', 'capabilities?limit=50&page=1']);
    expect(subgraph.fake.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it('gives up after 3 attempts with UPSTREAM_UNAVAILABLE', async () => {
    subgraph.fake.setFault(() => ({ status: 502 }));
    const answer = await subgraph.query('{ resources(first: 2) { totalCount } }');
    expect(answer.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(subgraph.fake.requests).toHaveLength(3);
  });

  it('does not retry a 403 from the firewall', async () => {
    subgraph.fake.setFault(() => ({ status: 403 }));
    const answer = await subgraph.query('{ resources(first: 2) { totalCount } }');
    expect(answer.errors?.[0]?.extensions?.code).toBe('UPSTREAM_FORBIDDEN');
    expect(subgraph.fake.requests).toHaveLength(1);
  });

  it('a 429 pauses every caller for Retry-After, then the retry succeeds', async () => {
    let limited = 1;
    subgraph.fake.setFault((request) =>
      request.path.endsWith('/capabilities') && limited-- > 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined,
    );
    const [first, second] = await Promise.all([
      subgraph.query('{ resources(first: 1) { totalCount } }'),
      // Another operation, started once the gate is paused by the first one's 429: it must wait too.
      (async () => {
        const metrics = subgraph.server.url.replace(/\/graphql$/, '/metrics');
        const paused = async () => Number(/^geopf_gate_paused_seconds (\S+)$/m.exec(await (await fetch(metrics)).text())?.[1] ?? 0) > 0;
        while (!(await paused())) await new Promise((resolve) => setImmediate(resolve));
        return subgraph.query('{ resource(name: "BDORTHO") { subResources(first: 1) { totalCount } } }');
      })(),
    ]);
    expect(first.data?.resources.totalCount).toBe(catalogue.length);
    expect(second.errors).toBeUndefined();
    const [limitedAt, ...after] = subgraph.fake.requests.map((request) => request.at);
    expect(subgraph.fake.requests[0]?.status).toBe(429);
    for (const at of after) expect(at - limitedAt!).toBeGreaterThanOrEqual(950);
  });

  it('ends a hanging operation at its deadline with UPSTREAM_TIMEOUT, without retrying', async () => {
    // Its own subgraph, with a deadline (1.5 s) well before the request timeout (5 s). The fake never answers a
    // hanging request: the message naming the deadline proves which of the two ended the wait.
    const hanging = await startSubgraph({ upstreamRate: 50, maxAttempts: 3, deadlineMs: 1500, timeoutMs: 5000 });
    try {
      hanging.fake.setFault(() => ({ hang: true }));
      const answer = await hanging.query('{ resources(first: 1) { totalCount } }');
      expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'UPSTREAM_TIMEOUT' }, message: expect.stringContaining('deadline') });
      expect(hanging.fake.requests).toHaveLength(1);
    } finally {
      hanging.fake.setFault(undefined);
      await hanging.stop();
    }
  });
});
