import type { IncomingMessage, ServerResponse } from 'node:http';
import { chooseEncoding, type ContentEncoding } from './chooseEncoding';
import { CompressionCache } from './CompressionCache';
import { EXAMPLE_TABS, NEW_TAB_QUERY } from './exampleTabs';
import { loadGraphiqlAssets, type GraphiqlAssets } from './graphiqlAssets';
import { GRAPHIQL_CONTENT_SECURITY_POLICY, renderGraphiqlPage } from './graphiqlPage';
import { prefersHtml } from './prefersHtml';
import { contentHash, type StaticAsset } from './StaticAsset';

/** Serves GraphiQL: the page at the GraphQL path to browsers, and its allow-listed assets. */
export interface GraphiqlHandler {
  /**
   * True for what this handler answers: a GET or HEAD of the GraphQL path, without query string, whose
   * `Accept` prefers HTML (a browser's navigation); and any method on an allow-listed asset path.
   */
  handles(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** Where GraphQL is served, and so the page: assets are linked relative to it. */
const GRAPHQL_PATH = '/graphql';

/** One year: asset URLs change with their content, so a cached copy never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Builds the handler, reading the assets once; compressed bodies are made on first demand and kept. */
export function createGraphiqlHandler(assets: GraphiqlAssets = loadGraphiqlAssets()): GraphiqlHandler {
  const page = pageAsset(assets);
  const compression = new CompressionCache();

  return {
    handles(request) {
      const url = requestUrl(request);
      if (url.pathname !== GRAPHQL_PATH) return assets.byPath.has(url.pathname);
      return (request.method === 'GET' || request.method === 'HEAD') && url.search === '' && prefersHtml(request.headers.accept);
    },

    async serve(request, response) {
      const path = requestUrl(request).pathname;
      const isPage = path === GRAPHQL_PATH;
      const asset = isPage ? page : assets.byPath.get(path);
      if (asset === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n');
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed.\n');
        return;
      }
      const encoding: ContentEncoding = asset.compressible ? chooseEncoding(headerText(request.headers['accept-encoding'])) : 'identity';
      const etag = encoding === 'identity' ? asset.etag : `${asset.etag.slice(0, -1)}-${encoding}"`;
      response.setHeader('content-type', asset.contentType);
      response.setHeader('cache-control', isPage ? 'no-cache' : IMMUTABLE);
      response.setHeader('etag', etag);
      response.setHeader('x-content-type-options', 'nosniff');
      if (isPage) {
        response.setHeader('vary', 'Accept, Accept-Encoding');
        response.setHeader('content-security-policy', GRAPHIQL_CONTENT_SECURITY_POLICY);
        response.setHeader('referrer-policy', 'no-referrer');
        compression.warm([assets.stylesheet, ...assets.scripts], encoding);
      } else if (asset.compressible) {
        response.setHeader('vary', 'Accept-Encoding');
      }
      if (matchesEtag(headerText(request.headers['if-none-match']), etag)) {
        response.writeHead(304).end();
        return;
      }
      const body = await compression.body(asset, encoding);
      if (encoding !== 'identity') response.setHeader('content-encoding', encoding);
      response.setHeader('content-length', body.length);
      response.writeHead(200);
      response.end(request.method === 'HEAD' ? undefined : body);
    },
  };
}

// Private: the page as an in-memory asset, served at `/graphql` (so `graphiql/…` links resolve to `/graphiql/…`).
function pageAsset(assets: GraphiqlAssets): StaticAsset {
  const relative = (asset: StaticAsset) => asset.path.slice(1);
  const html = renderGraphiqlPage(
    { stylesheet: relative(assets.stylesheet), scripts: assets.scripts.map(relative) },
    { tabs: EXAMPLE_TABS, newTabQuery: NEW_TAB_QUERY },
  );
  return { path: GRAPHQL_PATH, body: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8', etag: `"${contentHash(html)}"`, compressible: true };
}

// Private: true when `If-None-Match` lists `etag` (weak comparison, as RFC 9110 asks for GET) or is `*`.
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

function requestUrl(request: IncomingMessage): URL {
  return new URL(request.url ?? '/', 'http://localhost');
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
