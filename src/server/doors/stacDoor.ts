import type { ServerResponse } from 'node:http';
import { BadUserInputError } from '../../core/errors';
import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import { indexOf } from '../../graphql/resolvers/catalogue';
import { validateName } from '../../upstream/format/validateName';
import type { AdmittedRequest, Door } from '../admission/Door';
import type { Refusal } from '../admission/refusals';
import { searchStacItems, type PageLinks } from '../stac/searchStacItems';
import { stacCollection } from '../stac/stacCollection';
import { MEDIA, STAC_CONFORMS_TO } from '../stac/stacConformance';
import { editionLineages } from '../stac/editionLineages';
import { stacItem, type StacLink } from '../stac/stacItem';
import { stacJson } from '../stac/stacJson';
import { stacLanding } from '../stac/stacLanding';
import { StacNotFoundError } from '../stac/StacNotFoundError';
import { stacOpenApi } from '../stac/stacOpenApi';
import { searchFromBody, searchFromQuery, type StacSearchRequest } from '../stac/StacSearchRequest';
import { stacServiceDoc } from '../stac/stacServiceDoc';
import { StacUrls } from '../stac/StacUrls';

/** What a `/stac` path names. */
type StacRoute =
  | { kind: 'landing' | 'conformance' | 'collections' | 'search' | 'openapi' | 'serviceDoc' }
  | { kind: 'collection' | 'items'; collection: string }
  | { kind: 'item'; collection: string; item: string };

/** The GraphQL operation reading what the item route reads (the edition's file listing): measured against the budget. */
const ITEM_EQUIVALENT =
  'query StacItem($resourceName: ID!, $name: ID!) { subResource(resourceName: $resourceName, name: $name) { downloadPlan { manifest } } }';
/** What a path the item door claims but names no item reads: nothing upstream (it answers 404). */
const INDEX_EQUIVALENT = 'query StacIndex { catalogue { ready } }';
/** The paths of the item door. */
const ITEM_PATH = /^\/stac\/collections\/[^/]+\/items\/[^/]+\/?$/;

/** CORS headers on every answer: STAC Browser and other web clients run in a browser. */
const CORS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, accept, authorization, x-request-id',
  'access-control-expose-headers': 'x-request-id',
  'access-control-max-age': '86400',
};

/**
 * `/stac/...`: the STAC API twin of the catalogue (STAC API 1.0, STAC 1.1; see docs/stac.md), as two doors. `stac`
 * (`local`): the landing page, conformance, OpenAPI, collections, item pages and searches, answered from the
 * index (0 upstream requests). `stac-item` (`upstream`): one item, whose assets are the edition's files, read
 * through the loaders within the budget and the deadline. Refusals are STAC errors `{code, description,
 * parameter}`: 400 naming the parameter, 404 for an unknown collection or item; every answer carries CORS
 * headers, and `OPTIONS` answers 204.
 */
export function stacDoors(): Door[] {
  const shared = {
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    async serve(admitted: AdmittedRequest) {
      const { response, request } = admitted;
      for (const [name, value] of Object.entries(CORS)) response.setHeader(name, value);
      if (request.method === 'OPTIONS') {
        response.statusCode = 204;
        response.end();
        return;
      }
      try {
        await serveRoute(admitted, routeOf(admitted.url.pathname, request.method ?? 'GET'));
      } catch (error) {
        if (!(error instanceof StacNotFoundError)) throw error;
        writeStacError(response, { status: 404, code: 'NOT_FOUND', message: error.message });
      }
    },
    writeRefusal: writeStacError,
  };
  return [
    {
      ...shared,
      name: 'stac-item',
      path: '/stac/collections/{collectionId}/items/{itemId}',
      claims: (_request, url) => ITEM_PATH.test(url.pathname),
      admission: {
        kind: 'upstream',
        equivalent: ({ url, request }) => {
          // A preflight reads nothing: it is never refused for what the request it announces would cost.
          const route = request.method === 'OPTIONS' ? null : knownRoute(url.pathname, request.method ?? 'GET');
          return route?.kind === 'item' ?
              { query: ITEM_EQUIVALENT, variables: { resourceName: route.collection, name: route.item } }
            : { query: INDEX_EQUIVALENT, variables: {} };
        },
      },
      examples: [{ method: 'GET', path: '/stac/collections/BDTOPO/items/BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15' }],
    },
    {
      ...shared,
      name: 'stac',
      path: '/stac, /stac/conformance, /stac/api, /stac/api.html, /stac/collections[/{collectionId}[/items]], /stac/search',
      claims: (_request, url) => url.pathname === '/stac' || url.pathname.startsWith('/stac/'),
      admission: { kind: 'local' },
      examples: [
        { method: 'GET', path: '/stac' },
        { method: 'GET', path: '/stac/search?collections=BDTOPO&limit=5' },
        { method: 'POST', path: '/stac/search', headers: { 'content-type': 'application/json' } },
      ],
    },
  ];
}

/** Writes a refusal as STAC API and OGC API Features spell errors: `{code, description}` (and `parameter` when named), CORS included. */
export function writeStacError(response: ServerResponse, refusal: Refusal): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  for (const [name, value] of Object.entries(CORS)) response.setHeader(name, value);
  response.statusCode = refusal.status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('cache-control', 'no-store');
  if (refusal.close) response.setHeader('connection', 'close');
  response.end(JSON.stringify({ code: refusal.code, description: refusal.message, ...refusal.extensions }));
}

// Private: the route a path names, or null when it names none (`serve` answers that 404).
function knownRoute(pathname: string, method: string): StacRoute | null {
  try {
    return routeOf(pathname, method);
  } catch (error) {
    if (error instanceof StacNotFoundError) return null;
    throw error;
  }
}

// Private: the route a path names; a path under /stac naming nothing is a 404, a method it does not take a 405 (as 400 with `method`).
function routeOf(pathname: string, method: string): StacRoute {
  const segments = pathname.replace(/\/+$/, '').split('/').slice(2).map(decodeSegment);
  const [first, second, third, fourth, ...rest] = segments;
  const route: StacRoute | null =
    segments.length === 0 ? { kind: 'landing' }
    : segments.length === 1 && first === 'conformance' ? { kind: 'conformance' }
    : segments.length === 1 && first === 'search' ? { kind: 'search' }
    : segments.length === 1 && first === 'api' ? { kind: 'openapi' }
    : segments.length === 1 && first === 'api.html' ? { kind: 'serviceDoc' }
    : first === 'collections' && segments.length === 1 ? { kind: 'collections' }
    : first === 'collections' && segments.length === 2 ? { kind: 'collection', collection: validateName(second as string, 'collectionId') }
    : first === 'collections' && segments.length === 3 && third === 'items' ? { kind: 'items', collection: validateName(second as string, 'collectionId') }
    : first === 'collections' && segments.length === 4 && third === 'items' && rest.length === 0 ?
      { kind: 'item', collection: validateName(second as string, 'collectionId'), item: validateName(fourth as string, 'itemId') }
    : null;
  if (!route) throw new StacNotFoundError(`Nothing at ${pathname.slice(0, 200)}: see ${'/stac'} for what this STAC API serves.`);
  if (method === 'POST' && route.kind !== 'search')
    throw new BadUserInputError(`method: POST is answered at /stac/search only; ${pathname.slice(0, 200)} takes GET`, 'method');
  return route;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadUserInputError(`path: expected percent-encoded names, got ${JSON.stringify(segment.slice(0, 80))}`, 'path');
  }
}

// Private: answers one route.
async function serveRoute(admitted: AdmittedRequest, route: StacRoute): Promise<void> {
  const { response, request, url } = admitted;
  const urls = StacUrls.of(request);
  const send = (body: unknown, type: string) => {
    response.statusCode = 200;
    response.setHeader('content-type', type.startsWith('text/') ? `${type}; charset=utf-8` : type);
    response.setHeader('cache-control', 'no-cache');
    response.end(
      request.method === 'HEAD' ? ''
      : typeof body === 'string' ? body
      : stacJson(body),
    );
  };
  switch (route.kind) {
    case 'landing':
      return send(stacLanding(urls), MEDIA.json);
    case 'conformance':
      return send({ conformsTo: STAC_CONFORMS_TO }, MEDIA.json);
    case 'openapi':
      return send(stacOpenApi(urls.root), MEDIA.openapi);
    case 'serviceDoc':
      return send(stacServiceDoc(urls), MEDIA.html);
    case 'collections': {
      const index = indexOf(admitted.context());
      const products = await index.read((store) => store.reader.productExtents());
      return send(
        {
          collections: products.map((product) => stacCollection(product, urls)),
          links: [
            { rel: 'self', href: urls.collections, type: MEDIA.json },
            { rel: 'root', href: urls.landing, type: MEDIA.json },
            { rel: 'parent', href: urls.landing, type: MEDIA.json },
          ],
        },
        MEDIA.json,
      );
    }
    case 'collection': {
      const [product] = await indexOf(admitted.context()).read((store) => store.reader.productExtents([route.collection]));
      if (!product) throw new StacNotFoundError(`No collection ${route.collection}: collections are the products of the catalogue index.`);
      return send(stacCollection(product, urls), MEDIA.json);
    }
    case 'items': {
      const search: StacSearchRequest = { ...searchFromQuery(url.searchParams), collections: [route.collection] };
      const index = indexOf(admitted.context());
      await requireCollection(index, route.collection);
      const self = urls.items(route.collection);
      const links: PageLinks = {
        self: { rel: 'self', href: hrefWith(self, url.searchParams, {}), type: MEDIA.geojson },
        next: (token) => ({ rel: 'next', href: hrefWith(self, url.searchParams, { token }), type: MEDIA.geojson, method: 'GET' }),
        others: [
          { rel: 'root', href: urls.landing, type: MEDIA.json },
          { rel: 'collection', href: urls.collection(route.collection), type: MEDIA.json },
          { rel: 'parent', href: urls.collection(route.collection), type: MEDIA.json },
        ],
      };
      return send(await searchStacItems(index, search, urls, links), MEDIA.geojson);
    }
    case 'search': {
      const post = request.method === 'POST';
      const search = post ? searchFromBody(bodyJson(admitted.body)) : searchFromQuery(url.searchParams);
      const index = indexOf(admitted.context());
      const links: PageLinks = {
        self: { rel: 'self', href: post ? urls.search : hrefWith(urls.search, url.searchParams, {}), type: MEDIA.geojson },
        next: (token): StacLink =>
          post ?
            { rel: 'next', href: urls.search, type: MEDIA.geojson, method: 'POST', body: { token }, merge: true }
          : { rel: 'next', href: hrefWith(urls.search, url.searchParams, { token }), type: MEDIA.geojson, method: 'GET' },
        others: [{ rel: 'root', href: urls.landing, type: MEDIA.json }],
      };
      return send(await searchStacItems(index, search, urls, links), MEDIA.geojson);
    }
    case 'item': {
      const context = admitted.context();
      const index = indexOf(context);
      const edition = await index.read((store) => store.edition(route.collection, route.item));
      if (!edition) throw new StacNotFoundError(`No item ${route.item} in collection ${route.collection}: items are the editions of the catalogue index.`);
      const lineage = (await editionLineages(index, [edition])).get(edition.name) ?? null;
      // A withdrawn edition's files are gone upstream: its item has no assets.
      const files = edition.withdrawnAt ? null : await context.loaders.allFiles(edition.product, edition.name);
      return send(stacItem(edition, urls, files, lineage), MEDIA.geojson);
    }
  }
}

// Private: 404 unless the index lists the product.
async function requireCollection(index: CatalogueIndex, collection: string): Promise<void> {
  const known = await index.read(async (store) => (await store.reader.productEntries([collection])).length > 0);
  if (!known) throw new StacNotFoundError(`No collection ${collection}: collections are the products of the catalogue index.`);
}

// Private: `base` with the request's parameters, `replace` set over them.
function hrefWith(base: string, params: URLSearchParams, replace: Record<string, string>): string {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(replace)) next.set(name, value);
  const query = next.toString();
  return query ? `${base}?${query}` : base;
}

// Private: the POST body as JSON; BAD_USER_INPUT naming `body` otherwise.
function bodyJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new BadUserInputError('body: expected a JSON object (a STAC search)', 'body');
  }
}
