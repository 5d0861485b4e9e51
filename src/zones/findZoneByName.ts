import type { ZoneInfo } from './ZoneInfo';
import { ZoneKind } from './ZoneKind';
import { normalizeZoneText } from './normalizeZoneText';
import { ZONES } from './zoneCatalogue';
import { zoneNameKeys } from './zoneNameKeys';

/**
 * Which zone a name shared by several zones means, first wins: the D-coded unit most products are cut by
 * (département, then overseas collectivity), then the région, then the ISO duplicate, then the country.
 * So `Guadeloupe` is D971 (not R01 or GLP) and `Saint-Martin` is D978 (not MAF).
 */
export const NAME_PRIORITY: readonly ZoneKind[] = [
  ZoneKind.DEPARTEMENT,
  ZoneKind.OVERSEAS_COLLECTIVITY,
  ZoneKind.REGION,
  ZoneKind.ISO_TERRITORY,
  ZoneKind.COUNTRY,
];

// Private: normalized name -> the zone it means under NAME_PRIORITY; built once, never changed.
const BY_NAME: ReadonlyMap<string, ZoneInfo> = buildIndex();

/** The zone a name means, matched on `normalizeZoneText` (case, accents and punctuation ignored), or null. */
export function findZoneByName(name: string): ZoneInfo | null {
  return BY_NAME.get(normalizeZoneText(name)) ?? null;
}

// Private: zones in priority order, so the first zone to claim a key keeps it.
function buildIndex(): Map<string, ZoneInfo> {
  const index = new Map<string, ZoneInfo>();
  const ranked = [...ZONES].sort((a, b) => NAME_PRIORITY.indexOf(a.kind) - NAME_PRIORITY.indexOf(b.kind));
  for (const zone of ranked) {
    for (const key of zoneNameKeys(zone)) {
      if (!index.has(key)) index.set(key, zone);
    }
  }
  return index;
}
