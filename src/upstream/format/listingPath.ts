/** Upstream query parameters, already serialized to the upstream's text forms. */
export type UpstreamParams = Readonly<Record<string, string>>;

/** Items per upstream page. Always sent: the upstream's default of 10 silently truncates listings. */
export const UPSTREAM_PAGE_SIZE = 50;

/**
 * The canonical relative URL of one upstream page: every name percent-encoded as one path segment,
 * parameters sorted, `page` and `limit` always present. It is both the request path and the loaders' cache
 * key, so two requests for the same page can never be told apart.
 */
export function listingPath(segments: readonly string[], params: UpstreamParams, page: number): string {
  const path = segments.map((segment) => encodeURIComponent(segment)).join('/');
  // Unfiltered (most listings): the same text URLSearchParams writes for `limit` and `page` alone, sorted.
  if (isEmpty(params)) return `${path}?limit=${UPSTREAM_PAGE_SIZE}&page=${String(page)}`;
  const keys = Object.keys(params);
  if (!(PAGE in params)) keys.push(PAGE);
  if (!(LIMIT in params)) keys.push(LIMIT);
  const pageText = String(page);
  return `${path}?${sortedQuery(keys, (key) =>
    key === PAGE ? pageText
    : key === LIMIT ? LIMIT_TEXT
    : (params[key] as string),
  )}`;
}

const PAGE = 'page';
const LIMIT = 'limit';
const LIMIT_TEXT = String(UPSTREAM_PAGE_SIZE);

/** A listing's identity without its page: its call, names and filter (what cursors are bound to). */
export function listingIdentity(segments: readonly string[], params: UpstreamParams): string {
  if (isEmpty(params)) return `${segments.map((segment) => encodeURIComponent(segment)).join('/')}?`;
  return `${segments.map((segment) => encodeURIComponent(segment)).join('/')}?${sortedQuery(Object.keys(params), (key) => params[key] as string)}`;
}

/** Joins the configured base URL (with or without a trailing slash) and a relative path. */
export function joinBaseUrl(baseUrl: string, relativePath: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${relativePath}`;
}

/** Keys and values `URLSearchParams` writes as they are (its form encoding leaves `*-._` and alphanumerics). */
const FORM_SAFE = /^[A-Za-z0-9*\-._]*$/;

// Private: the pairs of `keys` (sorted here) and their values, as `URLSearchParams` writes them. Dates, codes
// and formats (nearly every filter) need no escaping and are joined directly; anything else goes through
// `URLSearchParams`.
function sortedQuery(keys: string[], valueOf: (key: string) => string): string {
  keys.sort();
  let query = '';
  for (const key of keys) {
    const value = valueOf(key);
    if (!FORM_SAFE.test(key) || !FORM_SAFE.test(value)) return throughSearchParams(keys, valueOf);
    query += query === '' ? `${key}=${value}` : `&${key}=${value}`;
  }
  return query;
}

// Private: the general case of `sortedQuery` (`keys` sorted).
function throughSearchParams(keys: readonly string[], valueOf: (key: string) => string): string {
  const query = new URLSearchParams();
  for (const key of keys) query.append(key, valueOf(key));
  return query.toString();
}

// Private: no parameter at all (these functions run for every page load and cache look-up).
function isEmpty(params: UpstreamParams): boolean {
  for (const _key in params) return false;
  return true;
}
