import type { FileResolvers } from '../__generated__/resolvers-types';
import { ArchiveReader } from '../../downloads/archives/ArchiveReader';
import { fileRole } from '../../downloads/files/fileRole';
import { validateName } from '../../upstream/format/validateName';
import { lookupFile } from './lookups';
import { archiveContents } from './archiveContents';

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
  // A volume alone has no table of contents: its archive's is on `Archive.contents`.
  contents: (parent, _args, context) =>
    parent.isArchiveVolume || /\.\d{3}$/.test(parent.name) || ArchiveReader.formatOf(parent.name) === null ?
      null
    : archiveContents([parent], parent.name, context),
};
