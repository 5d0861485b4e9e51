import type { ListingKnowledge } from './ListingKnowledge';

/**
 * One `ListingKnowledge` from several, asked in order, the first answer winning: the page cache first (what
 * the upstream said moments ago), then the catalogue index (what its last sync read). Absent layers are skipped.
 */
export function layeredKnowledge(...layers: ReadonlyArray<ListingKnowledge | null | undefined>): ListingKnowledge {
  const present = layers.filter((layer): layer is ListingKnowledge => layer !== null && layer !== undefined);
  const first = <T>(ask: (layer: ListingKnowledge) => T | undefined): T | undefined => {
    for (const layer of present) {
      const answer = ask(layer);
      if (answer !== undefined) return answer;
    }
    return undefined;
  };
  return {
    knownTotal: (segments, params) => first((layer) => layer.knownTotal(segments, params)),
    capabilitiesPageOf: (name) => first((layer) => layer.capabilitiesPageOf?.(name)),
    holdsEdition: (resourceName, name) => first((layer) => layer.holdsEdition?.(resourceName, name)),
  };
}
