import type { FileResolvers } from '../__generated__/resolvers-types';
import { fileRole } from '../files/fileRole';
import { validateName } from '../inputs/validateName';
import { lookupFile } from './lookups';

/** A downloadable file: every field comes from its entry in the edition's feed. */
export const File: FileResolvers = {
  __resolveReference: async (reference, context) =>
    lookupFile(
      validateName(reference.resourceName, 'resourceName'),
      validateName(reference.subResourceName, 'subResourceName'),
      validateName(reference.name, 'name'),
      context,
    ),

  role: (parent) => fileRole(parent),
  subResource: (parent) => ({ resourceName: parent.resourceName, name: parent.subResourceName, entry: null }),
};
