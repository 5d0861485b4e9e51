import type { ChangeEvent } from '../../catalogue/changes/ChangeEvent';

/**
 * The cache tags of the schema (`@cacheTag` on `Resource`, `SubResource` and `Zone`, and on the root fields that
 * reach them by name), as a router computes them from an entity's key: one spelling, here and in the SDL.
 */
export const cacheTagOf = {
  resource: (name: string) => `resource-${name}`,
  edition: (resourceName: string, name: string) => `edition-${resourceName}-${name}`,
  zone: (code: string) => `zone-${code}`,
} as const;

/**
 * The cache tags a change makes stale: the product's (its facets, its editions' listings, its newest edition),
 * and for an edition event, the edition's and its zone's (the zone's listings of editions).
 */
export function staleCacheTags(event: ChangeEvent): string[] {
  const tags = [cacheTagOf.resource(event.resourceName)];
  if (event.editionName !== null) tags.unshift(cacheTagOf.edition(event.resourceName, event.editionName));
  if (event.editionName !== null && event.zone !== null) tags.push(cacheTagOf.zone(event.zone));
  return tags;
}
