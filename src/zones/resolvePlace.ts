import { BadUserInputError } from '../core/errors';
import type { Commune } from './communeIndex';
import { communeIndex } from './communeIndex';
import { byPrecision } from './byPrecision';
import { closestZones } from './closestZones';
import { enclosingZones } from './enclosingZones';
import { findZoneByName } from './findZoneByName';
import { parsePointText } from './geometry/parsePointInput';
import { levenshtein } from './levenshtein';
import type { PlaceCommune, ResolvedPlace } from './ResolvedPlace';
import { PlaceKind } from './ResolvedPlace';
import type { ZoneInfo } from './ZoneInfo';
import { ZoneKind } from './ZoneKind';
import { ZONES_BY_CODE } from './zoneCatalogue';
import { codeFromInput } from './zoneCodeForms';
import { zoneFootprint } from './zoneFootprints';
import { zonesContaining } from './zonesCovering';

/** Longest place input read; longer ones are refused before any look-up. */
export const MAX_PLACE_CHARS = 200;
// Private: how many candidates or suggestions an error names.
const LISTED = 10;
const SUGGESTIONS = 3;
const EXPECTED = 'expected a commune (name or INSEE code), a postcode, a zone (code or name) or lon,lat (Brest, 29019, 29200, D029, Finistère, -4.49,48.39)';

// Private: an INSEE commune code (Corsica's with 2A/2B) or a postcode, possibly written `29 200`.
const FIVE_CHARACTER_CODE = /^(?:\d{5}|2[AB]\d{3})$/i;
const SPACED_POSTCODE = /^(\d{2}) (\d{3})$/;
// Private: a forced reading, `insee:13001` or `cp:13001` / `postcode:13001`.
const PREFIXED = /^(insee|cp|postcode)\s*:\s*(.*)$/i;
// Private: a commune name qualified by its département, `Saint-Denis (974)` or `Saint-Denis, 93`.
const QUALIFIED_NAME = /^(.+?)\s*(?:\(\s*([0-9]{1,3}|2[AB]|D[0-9AB]{3})\s*\)|,\s*([0-9]{1,3}|2[AB]|D[0-9AB]{3}))$/i;

/**
 * The place people mean, and the zones covering it, from what they write, tried in this order:
 * 1. `lon,lat` (`-4.49,48.39`, `-4.49, 48.39`, `-4.49 48.39`) → POINT, its zones from the footprints.
 * 2. `insee:CODE` or `cp:CODE` (`postcode:CODE`) → that reading only.
 * 3. Five characters: a **postcode first** (`29200`, `75001`), else a current INSEE code (`75056`, `2A004`,
 *    `75101`), else a former one (`20004`). 3,058 of the 6,310 postcodes are also some commune's INSEE code
 *    (`13001` is Marseille 1er's postcode and Aix-en-Provence's code): people write postcodes far more often,
 *    and in all but 9 of those the two readings give the same départements; `insee:13001` forces the other.
 * 4. A zone as `parseZoneInput` reads it (`D029`, `29`, `2A`, `R53`, `FXX`, `Finistère`, `Paris`): zone names
 *    win over commune names, so `Paris` is D075.
 * 5. A commune name (`Brest`, `saint denis`), optionally qualified by its département (`Saint-Denis (974)`).
 * A name several communes share, or nothing matching, throws BadUserInputError naming `argumentName`, with
 * `extensions.candidates` (ambiguous) or `extensions.suggestions` (unknown): `{kind, code, name, departement}`.
 */
export function resolvePlace(input: string, argumentName = 'place'): ResolvedPlace {
  if (typeof input !== 'string') throw new BadUserInputError(`${argumentName}: ${EXPECTED}, got ${typeof input}`, argumentName);
  const text = input.trim();
  if (text.length > MAX_PLACE_CHARS) {
    throw new BadUserInputError(`${argumentName}: ${EXPECTED}, got ${input.length} characters (at most ${MAX_PLACE_CHARS})`, argumentName);
  }
  const point = parsePointText(text, argumentName);
  if (point !== null) return pointPlace(point);

  const prefixed = PREFIXED.exec(text);
  if (prefixed) return forcedCode(prefixed[1] as string, (prefixed[2] as string).trim(), input, argumentName);

  const spaced = SPACED_POSTCODE.exec(text);
  const code = spaced ? `${spaced[1] as string}${spaced[2] as string}` : text;
  if (FIVE_CHARACTER_CODE.test(code)) {
    const found = postcodePlace(code) ?? communeCodePlace(code);
    if (found) return found;
    throw unknown(input, argumentName, []);
  }

  const zone = zoneOf(text);
  if (zone) return zonePlace(zone);
  return communeByName(text, input, argumentName);
}

// Private: `insee:` or `cp:`/`postcode:` readings.
function forcedCode(prefix: string, code: string, input: string, argumentName: string): ResolvedPlace {
  const found = prefix.toLowerCase() === 'insee' ? communeCodePlace(code) : postcodePlace(code);
  if (found) return found;
  throw unknown(input, argumentName, []);
}

// Private: a zone from a code in any usual spelling or a zone name; null when neither.
function zoneOf(text: string): ZoneInfo | null {
  const code = codeFromInput(text);
  return (code === null ? undefined : ZONES_BY_CODE.get(code)) ?? findZoneByName(text);
}

function pointPlace(point: readonly [number, number]): ResolvedPlace {
  const zones = zonesContaining(point);
  return { kind: PlaceKind.POINT, point, ...unique(zones), zones: zones.map((zone) => zone.code) };
}

function zonePlace(zone: ZoneInfo): ResolvedPlace {
  const zones = enclosingZones(zone);
  const footprint = zoneFootprint(zone.code);
  return {
    kind: PlaceKind.ZONE,
    code: zone.code,
    name: zone.name,
    ...unique(zones),
    ...(footprint ? { bbox: footprint.bbox } : {}),
    zones: zones.map((info) => info.code),
  };
}

function communePlace(commune: Commune): ResolvedPlace {
  return {
    kind: PlaceKind.COMMUNE,
    code: commune.code,
    name: commune.name,
    ...(commune.departement ? { departement: commune.departement } : {}),
    ...(commune.region ? { region: commune.region } : {}),
    zones: zonesOfCommunes([commune]),
  };
}

// Private: a current INSEE code, else a former one; null when neither.
function communeCodePlace(code: string): ResolvedPlace | null {
  const index = communeIndex();
  const commune = index.byCode(code) ?? index.byFormerCode(code);
  return commune ? communePlace(commune) : null;
}

// Private: the communes a postcode serves; null when it serves none.
function postcodePlace(code: string): ResolvedPlace | null {
  const communes = communeIndex().byPostcode(code);
  if (communes.length === 0) return null;
  const departements = new Set(communes.map((commune) => commune.departement));
  const regions = new Set(communes.map((commune) => commune.region));
  const names = new Set(communes.map((commune) => commune.name));
  const [first] = communes as [Commune];
  return {
    kind: PlaceKind.POSTCODE,
    code,
    ...(names.size === 1 ? { name: first.name } : {}),
    ...(departements.size === 1 && first.departement ? { departement: first.departement } : {}),
    ...(regions.size === 1 && first.region ? { region: first.region } : {}),
    communes: communes.map(placeCommune),
    zones: zonesOfCommunes(communes),
  };
}

// Private: a commune by name, narrowed by a département when the input names one.
function communeByName(text: string, input: string, argumentName: string): ResolvedPlace {
  const qualified = QUALIFIED_NAME.exec(text);
  const index = communeIndex();
  let matches = index.byName(text);
  if (matches.length === 0 && qualified) {
    const departement = ZONES_BY_CODE.get(codeFromInput(qualified[2] ?? qualified[3] ?? '') ?? '');
    matches = index.byName(qualified[1] as string).filter((commune) => commune.departement === departement?.code);
  }
  if (matches.length === 1) return communePlace(matches[0] as Commune);
  if (matches.length > 1) {
    const listed = matches.slice(0, LISTED);
    const more = matches.length > LISTED ? ` and ${matches.length - LISTED} more` : '';
    throw new BadUserInputError(
      `${argumentName}: ${JSON.stringify(input.trim())} names ${matches.length} communes: ${listed.map(describeCommune).join(', ')}${more}; write its INSEE code or add its département, as in "${(matches[0] as Commune).name} (${departementNumber(matches[0] as Commune)})"`,
      argumentName,
      { candidates: listed.map((commune) => ({ kind: PlaceKind.COMMUNE, ...placeCommune(commune) })) },
    );
  }
  const zones = closestZones(text, SUGGESTIONS).map((zone) => ({ kind: PlaceKind.ZONE, code: zone.code, name: zone.name, departement: departementOf(zone) }));
  const communes = index
    .closestByName(qualified ? (qualified[1] as string) : text, SUGGESTIONS, levenshtein)
    .map((commune) => ({ kind: PlaceKind.COMMUNE, ...placeCommune(commune) }));
  throw unknown(input, argumentName, [...communes, ...zones]);
}

// Private: the BAD_USER_INPUT for an input nothing matched, in parseZoneInput's style.
function unknown(
  input: string,
  argumentName: string,
  suggestions: readonly { kind: string; code: string; name: string; departement: string | null }[],
): BadUserInputError {
  const hint = suggestions.length === 0 ? '' : `; closest: ${suggestions.map((s) => `${s.name} (${s.code})`).join(', ')}`;
  return new BadUserInputError(`${argumentName}: ${EXPECTED}, got ${JSON.stringify(input.slice(0, 80))}${hint}`, argumentName, { suggestions });
}

// Private: the covering zones of the communes' départements, merged, most precise first.
function zonesOfCommunes(communes: readonly Commune[]): string[] {
  const zones = new Map<string, ZoneInfo>();
  for (const commune of communes) {
    const departement = commune.departement ? ZONES_BY_CODE.get(commune.departement) : undefined;
    for (const zone of departement ? enclosingZones(departement) : []) zones.set(zone.code, zone);
  }
  return [...zones.values()].sort(byPrecision).map((zone) => zone.code);
}

// Private: the département and région, each when exactly one zone of its kind covers the place.
function unique(zones: readonly ZoneInfo[]): { departement?: string; region?: string } {
  const departements = zones.filter((zone) => zone.kind === ZoneKind.DEPARTEMENT || zone.kind === ZoneKind.OVERSEAS_COLLECTIVITY);
  const regions = zones.filter((zone) => zone.kind === ZoneKind.REGION);
  return {
    ...(departements.length === 1 ? { departement: (departements[0] as ZoneInfo).code } : {}),
    ...(regions.length === 1 ? { region: (regions[0] as ZoneInfo).code } : {}),
  };
}

function placeCommune(commune: Commune): PlaceCommune {
  return { code: commune.code, name: commune.name, departement: commune.departement };
}

function describeCommune(commune: Commune): string {
  const departement = commune.departement ? ZONES_BY_CODE.get(commune.departement)?.label : undefined;
  return `${commune.name} (${commune.code}, ${departement ?? 'no département'})`;
}

// Private: the département number people write, `974`, `93`, `2A`.
function departementNumber(commune: Commune): string {
  const code = commune.departement ?? '';
  return code.startsWith('D0') ? code.slice(2) : code.slice(1);
}

function departementOf(zone: ZoneInfo): string | null {
  return zone.kind === ZoneKind.DEPARTEMENT || zone.kind === ZoneKind.OVERSEAS_COLLECTIVITY ? zone.code : null;
}
