import { BadUserInputError } from '../../core/errors';
import { containingZones } from '../../upstream/editions/containingZones';
import { resolvePlace, zoneFilterCode, ZoneKind, zoneInfo } from '../../zones';

/** The arguments of `Resource.latestEdition` that choose its zones, as given (the cost estimate reads them untyped). */
export interface LatestEditionZoneArgs {
  zone?: unknown;
  place?: unknown;
  orContainingZone?: unknown;
}

/**
 * The zones `Resource.latestEdition` tries, in order (`findLatestEdition`'s chain): null for any zone (neither
 * `zone` nor `place`); `zone` then the zones containing it (`containingZones`); for `place`, the zones covering it
 * from its most precise ones (a commune of Finistère: D029, R53, FXX, FRA), [] when no zone covers it (at sea);
 * the first zone alone when `orContainingZone` is false. Synchronous, so that the cost estimate reads the same
 * chain as the field. BAD_USER_INPUT for both arguments at once, or for a zone or place that does not read.
 */
export function latestEditionZones({ zone, place, orContainingZone }: LatestEditionZoneArgs): string[] | null {
  if (zone != null && place != null) throw new BadUserInputError('zone, place: expected one of them, got both', 'place');
  const chain =
    typeof zone === 'string' ? containingZones(zoneFilterCode(zone, 'zone'))
    : typeof place === 'string' ? placeChain(resolvePlace(place, 'place').zones)
    : null;
  return chain === null || orContainingZone !== false ? chain : chain.slice(0, 1);
}

// Private: the chains of the place's most precise zones (its départements or collectivities; else its first zone),
// merged level by level: a postcode across two départements gives both, then their régions, then FXX, then FRA.
function placeChain(zones: readonly string[]): string[] {
  const leaves = zones.filter((code) => {
    const kind = zoneInfo(code)?.kind;
    return kind === ZoneKind.DEPARTEMENT || kind === ZoneKind.OVERSEAS_COLLECTIVITY;
  });
  const chains = (leaves.length > 0 ? leaves : zones.slice(0, 1)).map(containingZones);
  const merged = new Set<string>();
  for (let level = 0; chains.some((chain) => level < chain.length); level += 1) {
    for (const chain of chains) if (level < chain.length) merged.add(chain[level] as string);
  }
  return [...merged];
}
