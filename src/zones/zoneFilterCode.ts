import { expandZone } from './expandZone';
import { parseZoneInput } from './parseZoneInput';

/** Upstream codes outside France's reference data that the upstream also uses (LiDAR HD blocks are two letters). */
const OTHER_UPSTREAM_CODE = /^(FR|EUR|WLD|SBA|SMA|[A-Z]{2})$/;

/**
 * The upstream zone code for what a person wrote (`D075`, `75`, `2A`, `971`, `Paris`, `R11`, `FXX`…), a
 * région staying a région. The upstream's own codes outside French geography pass as they are. Anything else
 * is a `BadUserInputError` naming the closest valid codes.
 */
export function zoneFilterCode(input: string, argumentName: string): string {
  try {
    return parseZoneInput(input, argumentName).code;
  } catch (error) {
    if (OTHER_UPSTREAM_CODE.test(input.trim())) return input.trim();
    throw error;
  }
}

/** The upstream zone codes for what a person wrote, a région standing for its départements. */
export function zoneCodesFor(input: string, argumentName: string): string[] {
  const code = zoneFilterCode(input, argumentName);
  try {
    return expandZone(parseZoneInput(code, argumentName)).map((zone) => zone.code);
  } catch {
    return [code];
  }
}
