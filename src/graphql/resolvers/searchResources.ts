import type { QueryResolvers } from '../__generated__/resolvers-types';
import { decodeProductSearchCursor, encodeProductSearchCursor } from '../../catalogue/index/editionCursor';
import { parseWordQuery, wordQueryKey } from '../../catalogue/words/WordQuery';
import { DEFAULT_PAGE_SIZE } from '../connections/connectionArgs';
import { resourceFromEntry, type ResourceParent } from '../models/parents';
import { indexOf, size } from './catalogue';
import { noteSuggestions } from './noteSuggestions';

/**
 * `Query.searchResources`: the products the words find in the index, best first, as a `ResourceConnection`.
 * Each product comes with its capabilities entry as the index last read it (its fields answer at once); one the
 * index holds no entry of yet is reached by name, as a look-up would.
 */
export const searchResourcesQuery: Pick<QueryResolvers, 'searchResources'> = {
  searchResources: async (_root, { q, first, after }, context, info) => {
    const query = parseWordQuery(q, 'q');
    const limit = size(first, 'first') ?? DEFAULT_PAGE_SIZE;
    const identity = wordQueryKey(query);
    const from = after == null ? null : decodeProductSearchCursor(after, identity, 'after');
    const answer = await indexOf(context).searchProducts(query, from, limit);
    if (answer.suggestions) noteSuggestions(context, info, 'q', q, answer.suggestions);
    const edges = answer.window.map((found) => ({
      cursor: encodeProductSearchCursor(identity, found.key),
      node: found.entry ? resourceFromEntry(found.entry) : ({ name: found.key.name, entry: null } satisfies ResourceParent),
    }));
    const pageInfo = {
      hasNextPage: answer.more,
      hasPreviousPage: answer.before > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    };
    return { totalCount: () => Promise.resolve(answer.totalCount), pageInfo: () => Promise.resolve(pageInfo), edges: () => Promise.resolve(edges) };
  },
};
