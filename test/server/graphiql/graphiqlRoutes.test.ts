import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';

/** What a browser sends when it navigates. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** exactly as received: no decompression. */
  body: Buffer;
}

// Private: one request with exactly these headers and this raw path (fetch would normalise both).
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('GraphiQL routes of the subgraph', () => {
  let subgraph: SubgraphUnderTest;
  let base: string;
  let page: RawAnswer;
  let assetPaths: string[];

  beforeAll(async () => {
    subgraph = await startSubgraph();
    base = new URL(subgraph.server.url).origin;
    page = await send(base, 'GET', '/graphql', { accept: BROWSER_ACCEPT });
    const html = page.body.toString('utf8');
    assetPaths = [...html.matchAll(/(?:href|src)="(graphiql\/[^"]+)"/g)].map((match) => `/${match[1]}`);
  });
  afterAll(() => subgraph.stop());

  describe('GET /graphql from a browser', () => {
    it('answers the GraphiQL page, uncompressed when not asked, revalidated on each load, under a strict CSP', () => {
      expect(page.status).toBe(200);
      expect(page.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        vary: 'Accept, Accept-Encoding',
        'x-content-type-options': 'nosniff',
        etag: expect.stringMatching(/^"[0-9a-f]{16}"$/),
        'content-security-policy': expect.stringContaining("script-src 'self'"),
      });
      expect(page.headers['content-encoding']).toBeUndefined();
      expect(page.body.toString('utf8')).toMatch(/^<!doctype html>[\s\S]*<div id="graphiql">/);
    });

    it('links a stylesheet and four scripts, each served with its own content type', async () => {
      expect(assetPaths.map((path) => path.replace(/[0-9a-f]{16}/, 'HASH'))).toEqual([
        '/graphiql/HASH/graphiql.min.css',
        '/graphiql/HASH/react.production.min.js',
        '/graphiql/HASH/react-dom.production.min.js',
        '/graphiql/HASH/graphiql.min.js',
        '/graphiql/HASH/boot.js',
      ]);
      for (const path of assetPaths) {
        const answer = await send(base, 'GET', path);
        expect([path, answer.status, answer.headers['content-type']]).toEqual([
          path,
          200,
          path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
        ]);
      }
    });

    it('serves every font the stylesheet points to, uncompressed (fonts are compressed already)', async () => {
      const [stylesheet] = assetPaths;
      const css = (await send(base, 'GET', stylesheet as string)).body.toString('utf8');
      const fontPaths = [...css.matchAll(/url\(\.\.(\/[0-9a-f]{16}\/[a-z0-9.-]+\.woff2?)\)/g)].map((match) => `/graphiql${match[1]}`);
      expect(fontPaths.length).toBeGreaterThan(10);
      for (const path of new Set(fontPaths)) {
        const answer = await send(base, 'GET', path, { 'accept-encoding': 'br, gzip' });
        expect([path, answer.status, answer.headers['content-type'], answer.headers['content-encoding']]).toEqual([
          path,
          200,
          path.endsWith('.woff2') ? 'font/woff2' : 'font/woff',
          undefined,
        ]);
      }
    });

    it('answers 304 without a body to a revalidation carrying the ETag', async () => {
      const answer = await send(base, 'GET', '/graphql', { accept: BROWSER_ACCEPT, 'if-none-match': String(page.headers.etag) });
      expect([answer.status, answer.body.length]).toEqual([304, 0]);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const answer = await send(base, 'HEAD', '/graphql', { accept: BROWSER_ACCEPT });
      expect([answer.status, answer.headers['content-length'], answer.body.length]).toEqual([200, String(page.body.length), 0]);
    });
  });

  describe('GraphQL at /graphql, as before', () => {
    it('answers a POST', async () => {
      const answer = await send(base, 'POST', '/graphql', { 'content-type': 'application/json', accept: BROWSER_ACCEPT }, '{"query":"{ __typename }"}');
      expect([answer.status, JSON.parse(answer.body.toString('utf8'))]).toEqual([
        200,
        { data: { __typename: 'Query' }, extensions: { upstream: { estimated: 0, reserved: 0, sent: 0, cacheHits: 0, budget: 300 } } },
      ]);
    });

    it.each([
      ['no Accept', {}],
      ['curl’s */*', { accept: '*/*' }],
      ['JSON', { accept: 'application/json' }],
    ])('leaves a GET with %s to Apollo (its CSRF prevention refuses it, as before)', async (_case, headers) => {
      const answer = await send(base, 'GET', '/graphql', headers);
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.body.toString('utf8')).toContain('Cross-Site Request Forgery');
    });

    it('leaves a GET with a query string to Apollo, even from a browser', async () => {
      const answer = await send(base, 'GET', '/graphql?query=%7B__typename%7D', { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' });
      expect([answer.status, JSON.parse(answer.body.toString('utf8'))]).toEqual([
        200,
        { data: { __typename: 'Query' }, extensions: { upstream: { estimated: 0, reserved: 0, sent: 0, cacheHits: 0, budget: 300 } } },
      ]);
    });
  });

  describe('assets', () => {
    it.each([
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
      ['gzip;q=1, br;q=0.5', 'gzip', gunzipSync],
      ['identity', undefined, (body: Buffer) => body],
    ])('with Accept-Encoding %j sends %s, which decodes to the original, cacheable for a year', async (acceptEncoding, encoding, decode) => {
      const path = assetPaths.find((candidate) => candidate.endsWith('/graphiql.min.js')) as string;
      const original = (await send(base, 'GET', path)).body;
      const answer = await send(base, 'GET', path, { 'accept-encoding': acceptEncoding });
      expect(answer.headers).toMatchObject({
        'cache-control': 'public, max-age=31536000, immutable',
        vary: 'Accept-Encoding',
        'content-length': String(answer.body.length),
      });
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(decode(answer.body).equals(original)).toBe(true);
      if (encoding !== undefined) expect(answer.body.length).toBeLessThan(original.length / 3);
    });

    it('answers 304 to If-None-Match with the ETag of the encoding asked for', async () => {
      const path = assetPaths[0] as string;
      const first = await send(base, 'GET', path, { 'accept-encoding': 'br' });
      expect(first.headers.etag).toMatch(/^"[0-9a-f]{16}-br"$/);
      const again = await send(base, 'GET', path, { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
      expect([again.status, again.body.length]).toEqual([304, 0]);
    });

    it('refuses other methods than GET and HEAD', async () => {
      const answer = await send(base, 'POST', assetPaths[0] as string, { 'content-type': 'text/plain' }, 'x');
      expect([answer.status, answer.headers.allow]).toEqual([405, 'GET, HEAD']);
    });

    it.each([
      ['the folder', () => '/graphiql/'],
      ['a wrong hash', () => (assetPaths[3] as string).replace(/[0-9a-f]{16}/, '0000000000000000')],
      ['a trailing slash', () => `${assetPaths[3] as string}/`],
      ['a dot-dot walk', () => `${(assetPaths[3] as string).replace(/[^/]+$/, '')}../../package.json`],
      ['an encoded dot-dot walk', () => `${(assetPaths[3] as string).replace(/[^/]+$/, '')}..%2F..%2Fpackage.json`],
      ['an encoded slash in the name', () => '/graphiql/%2e%2e/%2e%2e/node_modules/graphiql/graphiql.min.js'],
      ['a node_modules path', () => '/node_modules/graphiql/graphiql.min.js'],
      ['the source map', () => (assetPaths[3] as string).replace(/\.js$/, '.js.map')],
    ])('answers 404 to %s: only allow-listed paths are served', async (_case, path) => {
      const answer = await send(base, 'GET', path());
      expect(answer.status).toBe(404);
      expect(answer.body.length).toBeLessThan(100);
    });
  });
});
