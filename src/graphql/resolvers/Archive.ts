import type { ArchiveContentsResolvers, ArchiveResolvers } from '../__generated__/resolvers-types';
import { ArchiveError } from '../../downloads/archives/ArchiveError';
import { manifestPlan } from '../../downloads/manifests/manifestPlan';
import { archiveContents } from './archiveContents';

/** An edition's archive: its table of contents (Range requests, reserved on the budget) and its own download plan. */
export const Archive: ArchiveResolvers = {
  contents: async (parent, _args, context) => {
    if (!parent.complete) {
      throw new ArchiveError(
        'INCOMPLETE',
        `Volumes ${parent.missingParts.join(', ')} of ${parent.name} are missing from the listing: its header cannot be located.`,
      );
    }
    return archiveContents(parent.parts, parent.name, context);
  },
  downloadPlan: (parent, { format }) => manifestPlan(parent.name, parent.parts, format),
};

/** A table of contents: every field but the count is in the model. */
export const ArchiveContents: ArchiveContentsResolvers = {
  entryCount: (parent) => parent.entries.length,
};
