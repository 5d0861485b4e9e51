import type { ZoneInfo } from './ZoneInfo';
import { ZoneKind } from './ZoneKind';
import { ZONES } from './zoneCatalogue';

// Private: a zone's place in the catalogue, the tie-break within one precision.
const CATALOGUE_ORDER: ReadonlyMap<string, number> = new Map(ZONES.map((zone, index) => [zone.code, index]));

/**
 * How precise a zone is, smallest first: a département or an overseas collectivity (0), a région (1), FXX (2),
 * FRA (3), then the ISO territory codes (4), which repeat a D-code and come last.
 */
export function precisionRank(zone: ZoneInfo): number {
  switch (zone.kind) {
    case ZoneKind.DEPARTEMENT:
    case ZoneKind.OVERSEAS_COLLECTIVITY:
      return 0;
    case ZoneKind.REGION:
      return 1;
    case ZoneKind.COUNTRY:
      return zone.code === 'FXX' ? 2 : 3;
    case ZoneKind.ISO_TERRITORY:
      return 4;
  }
}

/** Sort comparator: most precise first (`precisionRank`), then catalogue order. */
export function byPrecision(a: ZoneInfo, b: ZoneInfo): number {
  return precisionRank(a) - precisionRank(b) || (CATALOGUE_ORDER.get(a.code) ?? 0) - (CATALOGUE_ORDER.get(b.code) ?? 0);
}
