import type { ResourceEntry } from '../../upstream/format/model';
import type { CatalogueStore } from '../store/CatalogueStore';
import { compareCodeUnits } from '../store/EditionReader';
import { closestProducts, type ProductSuggestion } from '../words/closestProducts';
import type { WordQuery } from '../words/WordQuery';
import { SUGGESTIONS } from './searchEditions';

/** A position in a product search: the rank, then the name (the order's unique tie-break). */
export interface ProductSearchKey {
  rank: number;
  name: string;
}

/** A product a search found: its rank, and what the index holds of it. */
export interface FoundProduct {
  key: ProductSearchKey;
  title: string | null;
  /** Its capabilities entry as last read; null when the store has none yet. */
  entry: ResourceEntry | null;
}

/** A window of a product search, read at one state of the index. */
export interface ProductSearchAnswer {
  window: FoundProduct[];
  /** Products after the window. */
  more: boolean;
  /** Products before it (those at or before the cursor). */
  before: number;
  /** Every product the words find. */
  totalCount: number;
  /** When nothing matched: the products closest to the words; else null. */
  suggestions: ProductSuggestion[] | null;
}

/**
 * The listed products `query` finds, best first (rank, see `RANK_FIELDS`; then name, code-unit order): up to
 * `limit` after `from`, in one read-only transaction. Every match is ranked (a few thousand products at most),
 * so the window is exact.
 */
export async function searchProducts(store: CatalogueStore, query: WordQuery, from: ProductSearchKey | null, limit: number): Promise<ProductSearchAnswer> {
  return store.readConsistently(async (reader) => {
    const ranked = (await reader.rankProducts(query)).sort((a, b) => a.rank - b.rank || compareCodeUnits(a.name, b.name));
    const start =
      from === null ? 0 : (
        ranked.findIndex((product) => product.rank > from.rank || (product.rank === from.rank && compareCodeUnits(product.name, from.name) > 0))
      );
    const before = start < 0 ? ranked.length : start;
    const after = ranked.slice(before);
    const page = after.slice(0, limit);
    const rows = new Map((await reader.productEntries(page.map((product) => product.name))).map((row) => [row.name, row]));
    return {
      window: page.map((product) => {
        const row = rows.get(product.name);
        return {
          key: { rank: product.rank, name: product.name },
          title: row?.title ?? null,
          entry: row?.entry ? (JSON.parse(row.entry) as ResourceEntry) : null,
        };
      }),
      more: after.length > page.length,
      before,
      totalCount: ranked.length,
      suggestions: ranked.length === 0 ? closestProducts(query, await reader.listedProducts(), SUGGESTIONS) : null,
    };
  });
}
