import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSeq, type ChangeEvent } from '../../catalogue/changes/ChangeEvent';
import { parseChangeFilter, type ChangeFilter, type ChangeFilterInput } from '../../catalogue/changes/ChangeFilter';
import type { ChangeSource } from '../../catalogue/changes/ChangeSource';
import { BadUserInputError } from '../../core/errors';
import { notModified } from '../../core/notModified';
import { renderChangesFeed } from './renderChangesFeed';

/** Where the feed is served. */
export const CHANGES_FEED_PATH = '/feeds/changes.atom';

/** Entries per page unless `limit` says otherwise, and the most `limit` may ask. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** Query parameters and the filter criterion each fills; a criterion takes repeated or comma-separated values. */
const CRITERIA = { resource: 'resources', zone: 'zones', format: 'formats', kind: 'kinds' } as const;
const PAGING = ['limit', 'before'] as const;

export interface ChangesFeedOptions {
  source: ChangeSource;
  /** The upstream listing URL for path segments, e.g. `['resource', 'BDTOPO', edition]` (GeopfClient.listingUrl). */
  listingUrl(segments: readonly string[]): string;
}

/**
 * `GET /feeds/changes.atom?resource=BDTOPO&zone=29&format=GPKG&kind=EDITION_ADDED`: the matching change
 * events as an Atom feed, newest first, `limit` (default 50) per page, older pages through `rel="next"`
 * (`before=<seq>`). Answers carry a validator (`ETag`, `Last-Modified`) and conditional requests get 304.
 * A bad parameter throws a `BadUserInputError` naming it (the server's admission answers it 400, typed JSON).
 */
export function createChangesFeedHandler(options: ChangesFeedOptions) {
  return {
    handles: (request: IncomingMessage) =>
      (request.method === 'GET' || request.method === 'HEAD') && new URL(request.url ?? '/', 'http://localhost').pathname === CHANGES_FEED_PATH,
    async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const query = readFeedQuery(url.searchParams);
      const found = await options.source.history(query.filter, query.before, query.limit + 1);
      const events = found.slice(0, query.limit);
      const oldest = events.at(-1);
      const body = renderChangesFeed({
        feedKey: query.canonical,
        title: feedTitle(query.input),
        selfHref: feedHref(query.canonical, query.limit, query.before),
        firstHref: query.before === null ? null : feedHref(query.canonical, query.limit, null),
        nextHref: found.length > query.limit && oldest ? feedHref(query.canonical, query.limit, oldest.seq) : null,
        events,
        listingUrl: (event) => options.listingUrl(listingSegments(event)),
      });
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const lastModified = new Date(events[0]?.observedAt ?? 0).toUTCString();
      response.setHeader('etag', etag);
      response.setHeader('last-modified', lastModified);
      response.setHeader('cache-control', 'public, max-age=60');
      response.setHeader('vary', 'accept-encoding');
      if (notModified(request, etag, lastModified)) {
        response.statusCode = 304;
        response.end();
        return;
      }
      response.statusCode = 200;
      response.setHeader('content-type', 'application/atom+xml; charset=utf-8');
      response.end(request.method === 'HEAD' ? undefined : body);
    },
  };
}

interface FeedQuery {
  input: ChangeFilterInput;
  filter: ChangeFilter;
  /** The filter's parameters, sorted: the feed's identity and the base of its links. */
  canonical: string;
  limit: number;
  before: string | null;
}

// Private: the query string read and checked; BadUserInputError naming the first bad parameter.
function readFeedQuery(params: URLSearchParams): FeedQuery {
  for (const name of params.keys()) {
    if (!(name in CRITERIA) && !(PAGING as readonly string[]).includes(name)) {
      throw new BadUserInputError(`${name}: unknown parameter; expected ${[...Object.keys(CRITERIA), ...PAGING].join(', ')}`, name);
    }
  }
  const input: Record<string, string[]> = {};
  const canonical = new URLSearchParams();
  for (const [parameter, criterion] of Object.entries(CRITERIA)) {
    const values = params
      .getAll(parameter)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim());
    if (params.has(parameter) && values.some((value) => value === '')) {
      throw new BadUserInputError(
        `${parameter}: expected one or more comma-separated values, got ${JSON.stringify(params.getAll(parameter).join(',').slice(0, 80))}`,
        parameter,
      );
    }
    if (values.length === 0) continue;
    input[criterion] = values;
    canonical.set(parameter, values.join(','));
  }
  const parameterOf = Object.fromEntries(Object.entries(CRITERIA).map(([parameter, criterion]) => [criterion, parameter]));
  const filter = parseChangeFilter(input, (criterion) => parameterOf[criterion] ?? criterion);
  return { input, filter, canonical: canonical.toString(), limit: readLimit(params.get('limit')), before: readBefore(params.get('before')) };
}

function readLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const value = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= MAX_LIMIT))
    throw new BadUserInputError(`limit: expected an integer from 1 to ${MAX_LIMIT}, got ${JSON.stringify(raw.slice(0, 80))}`, 'limit');
  return value;
}

function readBefore(raw: string | null): string | null {
  if (raw === null) return null;
  if (!isSeq(raw)) throw new BadUserInputError(`before: expected a change number (the next link's), got ${JSON.stringify(raw.slice(0, 80))}`, 'before');
  return raw;
}

// Private: the feed's title, from the criteria as written.
function feedTitle(input: ChangeFilterInput): string {
  const parts = [input.resources, input.zones, input.formats, input.kinds].flatMap((values) => values ?? []);
  return parts.length === 0 ? 'Catalogue changes' : `Catalogue changes: ${parts.join(', ')}`;
}

// Private: a page's link, relative to the server.
function feedHref(canonical: string, limit: number, before: string | null): string {
  const params = new URLSearchParams(canonical);
  if (limit !== DEFAULT_LIMIT) params.set('limit', String(limit));
  if (before !== null) params.set('before', before);
  const search = params.toString();
  return search === '' ? CHANGES_FEED_PATH : `${CHANGES_FEED_PATH}?${search}`;
}

// Private: an edition event links to the edition's listing, a product event to the product's.
function listingSegments(event: ChangeEvent): string[] {
  return event.editionName === null ? ['resource', event.resourceName] : ['resource', event.resourceName, event.editionName];
}
