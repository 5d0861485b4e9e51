import type { QueryResolvers } from '../__generated__/resolvers-types';
import { resolveConnection } from '../connections/resolveConnection';
import { resourceFilterParams } from '../inputs/filterParams';
import { zoneFilterCode } from '../inputs/zoneFilterCode';
import { catalogueFacets } from './facets';
import { validateName } from '../inputs/validateName';
import { lookupResource, lookupSubResource } from './lookups';
import { resourceFromEntry } from './parents';
import { productSelection, selectedFields } from './selectedFields';

/** Root fields: the capabilities connection and look-ups by name. */
export const Query: QueryResolvers = {
  resources: (_root, { filter, ...args }, { loaders }) =>
    resolveConnection(loaders.capabilities(resourceFilterParams(filter)), args, resourceFromEntry),

  resource: (_root, { name }, context, info) => lookupResource(validateName(name, 'name'), context, productSelection(info)),

  facets: async (_root, _args, { loaders }) => catalogueFacets(await loaders.allResources()),

  zone: (_root, { input }) => ({ code: zoneFilterCode(input, 'input') }),

  subResource: (_root, { resourceName, name }, context, info) =>
    lookupSubResource(validateName(resourceName, 'resourceName'), validateName(name, 'name'), context, selectedFields(info, 'SubResource')),
};
