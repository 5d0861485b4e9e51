import type { RunOperation } from './OperationAnswer';
import { TOOL_OPERATIONS } from './toolOperations';
import { dataOf, ToolFailure } from './ToolFailure';

/**
 * The failure to answer when `product` (or one of its editions) is unknown: `error` with the product names a word
 * search finds for `product` as `candidates` (or the closest names the search suggests), from the index. An index
 * that cannot answer leaves the candidates out; the failure stays the one GraphQL gave.
 */
export async function withProductCandidates(error: ToolFailure, product: string, run: RunOperation): Promise<ToolFailure> {
  if (error.details.code !== 'UPSTREAM_NOT_FOUND' || error.details.candidates !== undefined) return error;
  const answer = await run(TOOL_OPERATIONS.FindProducts, { q: product.replace(/[_-]+/g, ' ').slice(0, 200), first: 5 });
  if (answer.errors.length > 0) return error;
  const search = answer.data?.['searchResources'] as { nodes: Array<{ name: string } | null> } | null | undefined;
  const found = (search?.nodes ?? []).flatMap((node) => (node ? [node.name] : [])).filter((name) => name !== product);
  const suggested = answer.extensions['suggestions'];
  // Suggestions are `{ resources: [{ name, title }] }` per search that matched nothing.
  const closest =
    Array.isArray(suggested) ?
      suggested.flatMap((suggestion: { resources?: Array<{ name: string }> }) => (suggestion.resources ?? []).map((resource) => resource.name))
    : [];
  const candidates = found.length > 0 ? found : closest;
  return new ToolFailure({ ...error.details, candidates });
}

/** A failure for a product or edition GraphQL answers null for: `UPSTREAM_NOT_FOUND`, naming the parameter. */
export function notFound(parameter: 'product' | 'edition', message: string): ToolFailure {
  return new ToolFailure({ code: 'UPSTREAM_NOT_FOUND', message, parameter });
}

/** Runs `query` and gives its data; an unknown product's failure gets the product names closest to `product`. */
export async function dataWithCandidates(run: RunOperation, query: string, variables: Record<string, unknown>, product: string) {
  try {
    return dataOf(await run(query, variables));
  } catch (error) {
    if (error instanceof ToolFailure) throw await withProductCandidates(error, product, run);
    throw error;
  }
}
