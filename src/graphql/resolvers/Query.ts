import type { QueryResolvers } from '../__generated__/resolvers-types';
import { resolveConnection } from '../connections/resolveConnection';
import { resourceFilterParams } from '../inputs/filterParams';
import { catalogueFacets } from './facets';
import { validateName } from '../../upstream/format/validateName';
import { withdrawnEdition } from './catalogue';
import { lookupResource, lookupSubResource } from './lookups';
import { resourceFromEntry } from '../models/parents';
import { productSelection, selectedFieldsOnce } from './selectedFields';
import { zoneFilterCode } from '../../zones';

/** Root fields: the capabilities connection and look-ups by name. */
export const Query: QueryResolvers = {
  resources: (_root, { filter, ...args }, { loaders }) => resolveConnection(loaders.capabilities(resourceFilterParams(filter)), args, resourceFromEntry),

  resource: (_root, { name }, context, info) => lookupResource(validateName(name, 'name'), context, productSelection(info)),

  facets: async (_root, _args, { loaders }) => catalogueFacets(await loaders.allResources()),

  zone: (_root, { input }) => ({ code: zoneFilterCode(input, 'input') }),

  // An edition the upstream no longer knows still answers from the index, with `withdrawnAt` set.
  subResource: async (_root, { resourceName, name }, context, info) => {
    const [product, edition] = [validateName(resourceName, 'resourceName'), validateName(name, 'name')];
    return (await lookupSubResource(product, edition, context, selectedFieldsOnce(info, 'SubResource'))) ?? withdrawnEdition(product, edition, context);
  },
};
