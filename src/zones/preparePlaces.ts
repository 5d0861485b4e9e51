import { loadCommuneIndex } from './communeIndex';
import { zoneFootprints } from './zoneFootprints';

/**
 * Loads what resolving places needs, off the request path: the zone footprints (about 60 ms), then the commune
 * index (`loadCommuneIndex`: read, parsed and built in slices, about 0.7 s in all). Calls share one load and
 * resolve at once after it; `resolvePlace` then never builds anything on its own request. Rejects when the
 * data cannot be read (the next call tries again).
 */
export async function preparePlaces(): Promise<void> {
  zoneFootprints();
  await loadCommuneIndex();
}
