import type { UpstreamParams } from '../../upstream/format/listingPath';
import type { IndexedEdition } from '../../catalogue/store/CatalogueStore';
import type { ResourceEntry, SubResourceEntry } from '../../upstream/format/model';

/**
 * What resolvers of `Resource` receive. `entry` is the capabilities entry when the product came from that
 * listing; when it was reached by name (a lookup, a federation reference, an edition's parent) it is null and
 * facet fields find it only if asked.
 */
export interface ResourceParent {
  name: string;
  entry: ResourceEntry | null;
  /** The filter of the feed page that proved a product reached by name (its title is read from that page). */
  feedProbe?: UpstreamParams;
}

/** What resolvers of `SubResource` receive; `entry` is null when the edition was reached by name. */
export interface SubResourceParent {
  resourceName: string;
  name: string;
  entry: SubResourceEntry | null;
  /** Its row in the catalogue index, when it came from there (a withdrawn edition only can). */
  indexed?: IndexedEdition;
}

/** A `Resource` parent for a capabilities entry. */
export function resourceFromEntry(entry: ResourceEntry): ResourceParent {
  return { name: entry.name, entry };
}

/** A `SubResource` parent for an entry of a product's feed. */
export function subResourceFromEntry(entry: SubResourceEntry): SubResourceParent {
  return { resourceName: entry.resourceName, name: entry.name, entry };
}

/**
 * What resolvers of `Zone` receive: a facet read from an entry (label known, possibly null) or a federation
 * reference (`label` undefined: found in the capabilities facets only if asked).
 */
export interface ZoneParent {
  code: string;
  label?: string | null;
}
