import type { ArchiveContentsResolvers, ArchiveResolvers } from '../__generated__/resolvers-types';
import { ArchiveError } from '../../downloads/archives/ArchiveError';
import { manifestPlan } from '../../downloads/manifests/manifestPlan';

/** An edition's archive: its table of contents (Range requests) and its own download plan. */
export const Archive: ArchiveResolvers = {
  contents: async (parent, _args, { archives, scope }) => {
    if (!parent.complete) {
      throw new ArchiveError(
        'INCOMPLETE',
        `Volumes ${parent.missingParts.join(', ')} of ${parent.name} are missing from the listing: its header cannot be located.`,
      );
    }
    return archives.contents(parent.parts, scope);
  },
  downloadPlan: (parent, { format }) => manifestPlan(parent.name, parent.parts, format),
};

/** A table of contents: every field but the count is in the model. */
export const ArchiveContents: ArchiveContentsResolvers = {
  entryCount: (parent) => parent.entries.length,
};
