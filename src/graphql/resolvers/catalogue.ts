import type {
  EditionConnectionResolvers,
  EditionFilter,
  EditionOrder as GraphqlEditionOrder,
  QueryResolvers,
  ResourceResolvers,
  SubResourceResolvers,
} from '../__generated__/resolvers-types';
import { decodeChangeCursor, decodeEditionCursor, encodeChangeCursor, encodeEditionCursor } from '../../catalogue/index/editionCursor';
import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import { EditionWithdrawnError, IndexError } from '../../catalogue/index/IndexError';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../connections/connectionArgs';
import type { Context } from '../context';
import { BadUserInputError, ErrorCode } from '../../core/errors';
import { validateName } from '../../upstream/format/validateName';
import { editionsManifestPlan } from '../../downloads/manifests/editionsManifestPlan';
import type { EditionOrder, EditionQuery, IndexedEdition } from '../../catalogue/store/CatalogueStore';
import { parseWordQuery } from '../../catalogue/words/WordQuery';
import { selectedFields } from './selectedFields';
import { noteSuggestions } from './noteSuggestions';
import type { SubResourceParent } from '../models/parents';
import { changeQuery } from '../../catalogue/store/StoreChangeSource';
import { parseChangeFilter } from '../../catalogue/changes/ChangeFilter';
import { zoneCodesFor, zoneFilterCode } from '../../zones';
import { spatialEditionQuery } from '../inputs/spatialEditionQuery';
import { graphqlFilterField, type FilterFieldName } from '../inputs/filterFieldName';

/** The index, or INDEX_UNAVAILABLE when this server runs without it (`GEOPF_CATALOGUE=off`). */
export function indexOf(context: Context): CatalogueIndex {
  if (!context.catalogue) throw new IndexError(ErrorCode.INDEX_UNAVAILABLE, 'The catalogue index is turned off on this server (GEOPF_CATALOGUE=off).');
  return context.catalogue;
}

/** A `SubResource` parent for an indexed edition: its entry at hand, its index dates too. */
export function subResourceFromIndex(edition: IndexedEdition): SubResourceParent {
  const { product, name, title, updated, editionDate, zone, format, crs } = edition;
  return { resourceName: product, name, entry: { resourceName: product, name, title, updated, editionDate, zone, format, crs }, indexed: edition };
}

/** Root fields answered from the index. */
export const catalogueQuery: Pick<QueryResolvers, 'editions' | 'changes' | 'catalogue' | 'editionFacets'> = {
  editions: async (_root, { filter, orderBy, first, after, last, before }, context, info) => {
    const query = await spatialEditionQuery(editionQuery(filter ?? {}), filter ?? {});
    const order = toOrder(orderBy ?? 'EDITION_DATE_DESC');
    const identity = JSON.stringify([order, query]);
    const firstSize = size(first, 'first');
    const lastSize = size(last, 'last');
    if (firstSize !== null && lastSize !== null) throw new BadUserInputError('first, last: expected one of them, got both', 'last');
    const backward = lastSize !== null;
    const limit = backward ? lastSize : (firstSize ?? DEFAULT_PAGE_SIZE);
    const afterKey = after == null ? null : decodeEditionCursor(after, identity, 'after');
    const beforeKey = before == null ? null : decodeEditionCursor(before, identity, 'before');
    if (backward ? afterKey !== null : beforeKey !== null)
      throw new BadUserInputError(backward ? 'after: expected with first, not last' : 'before: expected with last, not first', backward ? 'after' : 'before');
    const selected = selectedFields(info, 'EditionConnection');
    const answer = await indexOf(context).searchEditions({
      filter: query,
      order,
      from: backward ? beforeKey : afterKey,
      backward,
      limit,
      totalCount: selected.has('totalCount'),
      facets: selected.has('facets'),
    });
    if (answer.suggestions) noteSuggestions(context, info, 'filter.q', filter?.q ?? '', answer.suggestions);
    const edges = answer.window.map((item) => ({ cursor: encodeEditionCursor(identity, item.key), node: subResourceFromIndex(item.edition) }));
    return {
      edges,
      nodes: edges.map((item) => item.node),
      pageInfo: {
        hasNextPage: backward ? answer.other : answer.more,
        hasPreviousPage: backward ? answer.more : answer.other,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount: answer.totalCount,
      facets: answer.facets,
    };
  },

  changes: async (_root, { filter, first, after }, context) => {
    const limit = size(first, 'first') ?? DEFAULT_PAGE_SIZE;
    const from = after == null ? 0 : decodeChangeCursor(after, 'after');
    const query = changeQuery(parseChangeFilter(filter));
    return indexOf(context).read(async (store) => {
      const events = await store.changes(from, limit + 1, query);
      const edges = events.slice(0, limit).map((event) => ({ cursor: encodeChangeCursor(Number(event.seq)), node: event }));
      return {
        edges,
        nodes: edges.map((edge) => edge.node),
        // A client resumes from `endCursor`; with no new event it keeps the cursor it had.
        pageInfo: {
          hasNextPage: events.length > limit,
          hasPreviousPage: from > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? after ?? null,
        },
      };
    });
  },

  catalogue: (_root, _args, context) => indexOf(context).status(),

  editionFacets: async (_root, { resourceName }, context) => {
    const product = resourceName == null ? null : validateName(resourceName, 'resourceName');
    const answer = await indexOf(context).searchEditions({
      filter: product === null ? {} : { products: [product] },
      order: 'EDITION_DATE_DESC',
      from: null,
      backward: false,
      limit: 0,
      totalCount: false,
      facets: true,
    });
    return answer.facets;
  },
};

/** `Resource.edition`: a millésime, from the index. */
export const catalogueResource: Pick<ResourceResolvers, 'edition'> = {
  edition: async (parent, { year, zone, format, crs }, context) => {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new BadUserInputError(`year: expected a four-digit year, got ${year}`, 'year');
    const filter: EditionQuery = {
      ...(zone == null ? {} : { zones: [zoneFilterCode(zone, 'zone')] }),
      ...(format == null ? {} : { formats: [format] }),
      ...(crs == null ? {} : { crs: [crs] }),
    };
    const found = await indexOf(context).read((store) => store.newestOfYear(parent.name, year, filter));
    return found ? subResourceFromIndex(found) : null;
  },
};

/**
 * `EditionConnection.downloadPlan`: every file of the window's editions, each listing read through the loaders
 * (rate gate, page cache, budget). A withdrawn edition refuses the whole plan before any request; the first
 * listing that fails fails it with its typed error: never a plan missing an edition.
 */
export const catalogueEditionConnection: Pick<EditionConnectionResolvers, 'downloadPlan' | 'totalCount' | 'facets'> = {
  // Read with the window when selected (see `Query.editions`); null only if the selection was misread.
  totalCount: (parent) => parent.totalCount ?? unread('totalCount'),
  facets: (parent) => parent.facets ?? unread('facets'),
  downloadPlan: async (parent, { format }, { loaders }) => {
    parent.nodes.forEach(assertListed);
    const editions = await Promise.all(parent.nodes.map(async (node) => ({ name: node.name, files: await loaders.allFiles(node.resourceName, node.name) })));
    return editionsManifestPlan(editions, format);
  },
};

/** `SubResource.firstSeenAt` / `withdrawnAt`: from the edition's index row. */
export const catalogueSubResource: Pick<SubResourceResolvers, 'firstSeenAt' | 'withdrawnAt'> = {
  firstSeenAt: async (parent, _args, context) => (await indexedEdition(parent, context))?.firstSeenAt ?? null,
  withdrawnAt: async (parent, _args, context) => (await indexedEdition(parent, context))?.withdrawnAt ?? null,
};

function indexedEdition(parent: SubResourceParent, context: Context): Promise<IndexedEdition | null> {
  if (parent.indexed) return Promise.resolve(parent.indexed);
  return indexOf(context).read((store) => store.edition(parent.resourceName, parent.name));
}

/**
 * The GraphQL filter as a store query: zones as the upstream codes (a région with its départements);
 * BAD_USER_INPUT names a bad value's field as `nameOf` spells it (`filter.zones` by default).
 */
export function editionQuery(filter: EditionFilter, nameOf: FilterFieldName = graphqlFilterField): EditionQuery {
  for (const [name, values] of Object.entries({
    resources: filter.resources,
    resourceNames: filter.resourceNames,
    zones: filter.zones,
    formats: filter.formats,
    crs: filter.crs,
  }))
    bounded(values, nameOf(name));
  if (filter.resources && filter.resourceNames) {
    throw new BadUserInputError(
      `${nameOf('resources')} and ${nameOf('resourceNames')}: give one of them (resourceNames is the deprecated name of resources)`,
      nameOf('resourceNames'),
    );
  }
  const [productsField, products] = filter.resourceNames ? [nameOf('resourceNames'), filter.resourceNames] : [nameOf('resources'), filter.resources];
  const zones = filter.zones?.flatMap((zone) => [zoneFilterCode(zone, nameOf('zones')), ...zoneCodesFor(zone, nameOf('zones'))]);
  return {
    ...(products ? { products: products.map((name) => validateName(name, productsField)) } : {}),
    ...(zones ? { zones: [...new Set(zones)] } : {}),
    ...(filter.formats ? { formats: filter.formats } : {}),
    ...(filter.crs ? { crs: filter.crs } : {}),
    ...(filter.editionDateFrom ? { editionDateFrom: filter.editionDateFrom } : {}),
    ...(filter.editionDateTo ? { editionDateTo: filter.editionDateTo } : {}),
    ...(filter.includeWithdrawn ? { includeWithdrawn: true } : {}),
    ...(filter.q == null ? {} : { words: parseWordQuery(filter.q, nameOf('q')) }),
  };
}

/** Values a filter list may hold. */
const MAX_FILTER_VALUES = 100;

function bounded<T>(values: readonly T[] | null | undefined, name: string): readonly T[] | null | undefined {
  if (values && values.length > MAX_FILTER_VALUES)
    throw new BadUserInputError(`${name}: expected at most ${MAX_FILTER_VALUES} values, got ${values.length}`, name);
  return values;
}

function toOrder(order: GraphqlEditionOrder): EditionOrder {
  return order === 'NAME' ? 'NAME_ASC' : order;
}

/** A page size argument (`first`, `last`): null when not given; BAD_USER_INPUT outside 0 to `MAX_PAGE_SIZE`. */
export function size(value: number | null | undefined, name: string): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE)
    throw new BadUserInputError(`${name}: expected an integer from 0 to ${MAX_PAGE_SIZE}, got ${value}`, name);
  return value;
}

/**
 * An edition the upstream no longer knows, as the index remembers it (withdrawn), or null. Never fails: a live
 * field stays live when the index is not ready or cannot be reached (then it is null, as before).
 */
export async function withdrawnEdition(resourceName: string, name: string, context: Context): Promise<SubResourceParent | null> {
  if (!context.catalogue) return null;
  try {
    const found = await context.catalogue.read((store) => store.edition(resourceName, name));
    return found && found.withdrawnAt !== null ? subResourceFromIndex(found) : null;
  } catch {
    return null;
  }
}

/** Throws EDITION_WITHDRAWN for an edition the index knows as withdrawn: its files are gone upstream. */
export function assertListed(parent: SubResourceParent): void {
  if (parent.indexed?.withdrawnAt) throw new EditionWithdrawnError(parent.resourceName, parent.name, parent.indexed.withdrawnAt);
}

// Private: a connection field the resolver did not read (its selection was misread): an internal error, never a wrong value.
function unread(field: string): never {
  throw new Error(`EditionConnection.${field} was not read with its window`);
}
