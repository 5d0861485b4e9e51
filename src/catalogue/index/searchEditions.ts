import type { CatalogueStore, EditionFacetCounts, EditionKey, EditionOrder, EditionQuery, IndexedEdition, WordMatches } from '../store/CatalogueStore';
import { STORE_ONLY_ORDERS, type EditionReader } from '../store/EditionReader';
import { closestProducts, type ProductSuggestion } from '../words/closestProducts';
import type { WordQuery } from '../words/WordQuery';
import type { EditionSnapshot } from './EditionSnapshot';

/** How many products a search that matched nothing suggests. */
export const SUGGESTIONS = 5;

/** One `editions` question: the filter, the order, where the window starts and how long it is, what to count. */
export interface EditionSearch {
  filter: EditionQuery;
  order: EditionOrder;
  /** The cursor's position: the window starts strictly after it (before it, `backward`). */
  from: EditionKey | null;
  backward: boolean;
  limit: number;
  /** Count the matching editions. */
  totalCount: boolean;
  /** Count them per zone, format, CRS and year. */
  facets: boolean;
}

/** The answer to an `EditionSearch`, every part read at one state of the index. */
export interface EditionSearchAnswer {
  /** The window, in the order asked (a backward window too). */
  window: Array<{ edition: IndexedEdition; key: EditionKey }>;
  /** More matching editions lie beyond the window, in the direction it was read. */
  more: boolean;
  /** Matching editions lie on the other side of its start (before it, reading forward). */
  other: boolean;
  /** Null unless asked. */
  totalCount: number | null;
  /** Null unless asked. */
  facets: EditionFacetCounts | null;
  /** When the filter's words match no product and no zone at all: the products closest to them; else null. */
  suggestions: ProductSuggestion[] | null;
  /** Where the window and counts came from: the in-memory snapshot (at the store's revision) or the store. */
  answeredFrom: 'snapshot' | 'store';
}

/** Where a window and its counts are read: the snapshot or the store, both at the transaction's state. */
interface EditionSource {
  keys(order: EditionOrder, from: EditionKey | null, backward: boolean, limit: number): Promise<Array<{ key: EditionKey; edition?: IndexedEdition }>>;
  /** The count and facets asked (null for those not asked). */
  tally(count: boolean, facets: boolean): Promise<{ count: number | null; facets: EditionFacetCounts | null }>;
}

/**
 * Answers an `EditionSearch` in one read-only transaction of the store. The words are matched there (the
 * full-text index); then, when `snapshot` is of the revision the store holds in that transaction (and the
 * filter leaves withdrawn editions out), the window's positions, the count and the facets come from the
 * snapshot and only the window's rows from the store: the snapshot holds exactly the store's listed editions at
 * that revision, so the page, the count and the facets agree. Otherwise the store answers all of it, and
 * `onStale` is told (to refresh the snapshot).
 */
export async function searchEditions(
  store: CatalogueStore,
  snapshot: EditionSnapshot,
  search: EditionSearch,
  onStale: () => void,
): Promise<EditionSearchAnswer> {
  return store.readConsistently(async (reader) => {
    const { filter } = search;
    const words = filter.words ? await reader.wordMatches(filter.words.terms) : null;
    // The snapshot holds neither withdrawn editions, nor a name index, nor what some orders sort by: the store answers those.
    const storeOnly = filter.includeWithdrawn === true || filter.names !== undefined || STORE_ONLY_ORDERS.has(search.order);
    const current = !storeOnly && snapshot.revision === (await reader.revision());
    if (!current && !storeOnly) onStale();
    const source = current ? snapshotSource(snapshot, filter, words) : storeSource(reader, filter);
    const rows = await source.keys(search.order, search.from, search.backward, search.limit + 1);
    const more = rows.length > search.limit;
    const window = search.backward ? rows.slice(more ? 1 : 0) : rows.slice(0, search.limit);
    // The other side: any edition before the window's first (after its last, backward)?
    const edge = search.backward ? (window[window.length - 1]?.key ?? search.from) : (window[0]?.key ?? search.from);
    const other = edge ? (await source.keys(search.order, edge, !search.backward, 1)).length > 0 : false;
    const editions = await rowsOf(reader, window);
    const tally = await source.tally(search.totalCount, search.facets);
    return {
      window: editions,
      more,
      other,
      totalCount: tally.count,
      facets: tally.facets,
      suggestions:
        filter.words && words && matchesNothing(filter.words, words) ? closestProducts(filter.words, await reader.listedProducts(), SUGGESTIONS) : null,
      answeredFrom: current ? 'snapshot' : 'store',
    };
  });
}

/** True when no alternative of `query` can match: each has a word matching no product and no zone. */
export function matchesNothing(query: WordQuery, words: ReadonlyMap<string, WordMatches>): boolean {
  return query.alternatives.every((alternative) =>
    alternative.some((term) => {
      const found = words.get(term);
      return !found || (found.products.length === 0 && found.zones.length === 0);
    }),
  );
}

function snapshotSource(snapshot: EditionSnapshot, filter: EditionQuery, words: ReadonlyMap<string, WordMatches> | null): EditionSource {
  return {
    keys: (order, from, backward, limit) => Promise.resolve(snapshot.editions(filter, words, order, from, backward, limit)),
    tally: (count, facets) => {
      if (!count && !facets) return Promise.resolve({ count: null, facets: null });
      const tally = snapshot.tally(filter, words, facets);
      return Promise.resolve({ count: count ? tally.count : null, facets: tally.facets });
    },
  };
}

function storeSource(reader: EditionReader, filter: EditionQuery): EditionSource {
  return {
    keys: (order, from, backward, limit) => reader.editions(filter, order, from, backward, limit),
    tally: async (count, facets) => ({ count: count ? await reader.countEditions(filter) : null, facets: facets ? await reader.facets(filter) : null }),
  };
}

// Private: the rows of a window whose positions came from the snapshot (the store's come with theirs).
async function rowsOf(
  reader: EditionReader,
  window: ReadonlyArray<{ key: EditionKey; edition?: IndexedEdition }>,
): Promise<Array<{ edition: IndexedEdition; key: EditionKey }>> {
  const missing = window.filter((item) => item.edition === undefined);
  const fetched = await reader.editionsByKey(missing.map((item) => ({ product: item.key.product, name: item.key.name })));
  if (fetched.length !== missing.length) throw new Error('the store lacks editions its revision says it holds');
  let next = 0;
  return window.map((item) => ({ edition: item.edition ?? (fetched[next++] as IndexedEdition), key: item.key }));
}
