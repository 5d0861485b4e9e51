import { ErrorCode, UpstreamError } from '../../src/errors';
import { GeopfClient } from '../../src/upstream/GeopfClient';
import { RateGate } from '../../src/upstream/RateGate';
import { upstreamSample } from '../helpers/fixtures';

interface Call {
  url: string;
  headers: Record<string, string>;
}

function clientAnswering(answer: (url: string, signal: AbortSignal) => Response | Promise<Response>, timeoutMs = 1000) {
  const calls: Call[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    return answer(String(input), init?.signal as AbortSignal);
  }) as typeof fetch;
  const client = new GeopfClient({ baseUrl: 'https://up.example/telechargement/', gate: new RateGate({ ratePerSecond: 1000 }), timeoutMs, fetch: fetchFn, userAgent: 'ua-test' });
  return { client, calls };
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
    it('maps a file feed to model objects named after the listing it came from', async () => {
      const { client } = clientAnswering(() => atom('subresource-ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2026-01-01-no-md5.xml'));
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
      [500, ErrorCode.UPSTREAM_UNAVAILABLE],
      [503, ErrorCode.UPSTREAM_UNAVAILABLE],
      [418, ErrorCode.UPSTREAM_BAD_RESPONSE],
    ])('turns HTTP %i into %s without echoing the body', async (status, code) => {
      const { client } = clientAnswering(() => new Response('secret upstream body', { status }));
      const error = await client.capabilities({}, 1).then(() => null, (caught: unknown) => caught);
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
