import type { ArchiveContentsResolvers, ArchiveResolvers } from '../__generated__/resolvers-types';
import { ArchiveError } from '../../downloads/archives/ArchiveError';
import { manifestPlan } from '../../downloads/manifests/manifestPlan';
import { archiveContents } from './archiveContents';
import { listAnswerBytes } from '../AnswerBudget';

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

// Private: JSON bytes an entry takes besides its path (every field asked: sizes, CRC, time, flags).
const ENTRY_BYTES = 140;
// Private: each table of contents' answer size, computed once (aliases answer the same model).
const answerBytes = new WeakMap<object, number>();

/**
 * A table of contents: every field but the count is in the model. Its entries count against the operation's
 * answer budget each time they are answered (`AnswerBudget`): 30 aliases of one table are 30 answers.
 */
export const ArchiveContents: ArchiveContentsResolvers = {
  entryCount: (parent) => parent.entries.length,
  entries: (parent, _args, { answers }) => {
    let bytes = answerBytes.get(parent.entries);
    if (bytes === undefined) {
      bytes = listAnswerBytes(
        parent.entries.map((entry) => entry.path),
        ENTRY_BYTES,
      );
      answerBytes.set(parent.entries, bytes);
    }
    answers.spend(bytes, `the ${parent.entries.length} entries of this table of contents`);
    return parent.entries;
  },
};
