import type { ZoneInfo } from './ZoneInfo';
import { normalizeZoneText } from './normalizeZoneText';

// Private: extra names people use for a zone, beside its official one.
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  FRA: ['France'],
  FXX: ['Métropole'],
};

/**
 * The normalized names a zone answers to: its official name, that name without a leading article
 * (`La Réunion` → `reunion`), and a few aliases (`France` for FRA, `Métropole` for FXX).
 */
export function zoneNameKeys(zone: ZoneInfo): string[] {
  const withoutArticle = /^(?:la|le|les)\s+(.+)$/i.exec(zone.name)?.[1];
  const names = [zone.name, ...(withoutArticle === undefined ? [] : [withoutArticle]), ...(ALIASES[zone.code] ?? [])];
  return [...new Set(names.map(normalizeZoneText))];
}
