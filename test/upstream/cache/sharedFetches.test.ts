import { PageCache } from '../../../src/upstream/cache/PageCache';
import { GeopfClient } from '../../../src/upstream/client/GeopfClient';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { FakeClock } from '../../helpers/FakeClock';
import { upstreamSample } from '../../helpers/fixtures';

/** A client over a scripted fetch; each call is answered by `answer` and recorded. */
function clientWithCache(answer: (headers: Record<string, string>, call: number) => Response | Promise<Response>) {
  const clock = new FakeClock();
  const cache = new PageCache({ ttlMs: 60_000, maxBytes: 1_000_000, now: clock.now });
  const calls: Array<Record<string, string>> = [];
  const client = new GeopfClient({
    baseUrl: 'https://up.example/telechargement',
    gate: new RateGate({ ratePerSecond: 1000 }),
    timeoutMs: 1000,
    userAgent: 'ua',
    cache,
    retry: { maxAttempts: 1 },
    fetch: async (_input: string | URL | Request, init?: RequestInit) => {
      const headers = { ...(init?.headers as Record<string, string>) };
      calls.push(headers);
      return answer(headers, calls.length);
    },
  });
  return { client, cache, calls, clock };
}

const atom = (headers: Record<string, string> = {}) =>
  new Response(upstreamSample('capabilities-page1.xml'), { status: 200, headers: { 'content-type': 'application/atom+xml', ...headers } });

describe('GeopfClient with the shared page cache', () => {
  it('answers a repeated page from the cache without asking the upstream', async () => {
    const { client, calls } = clientWithCache(() => atom());
    const first = await client.capabilities({}, 1);
    const second = await client.capabilities({}, 1);
    expect(second).toEqual(first);
    expect(calls).toHaveLength(1);
  });

  it('asks the upstream itself for a fresh reader (the syncer), conditionally, and refreshes the cache with its answer', async () => {
    const { client, calls } = clientWithCache((_headers, call) => atom({ etag: `"v${call}"` }));
    await client.capabilities({}, 1);
    await client.capabilities({}, 1, { fresh: true });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.['if-none-match']).toBe('"v1"');
    // Its answer is what later readers are served from the cache, with no request.
    await client.capabilities({}, 1);
    expect(calls).toHaveLength(2);
  });

  it('makes one request for a page two operations ask at the same time', async () => {
    let answerNow: () => void = () => undefined;
    const { client, calls } = clientWithCache(() => new Promise<Response>((resolve) => (answerNow = () => resolve(atom()))));
    const both = Promise.all([client.capabilities({}, 1, { owner: {} }), client.capabilities({}, 1, { owner: {} })]);
    await new Promise((resolve) => setImmediate(resolve));
    answerNow();
    const [a, b] = await both;
    expect(a.totalEntries).toBe(116);
    expect(b).toEqual(a);
    expect(calls).toHaveLength(1);
  });

  it('never caches nor shares a failure with a later request', async () => {
    const { client, calls } = clientWithCache((_headers, call) => (call === 1 ? new Response('', { status: 503 }) : atom()));
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    await expect(client.capabilities({}, 1)).resolves.toMatchObject({ totalEntries: 116 });
    expect(calls).toHaveLength(2);
  });

  it('revalidates a stale page with its validators and keeps it on 304', async () => {
    const { client, calls, clock } = clientWithCache((headers) =>
      headers['if-none-match'] === '"v1"' ? new Response(null, { status: 304 }) : atom({ etag: '"v1"', 'last-modified': 'Fri, 20 Nov 2026 13:59:00 GMT' }),
    );
    const first = await client.capabilities({}, 1);
    clock.advance(60_001);
    const revalidated = await client.capabilities({}, 1);
    expect(revalidated).toEqual(first);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Fri, 20 Nov 2026 13:59:00 GMT' });
    // Fresh again: no third request.
    await client.capabilities({}, 1);
    expect(calls).toHaveLength(2);
  });

  it('lets a waiter give up at its own deadline without failing the others sharing the fetch', async () => {
    let answerNow: () => void = () => undefined;
    const { client, calls } = clientWithCache(() => new Promise<Response>((resolve) => (answerNow = () => resolve(atom()))));
    const impatient = new AbortController();
    const first = client.capabilities({}, 1, { signal: impatient.signal });
    const second = client.capabilities({}, 1);
    await new Promise((resolve) => setImmediate(resolve));
    impatient.abort();
    await expect(first).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_TIMEOUT' } });
    answerNow();
    await expect(second).resolves.toMatchObject({ totalEntries: 116 });
    expect(calls).toHaveLength(1);
  });
});
