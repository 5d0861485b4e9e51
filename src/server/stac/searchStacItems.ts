import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import { decodeEditionCursor, encodeEditionCursor } from '../../catalogue/index/editionCursor';
import type { EditionQuery } from '../../catalogue/store/CatalogueStore';
import { parseWordQuery, type WordQuery } from '../../catalogue/words/WordQuery';
import type { EditionFilter } from '../../graphql/__generated__/resolvers-types';
import { spatialEditionQuery } from '../../graphql/inputs/spatialEditionQuery';
import { validateName } from '../../upstream/format/validateName';
import { editionLineages } from './editionLineages';
import { parseStacDatetime } from './stacDatetime';
import { stacItem, type StacLink } from './stacItem';
import { stacJsonLength } from './stacJson';
import type { StacSearchRequest } from './StacSearchRequest';
import { STAC_VERSION } from './stacConformance';
import type { StacUrls } from './StacUrls';

/**
 * Most characters of items one page writes (about 8 MB): a page of national editions carries France's outline in
 * each item (157 kB), so 250 of them would be 39 MB built for one request. Past it, the page ends early (always
 * with one item at least) and its `next` link resumes after its last item: STAC's `limit` is a most, not a promise.
 */
export const STAC_PAGE_MAX_CHARS = 8 * 1024 * 1024;

/** What a page of items links to besides its items: its own URL, and how to ask for the next page. */
export interface PageLinks {
  self: StacLink;
  /** The `next` link for a page starting after `token`. */
  next(token: string): StacLink;
  /** Links every page carries (root, the collection of an items page…). */
  others: readonly StacLink[];
}

/**
 * Answers a STAC search from the index alone (0 upstream requests): `collections` are the products, `ids` the
 * edition names, `datetime` the edition dates, `bbox`/`intersects` the zones whose footprint meets them (the
 * `editions` place filters), `q` the words filter (any of its comma-separated terms). Items carry their version links, without assets. A page ends with a `next`
 * link holding a keyset token (`encodeEditionCursor`) when more items follow: a position, never an offset, so
 * no item is skipped or repeated while a sync adds editions between pages. A page ends early past `maxChars` of
 * items (`STAC_PAGE_MAX_CHARS`). BAD_USER_INPUT names a bad parameter.
 */
export async function searchStacItems(
  index: CatalogueIndex,
  search: StacSearchRequest,
  urls: StacUrls,
  links: PageLinks,
  maxChars = STAC_PAGE_MAX_CHARS,
): Promise<Record<string, unknown>> {
  const query = await stacEditionQuery(search);
  const identity = JSON.stringify(['stac', search.order, query]);
  const from = search.token === undefined ? null : decodeEditionCursor(search.token, identity, 'token');
  const answer = await index.searchEditions({
    filter: query,
    order: search.order,
    from,
    backward: false,
    limit: search.limit,
    totalCount: false,
    facets: false,
  });
  const lineages = await editionLineages(
    index,
    answer.window.map((item) => item.edition),
  );
  const features: Array<Record<string, unknown>> = [];
  let chars = 0;
  for (const item of answer.window) {
    const feature = stacItem(item.edition, urls, null, lineages.get(item.edition.name) ?? null);
    chars += stacJsonLength(feature);
    if (features.length > 0 && chars > maxChars) break;
    features.push(feature);
  }
  const cut = features.length < answer.window.length;
  const last = answer.window[features.length - 1];
  return {
    type: 'FeatureCollection',
    stac_version: STAC_VERSION,
    features,
    numberReturned: features.length,
    links: [links.self, ...links.others, ...((answer.more || cut) && last ? [links.next(encodeEditionCursor(identity, last.key))] : [])],
  };
}

/** The index query of a search (see `searchStacItems`); BAD_USER_INPUT naming the parameter. */
export async function stacEditionQuery(search: StacSearchRequest): Promise<EditionQuery> {
  const dates = search.datetime === undefined ? {} : parseStacDatetime(search.datetime);
  const query: EditionQuery = {
    ...(search.collections ? { products: search.collections.map((name) => validateName(name, 'collections')) } : {}),
    ...(search.ids ? { names: search.ids.map((name) => validateName(name, 'ids')) } : {}),
    ...(dates.from !== undefined ? { editionDateFrom: dates.from } : {}),
    ...(dates.to !== undefined ? { editionDateTo: dates.to } : {}),
    ...(search.q ? { words: anyOf(search.q.map((term) => parseWordQuery(term, 'q'))) } : {}),
  };
  const spatial: EditionFilter = {
    ...(search.bbox ? { bbox: search.bbox } : {}),
    ...(search.intersects !== undefined ? { intersects: search.intersects } : {}),
  };
  return spatialEditionQuery(query, spatial, (field) => field);
}

// Private: a word query matching what any of `queries` matches (their alternatives together).
function anyOf(queries: readonly WordQuery[]): WordQuery {
  const [first] = queries as [WordQuery];
  return {
    words: first.words,
    alternatives: queries.flatMap((query) => query.alternatives),
    terms: [...new Set(queries.flatMap((query) => query.terms))],
  };
}
