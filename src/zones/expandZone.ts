import type { ZoneInfo } from './ZoneInfo';
import { ZoneKind } from './ZoneKind';
import { ZONES, ZONES_BY_CODE } from './zoneCatalogue';

/**
 * The départements of a région, in code order (R94 → D02A, D02B); `[zone]` for every other kind, countries
 * included. Throws a TypeError for a région the catalogue does not know, which only a hand-made ZoneInfo can be.
 */
export function expandZone(zone: ZoneInfo): ZoneInfo[] {
  if (zone.kind !== ZoneKind.REGION) return [zone];
  if (ZONES_BY_CODE.get(zone.code)?.kind !== ZoneKind.REGION) {
    throw new TypeError(`expected a région from the zone catalogue, got ${zone.code}`);
  }
  return ZONES.filter((candidate) => candidate.kind === ZoneKind.DEPARTEMENT && candidate.parentRegion === zone.code);
}
