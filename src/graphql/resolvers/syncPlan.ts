import { GraphQLError } from 'graphql';
import type { QueryResolvers, SyncPlanResolvers } from '../__generated__/resolvers-types';
import { decodeChangeCursor, encodeChangeCursor } from '../../catalogue/index/editionCursor';
import { planSync } from '../../catalogue/index/planSync';
import { BadUserInputError, ErrorCode } from '../../core/errors';
import { editionsManifestPlan } from '../../downloads/manifests/editionsManifestPlan';
import { spatialEditionQuery } from '../inputs/spatialEditionQuery';
import { editionQuery, indexOf, subResourceFromIndex } from './catalogue';
import { SYNC_PLAN_MAX_DOWNLOADS, syncPlanReadsUpstream } from './syncPlanBound';

/** Editions of one series a copy may keep. */
export const MAX_KEEP = 20;
/**
 * Editions one plan reads from the index at most (listed ones, and withdrawn ones since `after`, each): the
 * largest products hold about 4,000; a wider filter is refused rather than read whole into memory.
 */
export const MAX_PLANNED_EDITIONS = 25_000;

/**
 * `Query.syncPlan`: what a copy holding the plan of `after` downloads and deletes (`planSync`), read from the
 * index at one position, which becomes `endCursor`. A plan whose files are asked for more editions than
 * `SYNC_PLAN_MAX_DOWNLOADS` is refused before any upstream request (QUERY_TOO_EXPENSIVE).
 */
export const syncPlanQuery: Pick<QueryResolvers, 'syncPlan'> = {
  syncPlan: async (_root, { filter, after, keep }, context, info) => {
    if (filter.includeWithdrawn)
      throw new BadUserInputError(
        'filter.includeWithdrawn: expected false or absent (a copy keeps listed editions; withdrawn ones are in `remove`), got true',
        'filter.includeWithdrawn',
      );
    const query = await spatialEditionQuery(editionQuery(filter), filter);
    const kept = keep ?? 1;
    if (!Number.isInteger(kept) || kept < 1 || kept > MAX_KEEP)
      throw new BadUserInputError(`keep: expected an integer from 1 to ${MAX_KEEP}, got ${kept}`, 'keep');
    const afterSeq = after == null ? null : decodeChangeCursor(after, 'after');
    const view = await indexOf(context).read((store) => store.syncPlanView(query, afterSeq, MAX_PLANNED_EDITIONS));
    if (view.editions.length > MAX_PLANNED_EDITIONS) {
      throw new BadUserInputError(
        `filter: expected at most ${MAX_PLANNED_EDITIONS.toLocaleString('en')} matching editions for a plan, got more: narrow it (resources, zones, formats, crs, edition dates)`,
        'filter',
      );
    }
    if (afterSeq !== null && afterSeq > view.lastSeq) {
      throw new BadUserInputError(
        `after: expected a position of this index's change log (at most ${view.lastSeq}), got ${afterSeq}: the index was built again since; ask without \`after\` and compare with what the copy holds`,
        'after',
      );
    }
    const plan = planSync(view, afterSeq, kept);
    if (plan.download.length > SYNC_PLAN_MAX_DOWNLOADS && syncPlanReadsUpstream(info)) throw tooManyDownloads(plan.download.length);
    return {
      download: plan.download.map(subResourceFromIndex),
      remove: plan.remove.map(({ edition, reason }) => ({
        resourceName: edition.product,
        name: edition.name,
        editionDate: edition.editionDate,
        reason,
        withdrawnAt: edition.withdrawnAt,
      })),
      endCursor: encodeChangeCursor(view.lastSeq),
    };
  },
};

/** `SyncPlan`: the plan of every file to download, read through the loaders (rate gate, page cache, budget). */
export const SyncPlan: SyncPlanResolvers = {
  downloadPlan: async (parent, { format }, { loaders }) => {
    const editions = await Promise.all(parent.download.map(async (node) => ({ name: node.name, files: await loaders.allFiles(node.resourceName, node.name) })));
    return editionsManifestPlan(editions, format);
  },
  upToDate: (parent) => parent.download.length === 0 && parent.remove.length === 0,
};

// Private: QUERY_TOO_EXPENSIVE for a plan whose file listings the estimate did not charge.
function tooManyDownloads(downloads: number): GraphQLError {
  return new GraphQLError(
    `This plan downloads ${downloads} editions; one plan reads the files of at most ${SYNC_PLAN_MAX_DOWNLOADS} (charged to the operation's budget before it runs). ` +
      'Narrow the filter (resources, zones, formats, crs, edition dates), lower `keep`, or ask for `download { name }` alone to list them all.',
    { extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE, limit: 'syncPlanDownloads', downloads, maxDownloads: SYNC_PLAN_MAX_DOWNLOADS } },
  );
}
