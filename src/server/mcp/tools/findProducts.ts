import { z } from 'zod';
import { defineTool } from '../ToolDefinition';
import { LIMIT } from '../argumentSchemas';
import { TOOL_OPERATIONS } from '../toolOperations';
import { dataOf } from '../ToolFailure';

/** Products found by words: `find_products`, as `Query.searchResources`. */
export const findProducts = defineTool({
  name: 'find_products',
  title: 'Find products',
  readsUpstream: false,
  description:
    'Products of the IGN Géoplateforme download service found by words (French or English names, themes, places: "bd topo", "orthophoto finistère"), best first. From the catalogue index: no upstream request.',
  input: z.strictObject({
    q: z.string().min(1).max(200).describe('Words, e.g. "orthophoto finistère" (at most 200 characters and 8 words).'),
    limit: LIMIT.optional().describe('How many products, 1 to 100 (default 20).'),
  }),
  output: z.object({
    totalCount: z.number().int(),
    products: z.array(z.object({ name: z.string(), title: z.string().nullable(), description: z.string().nullable() })),
    suggestions: z.array(z.unknown()).optional().describe('Closest product names when nothing matched.'),
  }),
  async call({ q, limit }, run) {
    const answer = await run(TOOL_OPERATIONS.FindProducts, { q, first: limit ?? null });
    const search = dataOf(answer)['searchResources'] as {
      totalCount: number;
      nodes: Array<{ name: string; title: string | null; description: string | null }>;
    };
    const suggestions = answer.extensions['suggestions'];
    const names = search.nodes.map((product) => product.name);
    return {
      structured: { totalCount: search.totalCount, products: search.nodes, ...(Array.isArray(suggestions) ? { suggestions } : {}) },
      summary:
        names.length > 0 ?
          `${search.totalCount} product(s) for "${q}": ${names.join(', ')}.`
        : `No product for "${q}"${Array.isArray(suggestions) && suggestions.length > 0 ? `; closest: ${JSON.stringify(suggestions)}` : ''}.`,
    };
  },
});
