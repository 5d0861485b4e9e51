import type { FakeEdition, FakeResource } from './catalogue';
import type { BBox } from './referenceData';

/** A query value the fake rejects with HTTP 400; the message reads "expected X, got Y". */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/** Upstream paging: `page` from 1, `limit` 10 by default and silently clamped to 50. */
export interface Paging {
  page: number;
  limit: number;
}

/** The page size upstream applies when `limit` is absent. */
export const DEFAULT_LIMIT = 10;
/** The largest page size upstream serves; larger limits are clamped to it without error. */
export const MAX_LIMIT = 50;

/** Reads `page` and `limit`; a present value that is not an integer >= 1 is a 400. */
export function parsePaging(query: Record<string, string>): Paging {
  const page = positiveInteger(query, 'page') ?? 1;
  const limit = positiveInteger(query, 'limit') ?? DEFAULT_LIMIT;
  return { page, limit: Math.min(limit, MAX_LIMIT) };
}

/** Private: an integer >= 1, undefined when absent, 400 otherwise. */
function positiveInteger(query: Record<string, string>, key: string): number | undefined {
  const raw = query[key];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new BadRequestError(`expected ${key} to be an integer >= 1, got '${raw}'`);
  }
  return Number(raw);
}

/** Filters that apply to editions (GetResource, and capabilities through "some edition matches"). */
export interface EditionFilter {
  polygon?: BBox;
  editionDateFrom?: string;
  editionDateTo?: string;
  lang?: 'fre' | 'eng';
  /** normalised to `EPSG:{code}` upper case. */
  crs?: string;
  zone?: string;
  format?: string;
}

/** Filters of the capabilities feed: the edition ones plus those on the product itself. */
export interface ResourceFilter extends EditionFilter {
  updatedFrom?: string;
  updatedTo?: string;
  thematic?: string;
}

/** Reads the GetResource filters; empty values count as absent, malformed polygon/date/lang is a 400. */
export function parseEditionFilter(query: Record<string, string>): EditionFilter {
  const filter: EditionFilter = {};
  const polygon = present(query, 'polygon');
  if (polygon !== undefined) filter.polygon = parsePolygon(polygon);
  const from = present(query, 'editionDateFrom');
  if (from !== undefined) filter.editionDateFrom = parseDate('editionDateFrom', from);
  const to = present(query, 'editionDateTo');
  if (to !== undefined) filter.editionDateTo = parseDate('editionDateTo', to);
  const lang = present(query, 'lang');
  if (lang !== undefined) {
    if (lang !== 'fre' && lang !== 'eng') throw new BadRequestError(`expected lang to be fre or eng, got '${lang}'`);
    filter.lang = lang;
  }
  const crs = present(query, 'crs');
  if (crs !== undefined) filter.crs = normaliseCrs(crs);
  const zone = present(query, 'zone');
  if (zone !== undefined) filter.zone = zone;
  const format = present(query, 'format');
  if (format !== undefined) filter.format = format;
  return filter;
}

/** Reads the capabilities filters (edition ones + updatedFrom/To and thematic). */
export function parseResourceFilter(query: Record<string, string>): ResourceFilter {
  const filter: ResourceFilter = parseEditionFilter(query);
  const from = present(query, 'updatedFrom');
  if (from !== undefined) filter.updatedFrom = parseDate('updatedFrom', from);
  const to = present(query, 'updatedTo');
  if (to !== undefined) filter.updatedTo = parseDate('updatedTo', to);
  const thematic = present(query, 'thematic');
  if (thematic !== undefined) filter.thematic = thematic;
  return filter;
}

/** Private: the value, or undefined when absent or empty. */
function present(query: Record<string, string>, key: string): string | undefined {
  const value = query[key];
  return value === undefined || value === '' ? undefined : value;
}

/** Private: a real calendar date written YYYY-MM-DD. */
function parseDate(key: string, value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  const valid = Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
  if (!valid) throw new BadRequestError(`expected ${key} as YYYY-MM-DD, got '${value}'`);
  return value;
}

/** Private: `EPSG:2154`, `epsg:2154` and `2154` all become `EPSG:2154`; anything else is kept (and matches nothing). */
function normaliseCrs(value: string): string {
  const upper = value.trim().toUpperCase();
  return /^\d+$/.test(upper) ? `EPSG:${upper}` : upper;
}

/**
 * Private: `x1,y1;x2,y2;…` in lon,lat (EPSG:4326), at least 3 points, reduced to its bounding box:
 * the fake matches polygons by box intersection, which is enough to tell zones apart.
 */
function parsePolygon(value: string): BBox {
  const fail = (): never => {
    throw new BadRequestError(`expected polygon as x1,y1;x2,y2;… with at least 3 lon,lat points, got '${value}'`);
  };
  const points = value.split(';').map((pair) => {
    const parts = pair.split(',');
    if (parts.length !== 2) return fail();
    const [lon, lat] = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) return fail();
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return fail();
    return [lon, lat] as const;
  });
  if (points.length < 3) return fail();
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** Private: inclusive box intersection. */
function intersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/** True when the edition passes every edition-level criterion of `filter` (a null facet fails its criterion). */
export function editionMatches(edition: FakeEdition, filter: EditionFilter): boolean {
  if (filter.polygon !== undefined && !intersects(filter.polygon, edition.bbox)) return false;
  if (filter.editionDateFrom !== undefined || filter.editionDateTo !== undefined) {
    const date = edition.editionDate;
    if (date === null) return false;
    if (filter.editionDateFrom !== undefined && date < filter.editionDateFrom) return false;
    if (filter.editionDateTo !== undefined && date > filter.editionDateTo) return false;
  }
  if (filter.lang !== undefined && edition.lang !== filter.lang) return false;
  if (filter.crs !== undefined && edition.crs?.term.toUpperCase() !== filter.crs) return false;
  if (filter.zone !== undefined && edition.zone?.term !== filter.zone) return false;
  if (filter.format !== undefined && edition.format?.term.toLowerCase() !== filter.format.toLowerCase()) return false;
  return true;
}

/** Private: whether the filter has any edition-level criterion. */
function hasEditionCriteria(filter: EditionFilter): boolean {
  return (['polygon', 'editionDateFrom', 'editionDateTo', 'lang', 'crs', 'zone', 'format'] as const).some((key) => filter[key] !== undefined);
}

/**
 * True when the product passes the capabilities filter: its `updated` day and themes match, and, when any
 * edition-level criterion is set, at least one of its editions matches all of them.
 */
export function resourceMatches(resource: FakeResource, filter: ResourceFilter): boolean {
  const updatedDay = resource.updated.slice(0, 10);
  if (filter.updatedFrom !== undefined && updatedDay < filter.updatedFrom) return false;
  if (filter.updatedTo !== undefined && updatedDay > filter.updatedTo) return false;
  if (filter.thematic !== undefined) {
    const wanted = filter.thematic.toLowerCase();
    if (!resource.thematic.some((t) => t.toLowerCase() === wanted)) return false;
  }
  if (!hasEditionCriteria(filter)) return true;
  return resource.editions.some((e) => editionMatches(e, filter));
}

/** Editions in upstream order: oldest edition date first (stable), undated ones last. */
export function sortEditions(editions: readonly FakeEdition[]): FakeEdition[] {
  return [...editions].sort((a, b) => {
    if (a.editionDate === b.editionDate) return 0;
    if (a.editionDate === null) return 1;
    if (b.editionDate === null) return -1;
    return a.editionDate < b.editionDate ? -1 : 1;
  });
}

/** One page of a filtered list, with the four numbers upstream puts on `<feed>`. */
export interface PageSlice<T> {
  items: T[];
  /** absolute position of `items[0]` in the whole list. */
  offset: number;
  page: number;
  pageSize: number;
  pageCount: number;
  totalEntries: number;
}

/** Cuts page `page` of size `limit`; a page past the last is empty with the same totals. */
export function paginate<T>(all: readonly T[], paging: Paging): PageSlice<T> {
  const offset = (paging.page - 1) * paging.limit;
  return {
    items: all.slice(offset, offset + paging.limit),
    offset,
    page: paging.page,
    pageSize: paging.limit,
    pageCount: Math.ceil(all.length / paging.limit),
    totalEntries: all.length,
  };
}
