import { BadUserInputError } from '../core/errors';
import type { ZoneInfo } from './ZoneInfo';
import { closestZones } from './closestZones';
import { findZoneByName } from './findZoneByName';
import { ZONES_BY_CODE } from './zoneCatalogue';
import { codeFromInput } from './zoneCodeForms';

// Private: how many "closest" zones an error names.
const SUGGESTIONS = 3;

/**
 * The zone a person means, from a code in any usual spelling (`D075`, `75`, `075`, `2a`, `971`, `D0971`, `r11`,
 * `fra`, `GLP`) or a name (`paris`, `Ardeche`, `corse du sud`, `ile de france`). Codes win over names; a bare
 * number is always a département; a name shared by several zones follows `NAME_PRIORITY` (`Guadeloupe` → D971).
 * Throws BadUserInputError naming `argumentName` and the closest zones when nothing matches.
 */
export function parseZoneInput(input: string, argumentName = 'zone'): ZoneInfo {
  const trimmed = input.trim();
  const code = codeFromInput(trimmed);
  const zone = (code === null ? undefined : ZONES_BY_CODE.get(code)) ?? (trimmed === '' ? null : findZoneByName(trimmed));
  if (zone) return zone;

  const closest = closestZones(trimmed, SUGGESTIONS);
  const hint = closest.length === 0 ? '' : `; closest: ${closest.map((candidate) => candidate.label).join(', ')}`;
  throw new BadUserInputError(
    `${argumentName}: expected a zone code or name (D075, 75, 2A, 971, R11, FRA, FXX, GLP, Paris…), got ${JSON.stringify(input.slice(0, 80))}${hint}`,
    argumentName,
  );
}
