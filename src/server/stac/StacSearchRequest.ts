import { BadUserInputError } from '../../core/errors';
import type { EditionOrder } from '../../catalogue/store/CatalogueStore';

/** Items a page holds when `limit` is not given, and at most (a larger `limit` is clamped, as STAC says). */
export const STAC_DEFAULT_LIMIT = 10;
export const STAC_MAX_LIMIT = 250;
/** Values `collections` and `ids` may hold. */
const MAX_LIST_VALUES = 100;
/** Free-text terms `q` may hold (each may be a few words: the full-text index reads each alternative). */
const MAX_QUERY_TERMS = 8;

/** A STAC item search as read from a query string or a JSON body: every value checked for its type. */
export interface StacSearchRequest {
  collections?: string[];
  ids?: string[];
  bbox?: number[];
  /** A GeoJSON geometry (checked when the filter is built). */
  intersects?: unknown;
  datetime?: string;
  /** Clamped to `STAC_MAX_LIMIT`. */
  limit: number;
  order: EditionOrder;
  /** Free-text terms, any of which may match (each read as the `q` of `editions`). */
  q?: string[];
  /** The `next` link's position. */
  token?: string;
}

/** The `sortby` fields searches accept, each with the order of the index it stands for. */
export const SORT_FIELDS: ReadonlyArray<{ field: string; direction: 'asc' | 'desc'; order: EditionOrder }> = [
  { field: 'properties.datetime', direction: 'desc', order: 'EDITION_DATE_DESC' },
  { field: 'properties.datetime', direction: 'asc', order: 'EDITION_DATE_ASC' },
  { field: 'id', direction: 'asc', order: 'NAME_ASC' },
  { field: 'properties.updated', direction: 'desc', order: 'UPDATED_DESC' },
  { field: 'properties.created', direction: 'desc', order: 'FIRST_SEEN_DESC' },
];

/**
 * A search from a GET query string (`collections=a,b&bbox=…&sortby=-properties.datetime`). Parameters STAC does
 * not name are ignored; a bad value is BAD_USER_INPUT naming its parameter.
 */
export function searchFromQuery(params: URLSearchParams): StacSearchRequest {
  const text = (name: string) => {
    const values = params.getAll(name);
    if (values.length > 1) throw new BadUserInputError(`${name}: expected once, got ${values.length} times`, name);
    return values[0];
  };
  const list = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : value.split(',').map((item) => item.trim());
  };
  const bbox = list('bbox');
  const intersects = text('intersects');
  const limit = text('limit');
  const sortby = text('sortby');
  const datetime = text('datetime');
  const token = text('token');
  return checked({
    collections: list('collections'),
    ids: list('ids'),
    bbox: bbox?.map((item) => (item === '' || !Number.isFinite(Number(item)) ? Number.NaN : Number(item))),
    intersects: intersects === undefined ? undefined : jsonOf(intersects, 'intersects'),
    datetime,
    limit:
      limit === undefined ? undefined
      : /^-?\d+$/.test(limit.trim()) ? Number(limit)
      : Number.NaN,
    sortby: sortby === undefined ? undefined : sortby.split(',').map((item) => item.trim()),
    q: list('q'),
    token,
  });
}

/** A search from a POST JSON body (`{"collections":[…],"sortby":[{"field":…,"direction":…}]}`); see `searchFromQuery`. */
export function searchFromBody(body: unknown): StacSearchRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadUserInputError('body: expected a JSON object', 'body');
  const value = body as Record<string, unknown>;
  const strings = (name: string): string[] | undefined => {
    const item = value[name];
    if (item === undefined || item === null) return undefined;
    if (!Array.isArray(item) || !item.every((each) => typeof each === 'string')) throw new BadUserInputError(`${name}: expected an array of strings`, name);
    return item;
  };
  const optionalString = (name: string): string | undefined => {
    const item = value[name];
    if (item === undefined || item === null) return undefined;
    if (typeof item !== 'string') throw new BadUserInputError(`${name}: expected a string`, name);
    return item;
  };
  const bbox = value['bbox'];
  if (bbox != null && (!Array.isArray(bbox) || !bbox.every((each) => typeof each === 'number')))
    throw new BadUserInputError('bbox: expected an array of numbers', 'bbox');
  const limit = value['limit'];
  if (limit != null && typeof limit !== 'number') throw new BadUserInputError('limit: expected an integer', 'limit');
  const q = value['q'];
  return checked({
    collections: strings('collections'),
    ids: strings('ids'),
    bbox: bbox ?? undefined,
    intersects: value['intersects'] ?? undefined,
    datetime: optionalString('datetime'),
    limit: limit ?? undefined,
    sortby: sortbyOfBody(value['sortby']),
    q: typeof q === 'string' ? q.split(',').map((item) => item.trim()) : strings('q'),
    token: optionalString('token'),
  });
}

interface RawSearch {
  collections: string[] | undefined;
  ids: string[] | undefined;
  bbox: number[] | undefined;
  intersects: unknown;
  datetime: string | undefined;
  limit: number | undefined;
  /** `[+|-]field` each. */
  sortby: string[] | undefined;
  q: string[] | undefined;
  token: string | undefined;
}

// Private: the checks both forms share.
function checked(raw: RawSearch): StacSearchRequest {
  for (const name of ['collections', 'ids'] as const) {
    const values = raw[name];
    if (values && (values.length > MAX_LIST_VALUES || values.some((item) => item === '')))
      throw new BadUserInputError(`${name}: expected 1 to ${MAX_LIST_VALUES} non-empty values`, name);
  }
  if (raw.bbox !== undefined && raw.intersects !== undefined)
    throw new BadUserInputError('bbox, intersects: expected at most one of bbox and intersects, got both', 'intersects');
  if (raw.limit !== undefined && !(Number.isInteger(raw.limit) && raw.limit >= 1))
    throw new BadUserInputError(`limit: expected an integer of at least 1 (at most ${STAC_MAX_LIMIT} are answered), got ${String(raw.limit)}`, 'limit');
  if (raw.q && (raw.q.length > MAX_QUERY_TERMS || raw.q.some((item) => item === '')))
    throw new BadUserInputError(`q: expected 1 to ${MAX_QUERY_TERMS} non-empty terms`, 'q');
  return {
    ...(raw.collections ? { collections: raw.collections } : {}),
    ...(raw.ids ? { ids: raw.ids } : {}),
    ...(raw.bbox ? { bbox: bboxOf(raw.bbox) } : {}),
    ...(raw.intersects !== undefined ? { intersects: raw.intersects } : {}),
    ...(raw.datetime !== undefined ? { datetime: raw.datetime } : {}),
    limit: Math.min(raw.limit ?? STAC_DEFAULT_LIMIT, STAC_MAX_LIMIT),
    order: orderOf(raw.sortby),
    ...(raw.q ? { q: raw.q } : {}),
    ...(raw.token !== undefined ? { token: raw.token } : {}),
  };
}

// Private: a 2D box as it is; a 3D one (6 numbers) without its heights; anything else left to the place filter to refuse.
function bboxOf(bbox: number[]): number[] {
  if (bbox.length === 6) {
    const [minLon, minLat, minZ, maxLon, maxLat, maxZ] = bbox as [number, number, number, number, number, number];
    if (!(minZ <= maxZ)) throw new BadUserInputError(`bbox: expected the lower height before the upper, got [${bbox.join(', ')}]`, 'bbox');
    return [minLon, minLat, maxLon, maxLat];
  }
  if (bbox.length !== 4 || bbox.some((item) => !Number.isFinite(item)))
    throw new BadUserInputError(
      `bbox: expected 4 (or 6) numbers [minLon, minLat, maxLon, maxLat], got ${bbox.length === 4 ? 'a value that is not a number' : `${bbox.length} values`}`,
      'bbox',
    );
  return bbox;
}

// Private: the order of one sort field (`[+|-]field`); BAD_USER_INPUT naming sortby for any other, or several.
function orderOf(sortby: string[] | undefined): EditionOrder {
  if (sortby === undefined) return 'EDITION_DATE_DESC';
  const accepted = SORT_FIELDS.map((sort) => `${sort.direction === 'desc' ? '-' : ''}${sort.field}`).join(', ');
  if (sortby.length !== 1) throw new BadUserInputError(`sortby: expected one of ${accepted}, got ${sortby.length} fields`, 'sortby');
  const [spec] = sortby as [string];
  const direction = spec.startsWith('-') ? 'desc' : 'asc';
  const field = spec.replace(/^[+-]/, '');
  const found = SORT_FIELDS.find((sort) => sort.field === field && sort.direction === direction);
  if (!found) throw new BadUserInputError(`sortby: expected one of ${accepted}, got ${JSON.stringify(spec.slice(0, 80))}`, 'sortby');
  return found.order;
}

// Private: the POST form `[{field, direction}]` as `[+|-]field` strings.
function sortbyOfBody(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new BadUserInputError('sortby: expected an array of {field, direction}', 'sortby');
  return value.map((item: unknown) => {
    const sort = item as { field?: unknown; direction?: unknown } | null;
    if (
      typeof sort !== 'object' ||
      sort === null ||
      typeof sort.field !== 'string' ||
      (sort.direction !== undefined && sort.direction !== 'asc' && sort.direction !== 'desc')
    )
      throw new BadUserInputError('sortby: expected an array of {field, direction} with direction asc or desc', 'sortby');
    return `${sort.direction === 'desc' ? '-' : '+'}${sort.field}`;
  });
}

function jsonOf(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadUserInputError(`${name}: expected a GeoJSON geometry as JSON text`, name);
  }
}
