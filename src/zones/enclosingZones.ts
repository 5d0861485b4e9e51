import type { ZoneInfo } from './ZoneInfo';
import { ZoneKind } from './ZoneKind';
import { byPrecision } from './byPrecision';
import { ISO_TWINS } from './isoTwins';
import { ZONES, ZONES_BY_CODE } from './zoneCatalogue';

// Private: the D-codes of the overseas départements, which FRA holds beside FXX.
const OVERSEAS_DEPARTEMENTS = /^D97[1-6]$/;

/**
 * The zone and every zone covering all of it, most precise first (`byPrecision`), from the catalogue alone:
 * D029 → D029, R53, FXX, FRA; D971 → D971, R01, FRA, GLP; R53 → R53, FXX, FRA; FXX → FXX, FRA; D975 → D975, SPM.
 * A zone with the same extent as another covers it both ways: R01, D971 and GLP all give D971, R01, FRA, GLP.
 * FRA is FXX and the overseas départements: it does not cover the overseas collectivities.
 */
export function enclosingZones(zone: ZoneInfo): ZoneInfo[] {
  const codes = new Set<string>([zone.code]);
  const departement = sameExtentDepartement(zone);
  if (departement !== null) {
    codes.add(departement.code);
    if (departement.parentRegion !== null) codes.add(departement.parentRegion);
    if (departement.kind === ZoneKind.DEPARTEMENT) codes.add(OVERSEAS_DEPARTEMENTS.test(departement.code) ? 'FRA' : 'FXX');
    for (const [iso, twin] of ISO_TWINS) if (twin === departement.code) codes.add(iso);
  } else if (zone.kind === ZoneKind.REGION) {
    codes.add('FXX');
  }
  if (codes.has('FXX')) codes.add('FRA');
  return [...codes]
    .map((code) => ZONES_BY_CODE.get(code))
    .filter((info): info is ZoneInfo => info !== undefined)
    .sort(byPrecision);
}

// Private: the département or collectivity with the zone's extent: itself, an ISO code's twin, or the only
// département of an overseas région; null for a metropolitan région and the countries.
function sameExtentDepartement(zone: ZoneInfo): ZoneInfo | null {
  if (zone.kind === ZoneKind.DEPARTEMENT || zone.kind === ZoneKind.OVERSEAS_COLLECTIVITY) return zone;
  if (zone.kind === ZoneKind.ISO_TERRITORY) return ZONES_BY_CODE.get(ISO_TWINS.get(zone.code) ?? '') ?? null;
  if (zone.kind === ZoneKind.REGION) {
    const members = ZONES.filter((candidate) => candidate.parentRegion === zone.code);
    return members.length === 1 ? (members[0] as ZoneInfo) : null;
  }
  return null;
}
