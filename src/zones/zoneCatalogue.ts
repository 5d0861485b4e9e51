import type { ZoneInfo } from './ZoneInfo';
import { ZoneKind } from './ZoneKind';
import { DEPARTEMENTS } from './departements';
import { COUNTRIES, ISO_TERRITORIES, OVERSEAS_COLLECTIVITIES } from './otherTerritories';
import type { TerritoryRow } from './otherTerritories';
import { REGIONS } from './regions';
import { upstreamCodeKey } from './zoneCodeForms';

/**
 * Every zone, frozen, in this order: countries, régions, départements (INSEE order, which within each région is
 * code order), overseas collectivities, ISO territories. Name look-ups and suggestions break ties by this order.
 */
export const ZONES: readonly ZoneInfo[] = Object.freeze([
  ...COUNTRIES.map((row) => territory(row, ZoneKind.COUNTRY)),
  ...REGIONS.map((row) => zone(`R${row.number}`, row.name, ZoneKind.REGION, null)),
  ...DEPARTEMENTS.map((row) => zone(departementCode(row.number), row.name, ZoneKind.DEPARTEMENT, regionOf(row.number))),
  ...OVERSEAS_COLLECTIVITIES.map((row) => territory(row, ZoneKind.OVERSEAS_COLLECTIVITY)),
  ...ISO_TERRITORIES.map((row) => territory(row, ZoneKind.ISO_TERRITORY)),
]);

/** Every zone by its upstream code (`D075`, `R11`, `FRA`…). */
export const ZONES_BY_CODE: ReadonlyMap<string, ZoneInfo> = new Map(ZONES.map((info) => [info.code, info]));

/**
 * The zone an upstream code stands for, or null when the catalogue does not know it. Case-insensitive, and
 * `D0971` (the upstream's zero-padded variant) reads as `D971`. For what people type, use `parseZoneInput`.
 * (It lives here because a `zoneInfo.ts` beside `ZoneInfo.ts` breaks case-insensitive file systems.)
 */
export function zoneInfo(code: string): ZoneInfo | null {
  return ZONES_BY_CODE.get(upstreamCodeKey(code)) ?? null;
}

/** The upstream code of an INSEE département number: `75` → `D075`, `2A` → `D02A`, `971` → `D971`. */
export function departementCode(number: string): string {
  return `D${number.padStart(3, '0')}`;
}

// Private: the région listing this département number, as its upstream code (the data tests pin exactly one).
function regionOf(number: string): string | null {
  const region = REGIONS.find((row) => row.departements.includes(number));
  return region ? `R${region.number}` : null;
}

// Private: a zone with no parent région.
function territory(row: TerritoryRow, kind: ZoneKind): ZoneInfo {
  return zone(row.code, row.name, kind, null);
}

// Private: one frozen ZoneInfo, its label in the upstream's "{CODE} {Name}" form.
function zone(code: string, name: string, kind: ZoneKind, parentRegion: string | null): ZoneInfo {
  return Object.freeze({ code, label: `${code} ${name}`, name, kind, parentRegion });
}
