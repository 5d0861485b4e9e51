import { ErrorCode } from '../../../src/core/errors';
import { PageCache } from '../../../src/upstream/cache/PageCache';
import { GeopfClient, type UpstreamCacheHitRecord } from '../../../src/upstream/client/GeopfClient';
import { createLoaders } from '../../../src/upstream/loaders/createLoaders';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { upstreamSample } from '../../helpers/fixtures';
import { urlOf } from '../../helpers/urlOf';

// Page 1 of the capabilities, as the loaders ask it (pages of 50; the sample lists 10 of 10 products).
const CAPABILITIES = upstreamSample('capabilities-page1.xml')
  .replace('gpf_dl:pagesize="10"', 'gpf_dl:pagesize="50"')
  .replace('gpf_dl:pagecount="12"', 'gpf_dl:pagecount="1"')
  .replace('gpf_dl:totalentries="116"', 'gpf_dl:totalentries="10"');

// A client over a page cache whose upstream answers page 1 of the capabilities, counting requests and hits.
function warmClient() {
  const requests: string[] = [];
  const hits: UpstreamCacheHitRecord[] = [];
  const cache = new PageCache({ ttlMs: 60_000, maxBytes: 10_000_000 });
  const client = new GeopfClient({
    baseUrl: 'https://up.example/telechargement',
    gate: new RateGate({ ratePerSecond: 1000 }),
    timeoutMs: 1000,
    userAgent: 'ua-test',
    cache,
    onCacheHit: (record) => hits.push(record),
    fetch: async (input) => {
      requests.push(urlOf(input));
      return new Response(CAPABILITIES, { status: 200, headers: { 'content-type': 'application/atom+xml' } });
    },
  });
  return { client, cache, requests, hits };
}

describe('page loads answered from the process cache (the warm path)', () => {
  it('answer the page the client answers, once per operation, counted as one cache hit and one cache read', async () => {
    const { client, cache, requests, hits } = warmClient();
    const cold = await createLoaders(client).capabilities({}).loadPage(1);
    expect(requests).toHaveLength(1);
    const statsBefore = { ...cache.stats };

    const loaders = createLoaders(client);
    const [first, again] = await Promise.all([loaders.capabilities({}).loadPage(1), loaders.capabilities({}).loadPage(1)]);
    expect(first).toBe(again);
    expect(first).toBe(await client.capabilities({}, 1));
    expect(first.entries.map((entry) => entry.name)).toEqual(cold.entries.map((entry) => entry.name));
    expect(requests).toHaveLength(1);
    expect(loaders.usage()).toEqual({ sent: 0, reserved: 0, cacheHits: 1 });
    // One hit for the operation's load, one for the direct `capabilities` call above; no miss, no stale read.
    expect(cache.stats).toEqual({ ...statsBefore, hits: statsBefore.hits + 2 });
    expect(hits.map((hit) => hit.call)).toEqual(['capabilities', 'capabilities']);
  });

  it('are admitted on the budget like any load: an operation with none left is refused, and no hit is reported', async () => {
    const { client, hits } = warmClient();
    await createLoaders(client).capabilities({}).loadPage(1);
    const loaders = createLoaders(client, {}, { budget: 0 });
    await expect(loaders.capabilities({}).loadPage(1)).rejects.toMatchObject({ extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE } });
    expect(hits).toHaveLength(0);
    expect(loaders.usage().cacheHits).toBe(0);
  });

  it('are skipped by a scope that asks for the listing as it is now', async () => {
    const { client, requests } = warmClient();
    await createLoaders(client).capabilities({}).loadPage(1);
    const loaders = createLoaders(client, { fresh: true });
    await loaders.capabilities({}).loadPage(1);
    expect(requests).toHaveLength(2);
    expect(loaders.usage()).toMatchObject({ sent: 1, cacheHits: 0 });
  });
});
