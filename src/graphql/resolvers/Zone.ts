import type { ZoneResolvers } from '../__generated__/resolvers-types';
import { resolveConnection } from '../connections/resolveConnection';
import { BadUserInputError } from '../../core/errors';
import { resourceFilterParams, subResourceFilterParams, zoneCode } from '../inputs/filterParams';
import { validateName } from '../../upstream/format/validateName';
import type { UpstreamParams } from '../../upstream/format/listingPath';
import { expandZone, zoneFootprint, ZoneKind, zoneInfo, type ZoneFootprint } from '../../zones';
import { resourceFromEntry, subResourceFromEntry } from '../models/parents';

/**
 * A zone: a facet of entries and an entity keyed by its code. Its listings are the upstream listings with
 * the `zone` filter set to its code. Its label is the upstream's when it gave a non-empty one, else France's
 * reference data (no request), else, for a code only the upstream knows, the first page of the products
 * available for it (the page its `resources` connection starts with).
 */
export const Zone: ZoneResolvers = {
  __resolveReference: async (reference) => ({ code: zoneCode(reference.code, 'code') }),

  label: (parent, _args, { loaders }) => {
    if (parent.label) return parent.label;
    const known = zoneInfo(parent.code);
    if (known) return known.label;
    if (parent.label === null) return null;
    return loaders
      .capabilities({ zone: parent.code })
      .loadPage(1)
      .then((page) => {
        for (const entry of page.entries) {
          const zone = entry.zones.find((candidate) => candidate.code === parent.code);
          if (zone) return zone.label;
        }
        return null;
      });
  },

  name: (parent) => zoneInfo(parent.code)?.name ?? null,
  kind: (parent) => zoneInfo(parent.code)?.kind ?? 'OTHER',
  region: (parent) => {
    const region = zoneInfo(parent.code)?.parentRegion;
    return region ? { code: region } : null;
  },
  // Reference data: the footprint of the zone (an upstream spelling such as `D0971` reads as its zone).
  bbox: (parent) => {
    const footprint = footprintOf(parent.code);
    return footprint ? [...footprint.bbox] : null;
  },
  geometry: (parent) => footprintOf(parent.code)?.geometry ?? null,
  departements: (parent) => {
    const zone = zoneInfo(parent.code);
    return zone?.kind === ZoneKind.REGION ? expandZone(zone).map((departement) => ({ code: departement.code })) : [];
  },

  resources: (parent, { filter, ...args }, { loaders }) =>
    resolveConnection(loaders.capabilities(withZone(resourceFilterParams(filter), parent.code)), args, resourceFromEntry),

  subResources: (parent, { resourceName, filter, ...args }, { loaders }) =>
    resolveConnection(
      loaders.editions(validateName(resourceName, 'resourceName'), withZone(subResourceFilterParams(filter), parent.code)),
      args,
      subResourceFromEntry,
    ),
};

// Private: the zone's own code as the `zone` filter; a different one in the filter is a contradiction.
function withZone(params: UpstreamParams, code: string): UpstreamParams {
  if (params['zone'] !== undefined && params['zone'] !== code) {
    throw new BadUserInputError(`filter.zone: expected no zone or this zone's own code (${code}), got ${params['zone']}`, 'filter.zone');
  }
  return { ...params, zone: code };
}

/** The footprint of a zone code as the upstream writes it (`D0971` is D971's), or null when it has none. */
export function footprintOf(code: string): ZoneFootprint | null {
  return zoneFootprint(zoneInfo(code)?.code ?? code);
}
