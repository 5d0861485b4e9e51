import type { ResourceResolvers } from '../__generated__/resolvers-types';
import type { Context } from '../context';
import { resolveConnection } from '../connections/resolveConnection';
import { findLatestEdition, findNewestPerZone } from '../../upstream/editions/findEditions';
import { subResourceFilterParams } from '../inputs/filterParams';
import { validateName } from '../../upstream/format/validateName';
import type { ResourceEntry } from '../../upstream/format/model';
import { lookupResource } from './lookups';
import { subResourceFromEntry, type ResourceParent } from '../models/parents';
import { productSelection } from './selectedFields';
import { preparePlaces, zoneCodesFor } from '../../zones';
import { latestEditionZones } from '../inputs/latestEditionZones';

/**
 * A product. Facets (description, updated, zones, formats, CRS) live in its capabilities entry: free when the
 * product came from that listing, found by scanning it (pages shared by the whole request) otherwise. The
 * title is in both the capabilities entry and the product's own feed, so the feed is used when no entry is at hand.
 */
export const Resource: ResourceResolvers = {
  __resolveReference: async (reference, context, info) => lookupResource(validateName(reference.name, 'name'), context, productSelection(info)),

  title: (parent, _args, { loaders }) =>
    parent.entry ?
      parent.entry.title
    : loaders
        .editions(parent.name, parent.feedProbe ?? {})
        .loadPage(1)
        .then((page) => page.title),
  // Synchronous when the entry is at hand (no promise per field of every node), else found by name.
  description: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.description),
  updated: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.updated),
  zones: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.zones),
  formats: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.formats),
  crs: (parent, _args, context) => fromEntry(parent, context, (entry) => entry.crs),
  atomUrl: (parent, _args, { upstream }) => upstream.listingUrl(['resource', parent.name]),

  latestEdition: async (parent, { zone, place, format, crs, orContainingZone }, { loaders }) => {
    const base = subResourceFilterParams({ format, crs });
    if (place != null) await preparePlaces();
    const chain = latestEditionZones({ zone, place, orContainingZone });
    // A place no zone covers (at sea) has no edition: nothing to ask.
    if (chain?.length === 0) return null;
    const found = await findLatestEdition(loaders, parent.name, base, chain);
    return found ? subResourceFromEntry(found) : null;
  },

  editions: async (parent, { zones, format, crs }, { loaders }) => {
    const base = subResourceFilterParams({ format, crs });
    const codes = zones == null ? null : [...new Set(zones.flatMap((zone) => zoneCodesFor(zone, 'zones')))];
    return (await findNewestPerZone(loaders, parent.name, base, codes)).map(subResourceFromEntry);
  },

  subResources: (parent, { filter, ...args }, { loaders }) =>
    resolveConnection(loaders.editions(parent.name, subResourceFilterParams(filter)), args, subResourceFromEntry),
};

// Private: a field of the capabilities entry: at once when the product came from that listing, else after finding it.
function fromEntry<T>(parent: ResourceParent, { loaders }: Context, pick: (entry: ResourceEntry) => T | null): T | null | Promise<T | null> {
  if (parent.entry) return pick(parent.entry);
  return loaders.findResource(parent.name).then((entry) => (entry ? pick(entry) : null));
}
