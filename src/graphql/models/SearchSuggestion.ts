import type { ProductSuggestion } from '../../catalogue/words/closestProducts';

/**
 * Products suggested for the words of a search that matched nothing, as the response's `extensions.suggestions`
 * lists them: which field and argument, what was written, and the closest products (name and title).
 */
export interface SearchSuggestion {
  path: ReadonlyArray<string | number>;
  argumentName: string;
  input: string;
  resources: readonly ProductSuggestion[];
}
