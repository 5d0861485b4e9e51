import type { ZoneInfo } from './ZoneInfo';
import { levenshtein } from './levenshtein';
import { normalizeZoneText } from './normalizeZoneText';
import { ZONES, ZONES_BY_CODE } from './zoneCatalogue';
import { codeFromInput } from './zoneCodeForms';
import { zoneNameKeys } from './zoneNameKeys';

// Private: codes that no longer exist, and what replaced them. Corse's `20` was split into 2A and 2B in 1976.
const RETIRED_CODES: ReadonlyMap<string, readonly string[]> = new Map([['D020', ['D02A', 'D02B', 'R94']]]);

// Private: inputs longer than this get no suggestion, which bounds the edit-distance work per request.
const MAX_QUERY_LENGTH = 64;

// Private: stands for "no numeric gap" in the tie-break; finite so that comparisons never give NaN.
const NO_GAP = Number.MAX_SAFE_INTEGER;

/**
 * Up to `count` zones closest to an input no zone matched, for "closest: …" hints. Rank: replacements of a
 * retired code (`20` → D02A, D02B, R94) first; then the edit distance from the normalized input, or the code it
 * spells, to a zone's code, bare number or names; then the nearest département number; then catalogue order.
 * Zones further than a third of the input's length (at least 1) are left out, so gibberish gets no hint.
 */
export function closestZones(input: string, count: number): ZoneInfo[] {
  const code = codeFromInput(input.trim());
  const retired = (code === null ? undefined : RETIRED_CODES.get(code)) ?? [];
  const replacements = retired.map((replacement) => ZONES_BY_CODE.get(replacement)).filter((zone) => zone !== undefined);
  const query = normalizeZoneText(input);
  if (query.length === 0 || query.length > MAX_QUERY_LENGTH) return replacements.slice(0, count);

  const forms = code === null ? [query] : [query, normalizeZoneText(code)];
  const maxDistance = Math.max(1, Math.ceil(query.length / 3));
  const ranked = ZONES.filter((zone) => !retired.includes(zone.code))
    .map((zone, order) => ({ zone, order, distance: distance(forms, zone), gap: numericGap(code, zone.code) }))
    .filter((candidate) => candidate.distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance || a.gap - b.gap || a.order - b.order);
  return [...replacements, ...ranked.map((candidate) => candidate.zone)].slice(0, count);
}

// Private: the smallest edit distance between any query form and any key of the zone.
function distance(forms: readonly string[], zone: ZoneInfo): number {
  const keys = [normalizeZoneText(zone.code), ...bareNumber(zone.code), ...zoneNameKeys(zone)];
  return Math.min(...forms.flatMap((form) => keys.map((key) => levenshtein(form, key))));
}

// Private: the INSEE number of a D-code as people write it (`D075` → `75`, `D001` → `01`, `D02A` → `2a`).
function bareNumber(code: string): string[] {
  const digits = /^D(.{3})$/.exec(code)?.[1];
  if (digits === undefined) return [];
  return [(digits.startsWith('0') ? digits.slice(1) : digits).toLowerCase()];
}

// Private: how far apart two numeric D-codes are (`D099` and `D095`: 4); NO_GAP when either is not one.
function numericGap(code: string | null, other: string): number {
  const a = code === null ? undefined : /^D(\d{3})$/.exec(code)?.[1];
  const b = /^D(\d{3})$/.exec(other)?.[1];
  return a === undefined || b === undefined ? NO_GAP : Math.abs(Number(a) - Number(b));
}
