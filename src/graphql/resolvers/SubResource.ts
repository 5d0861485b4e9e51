import type { SubResourceResolvers } from '../__generated__/resolvers-types';
import type { Context } from '../context';
import { resolveConnection } from '../connections/resolveConnection';
import { groupArchives, sumSizes } from '../../downloads/files/archives';
import { checksumReport, findCompanion, type ChecksumReportModel } from '../../downloads/files/checksums';
import { manifestPlan } from '../../downloads/manifests/manifestPlan';
import { validateName } from '../../upstream/format/validateName';
import type { SubResourceEntry } from '../../upstream/format/model';
import { assertListed, withdrawnEdition } from './catalogue';
import { lookupSubResource } from './lookups';
import type { SubResourceParent } from '../models/parents';
import { selectedFieldsOnce } from './selectedFields';
import { footprintOf } from './Zone';

/**
 * An edition. Its date, zone, format and CRS live in its entry of the product's feed: free when the edition
 * came from that listing, found by scanning it (pages shared by the whole request) when reached by name. Its
 * title is also the title of its own file feed.
 */
export const SubResource: SubResourceResolvers = {
  // Like `Query.subResource`: an edition the upstream no longer lists answers from the index, withdrawn.
  __resolveReference: async (reference, context, info) => {
    const [product, edition] = [validateName(reference.resourceName, 'resourceName'), validateName(reference.name, 'name')];
    return (await lookupSubResource(product, edition, context, selectedFieldsOnce(info, 'SubResource'))) ?? withdrawnEdition(product, edition, context);
  },

  resource: (parent) => ({ name: parent.resourceName, entry: null }),
  title: async (parent, _args, { loaders }) => parent.entry?.title ?? (await loaders.files(parent.resourceName, parent.name).loadPage(1)).title,
  // Synchronous when the entry is at hand (no promise per field of every edge), else found by name.
  updated: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.updated),
  editionDate: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.editionDate),
  zone: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.zone),
  format: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.format),
  crs: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.crs),
  // Its zone's footprint box (reference data), once the zone is known.
  bbox: (parent, _args, context) =>
    fromEntry(parent, context, (entry) => {
      const footprint = entry.zone ? footprintOf(entry.zone.code) : null;
      return footprint ? [...footprint.bbox] : null;
    }),
  atomUrl: (parent, _args, { upstream }) => upstream.listingUrl(['resource', parent.resourceName, parent.name]),

  // A withdrawn edition (from the index) has no files left upstream: EDITION_WITHDRAWN, not a bare null.
  totalSize: async (parent, _args, { loaders }) => sumSizes(await allFiles(parent, loaders)),
  archives: async (parent, _args, { loaders }) => groupArchives(await allFiles(parent, loaders)),
  downloadPlan: async (parent, { format }, { loaders }) => manifestPlan(parent.name, await allFiles(parent, loaders), format),
  // Read and parsed once per operation however many aliases or representations ask (`reportOnce`).
  checksums: (parent, _args, context) =>
    reportOnce(context, `${parent.resourceName}/${parent.name}`, async () => {
      const files = await allFiles(parent, context.loaders);
      const companion = findCompanion(files, parent.name);
      const text = companion ? await context.loaders.fileText(parent.resourceName, parent.name, companion.name) : null;
      return checksumReport(files, companion, text, context.archives.maxEntries);
    }),

  files: (parent, args, { loaders }) => {
    assertListed(parent);
    return resolveConnection(loaders.files(parent.resourceName, parent.name), args, (entry) => entry);
  },
};

// Private: per operation (its request log, which lives as long as it), the checksum reports under way or made.
const reports = new WeakMap<object, Map<string, Promise<ChecksumReportModel>>>();

// Private: the operation's report for `key`, made by `make` the first time it is asked.
function reportOnce(context: Context, key: string, make: () => Promise<ChecksumReportModel>): Promise<ChecksumReportModel> {
  let made = reports.get(context.upstreamRequests);
  if (!made) reports.set(context.upstreamRequests, (made = new Map<string, Promise<ChecksumReportModel>>()));
  const report = made.get(key) ?? make();
  made.set(key, report);
  return report;
}

function allFiles(parent: SubResourceParent, loaders: Context['loaders']) {
  assertListed(parent);
  return loaders.allFiles(parent.resourceName, parent.name);
}

// Private: a field of the edition's entry: at once when the edition came from a listing, else after finding it.
function fromEntry<T>(parent: SubResourceParent, context: Context, pick: (entry: SubResourceEntry) => T | null): T | null | Promise<T | null> {
  if (parent.entry) return pick(parent.entry);
  return editionEntry(parent, context).then((entry) => (entry ? pick(entry) : null));
}

function editionEntry(parent: SubResourceParent, { loaders }: Context): Promise<SubResourceEntry | null> {
  return parent.entry ? Promise.resolve(parent.entry) : loaders.findSubResource(parent.resourceName, parent.name);
}
