import { levenshtein } from '../../zones';
import { foldWords } from './foldWords';
import type { WordQuery } from './WordQuery';

/** A product a search suggests: its name and title. */
export interface ProductSuggestion {
  name: string;
  title: string | null;
}

// Private: queries longer than this (words run together) get no suggestion, which bounds the edit-distance work.
const MAX_KEY_LENGTH = 64;

/**
 * Up to `count` products whose name or title, words run together (`bdtopo`, `bdortho`), lie closest to the
 * query's words run together, for a search that matched nothing: edit distance, then name (code-unit order).
 * Products further than a third of the query's length (at least 1) are left out, so gibberish gets none.
 */
export function closestProducts(query: WordQuery, products: readonly ProductSuggestion[], count: number): ProductSuggestion[] {
  const key = query.words.join('');
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return [];
  const maxDistance = Math.max(1, Math.ceil(key.length / 3));
  return products
    .map((product) => ({
      product,
      distance: Math.min(...[product.name, product.title ?? ''].map((text) => levenshtein(key, foldWords(text).join('').slice(0, MAX_KEY_LENGTH)))),
    }))
    .filter((candidate) => candidate.distance <= maxDistance)
    .sort(
      (a, b) =>
        a.distance - b.distance ||
        (a.product.name < b.product.name ? -1
        : a.product.name > b.product.name ? 1
        : 0),
    )
    .slice(0, count)
    .map((candidate) => candidate.product);
}
