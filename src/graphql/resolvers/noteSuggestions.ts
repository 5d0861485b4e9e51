import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { ProductSuggestion } from '../../catalogue/words/closestProducts';
import type { Context } from '../context';

/**
 * Notes, for the response's `extensions.suggestions`, the products closest to words the field's search found
 * nowhere; nothing when none is close.
 */
export function noteSuggestions(
  context: Context,
  info: Pick<GraphQLResolveInfo, 'path'>,
  argumentName: string,
  input: string,
  resources: readonly ProductSuggestion[],
): void {
  if (resources.length > 0) context.suggestions?.push({ path: responsePathAsArray(info.path), argumentName, input, resources });
}
