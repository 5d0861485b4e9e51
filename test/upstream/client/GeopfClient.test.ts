import { ErrorCode, UpstreamError } from '../../../src/core/errors';
import { GeopfClient, type GeopfClientOptions } from '../../../src/upstream/client/GeopfClient';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { MAX_PAUSE_MS, retryAfterMs } from '../../../src/upstream/client/retryPolicy';
import { upstreamSample } from '../../helpers/fixtures';
import { urlOf } from '../../helpers/urlOf';

interface Call {
  url: string;
  headers: Record<string, string>;
  redirect: RequestRedirect | undefined;
}

function clientAnswering(
  answer: (url: string, signal: AbortSignal, attempt: number) => Response | Promise<Response>,
  timeoutMs = 1000,
  extra: Partial<GeopfClientOptions> = {},
) {
  const calls: Call[] = [];
  const sleeps: number[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: urlOf(input), headers: { ...(init?.headers as Record<string, string>) }, redirect: init?.redirect });
    return answer(urlOf(input), init?.signal as AbortSignal, calls.length);
  }) as typeof fetch;
  const gate = new RateGate({ ratePerSecond: 1000 });
  const client = new GeopfClient({
    baseUrl: 'https://up.example/telechargement/',
    gate,
    timeoutMs,
    fetch: fetchFn,
    userAgent: 'ua-test',
    retry: { maxAttempts: 1 },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...extra,
  });
  return { client, calls, sleeps, gate };
}

const atom = (name: string) => new Response(upstreamSample(name), { status: 200, headers: { 'content-type': 'application/atom+xml' } });

describe('GeopfClient', () => {
  describe('requests', () => {
    it('percent-encodes every name as one path segment and always sends page and limit=50', async () => {
      const { client, calls } = clientAnswering(() => atom('resource-BDTOPO-empty.xml'));
      await client.resource('A B/é', { zone: 'D075' }, 2);
      await client.subResource('R&D', 'S?x#y', 1);
      await client.capabilities({}, 1);
      expect(calls.map((call) => call.url)).toEqual([
        'https://up.example/telechargement/resource/A%20B%2F%C3%A9?limit=50&page=2&zone=D075',
        'https://up.example/telechargement/resource/R%26D/S%3Fx%23y?limit=50&page=1',
        'https://up.example/telechargement/capabilities?limit=50&page=1',
      ]);
    });

    it('asks for Atom and names itself', async () => {
      const { client, calls } = clientAnswering(() => atom('resource-BDTOPO-empty.xml'));
      await client.capabilities({}, 1);
      expect(calls[0]?.headers).toEqual({ accept: 'application/atom+xml', 'user-agent': 'ua-test' });
    });

    it('builds download and feed URLs the way the upstream writes them', () => {
      const { client } = clientAnswering(() => atom('resource-BDTOPO-empty.xml'));
      expect(client.downloadUrl('BDORTHO', 'S 1', 'a.7z.001')).toBe('https://up.example/telechargement/download/BDORTHO/S%201/a.7z.001');
      expect(client.listingUrl(['resource', 'BDORTHO'])).toBe('https://up.example/telechargement/resource/BDORTHO');
    });
  });

  describe('answers', () => {
    it('asks fetch not to follow redirects, and refuses a redirect once, unretried, as UPSTREAM_BAD_RESPONSE', async () => {
      const { client, calls } = clientAnswering(
        () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/capabilities' } }),
        1000,
        { retry: { maxAttempts: 3 } },
      );
      const error = await client.capabilities({}, 1).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect((error as UpstreamError).extensions).toEqual({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, upstream: { call: 'capabilities', status: 302 } });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.redirect).toBe('manual');
    });

    it('maps a file feed to model objects named after the listing it came from', async () => {
      // The sample's links are under the real base's download/ path: only that base accepts them.
      const { client } = clientAnswering(() => atom('subresource-ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2026-01-01-no-md5.xml'), 1000, {
        baseUrl: 'https://data.geopf.fr/telechargement',
      });
      const page = await client.subResource('ADMIN-EXPRESS-COG', 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2026-01-01', 1);
      expect(page).toMatchObject({ totalEntries: 1, pageSize: 50 });
      expect(page.entries[0]).toMatchObject({
        resourceName: 'ADMIN-EXPRESS-COG',
        subResourceName: 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2026-01-01',
        name: 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2026-01-01.7z',
        size: 238501377,
        md5: '5ba69243a78af2614f0e56686606f43c',
      });
    });

    it.each([
      [404, ErrorCode.UPSTREAM_NOT_FOUND],
      [429, ErrorCode.UPSTREAM_RATE_LIMITED],
      [403, ErrorCode.UPSTREAM_FORBIDDEN],
      [400, ErrorCode.BAD_USER_INPUT],
      // A request too long for the upstream (a polygon filter) is the caller's to shorten, not an upstream fault.
      [414, ErrorCode.BAD_USER_INPUT],
      [431, ErrorCode.BAD_USER_INPUT],
      [500, ErrorCode.UPSTREAM_UNAVAILABLE],
      [503, ErrorCode.UPSTREAM_UNAVAILABLE],
      [418, ErrorCode.UPSTREAM_BAD_RESPONSE],
    ])('turns HTTP %i into %s without echoing the body', async (status, code) => {
      const { client } = clientAnswering(() => new Response('secret upstream body', { status }));
      const error = await client.capabilities({}, 1).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).extensions).toEqual({ code, upstream: { call: 'capabilities', status } });
      expect((error as UpstreamError).message).not.toContain('secret');
    });

    it('turns a network failure into UPSTREAM_UNAVAILABLE', async () => {
      const { client } = clientAnswering(() => Promise.reject(new TypeError('fetch failed')));
      await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE } });
    });

    it('turns a body that is not Atom into UPSTREAM_BAD_RESPONSE', async () => {
      const { client } = clientAnswering(() => new Response(upstreamSample('resource-BDORTHO-page1-limit2.json'), { status: 200 }));
      await expect(client.resource('BDORTHO', {}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_BAD_RESPONSE } });
    });

    it('refuses a body larger than the limit, announced or not', async () => {
      const big = 'x'.repeat(2000);
      const { client } = clientAnswering(() => new Response(big, { status: 200, headers: { 'content-type': 'application/atom+xml' } }), 1000, {
        maxBodyBytes: 1000,
      });
      await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_BAD_RESPONSE } });
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let index = 0; index < 5; index += 1) controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
      const { client: other } = clientAnswering(() => new Response(streamed, { status: 200 }), 1000, { maxBodyBytes: 5000 });
      await expect(other.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_BAD_RESPONSE } });
    });

    it('turns a silent upstream into UPSTREAM_TIMEOUT', async () => {
      // Never answers; gives up only when the client's timeout signal aborts it, as the real fetch does.
      const { client } = clientAnswering(
        (_url, signal) => new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
        5,
      );
      await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_TIMEOUT } });
    });
  });
});

describe('GeopfClient retries', () => {
  const sample = () => atom('resource-BDTOPO-empty.xml');

  it.each([500, 502, 503, 504])('retries HTTP %i with exponential backoff and full jitter, then succeeds', async (status) => {
    const { client, calls, sleeps } = clientAnswering((_url, _signal, attempt) => (attempt < 3 ? new Response('', { status }) : sample()), 1000, {
      retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 4000, budgetMs: 10000 },
    });
    await expect(client.capabilities({}, 1)).resolves.toMatchObject({ totalEntries: 0 });
    expect(calls).toHaveLength(3);
    // random() = 0.5: half of 200, then half of 400.
    expect(sleeps).toEqual([100, 200]);
  });

  it('retries a lost connection, and gives up after maxAttempts with the last error', async () => {
    const { client, calls } = clientAnswering(() => Promise.reject(new TypeError('socket hang up')), 1000, { retry: { maxAttempts: 3 } });
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE } });
    expect(calls).toHaveLength(3);
  });

  it.each([
    [403, ErrorCode.UPSTREAM_FORBIDDEN],
    [404, ErrorCode.UPSTREAM_NOT_FOUND],
    [400, ErrorCode.BAD_USER_INPUT],
  ])('never retries HTTP %i', async (status, code) => {
    const { client, calls } = clientAnswering(() => new Response('', { status }), 1000, { retry: { maxAttempts: 5 } });
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code } });
    expect(calls).toHaveLength(1);
  });

  it('never retries a body that is not Atom', async () => {
    const { client, calls } = clientAnswering(() => new Response('<html/>', { status: 200, headers: { 'content-type': 'text/html' } }), 1000, {
      retry: { maxAttempts: 5 },
    });
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_BAD_RESPONSE } });
    expect(calls).toHaveLength(1);
  });

  it('pauses the whole gate for Retry-After on a 429, then retries through it', async () => {
    const { client, calls, gate, sleeps } = clientAnswering(
      (_url, _signal, attempt) => (attempt === 1 ? new Response('', { status: 429, headers: { 'retry-after': '2' } }) : sample()),
      1000,
      { retry: { maxAttempts: 2 } },
    );
    const pauses: number[] = [];
    const pause = gate.pause.bind(gate);
    gate.pause = (ms: number) => {
      pauses.push(ms);
      gate.pause = pause;
      // Do not really wait in a unit test: the gate's pause itself is tested with a fake clock.
    };
    await expect(client.capabilities({}, 1)).resolves.toMatchObject({ totalEntries: 0 });
    expect(pauses).toEqual([2000]);
    expect(sleeps).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('caps an absurd Retry-After (99999 s) at MAX_PAUSE_MS and says so in the log', async () => {
    const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const logger = {
      info: () => undefined,
      warn: (message: string, fields?: Record<string, unknown>) => void lines.push({ message, fields }),
      error: () => undefined,
    };
    const { client, gate } = clientAnswering(() => new Response('', { status: 429, headers: { 'retry-after': '99999' } }), 1000, { logger });
    const pauses: number[] = [];
    gate.pause = (ms: number) => void pauses.push(ms);
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_RATE_LIMITED } });
    expect(MAX_PAUSE_MS).toBe(30_000);
    expect(pauses).toEqual([MAX_PAUSE_MS]);
    expect(lines).toContainEqual({
      message: 'upstream request failed',
      fields: expect.objectContaining({ gatePausedMs: MAX_PAUSE_MS, retryAfterAskedMs: 99_999_000 }),
    });
  });

  it('pauses for the configured ban period when a 429 has no Retry-After', async () => {
    const { client, gate } = clientAnswering(() => new Response('', { status: 429 }), 1000, { banMs: 7000 });
    const pauses: number[] = [];
    gate.pause = (ms: number) => void pauses.push(ms);
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_RATE_LIMITED } });
    expect(pauses).toEqual([7000]);
  });

  it('does not retry when the wait would exceed the retry budget', async () => {
    const { client, calls, gate } = clientAnswering(() => new Response('', { status: 429, headers: { 'retry-after': '300' } }), 1000, {
      retry: { maxAttempts: 5, budgetMs: 10000 },
    });
    gate.pause = () => undefined;
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_RATE_LIMITED } });
    expect(calls).toHaveLength(1);
  });

  it('stops at the operation deadline, queued or running, without retrying', async () => {
    const { client, calls } = clientAnswering(
      (_url, signal) => new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      60000,
      { retry: { maxAttempts: 3 } },
    );
    const deadline = new AbortController();
    const pending = client.capabilities({}, 1, { signal: deadline.signal });
    await new Promise((resolve) => setImmediate(resolve));
    deadline.abort();
    await expect(pending).rejects.toMatchObject({ message: expect.stringMatching(/deadline/), extensions: { code: ErrorCode.UPSTREAM_TIMEOUT } });
    expect(calls).toHaveLength(1);
    await expect(client.capabilities({}, 1, { signal: deadline.signal })).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_TIMEOUT } });
    expect(calls).toHaveLength(1);
  });
});

describe('retryAfterMs()', () => {
  it.each([
    ['5', 5000],
    [' 0 ', 0],
    ['Fri, 27 Nov 2026 10:00:07 GMT', 7000],
    ['Fri, 27 Nov 2026 09:59:00 GMT', 0],
    ['soon', 4000],
    ['99999', 30_000],
    ['999999999999999999999', 30_000],
    ['Fri, 27 Nov 2026 11:00:00 GMT', 30_000],
  ])('reads %j as %i ms', (header, ms) => {
    expect(retryAfterMs(header, 4000, Date.parse('Fri, 27 Nov 2026 10:00:00 GMT'))).toBe(ms);
  });
});
