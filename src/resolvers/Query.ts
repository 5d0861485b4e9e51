import type { QueryResolvers } from '../__generated__/resolvers-types';
import { resolveConnection } from '../connections/resolveConnection';
import { resourceFilterParams } from '../inputs/filterParams';
import { validateName } from '../inputs/validateName';
import { lookupResource, lookupSubResource } from './lookups';
import { resourceFromEntry } from './parents';
import { selectedFields } from './selectedFields';

/** Root fields: the capabilities connection and look-ups by name. */
export const Query: QueryResolvers = {
  resources: (_root, { filter, ...args }, { loaders }) =>
    resolveConnection(loaders.capabilities(resourceFilterParams(filter)), args, resourceFromEntry),

  resource: (_root, { name }, context, info) => lookupResource(validateName(name, 'name'), context, selectedFields(info, 'Resource')),

  subResource: (_root, { resourceName, name }, context, info) =>
    lookupSubResource(validateName(resourceName, 'resourceName'), validateName(name, 'name'), context, selectedFields(info, 'SubResource')),
};
