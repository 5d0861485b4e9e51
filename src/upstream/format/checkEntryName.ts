import { ErrorCode, UpstreamError } from '../../core/errors';
import type { UpstreamCall } from './UpstreamCall';

const MAX_NAME_LENGTH = 255;

/**
 * The characters an upstream name may hold: letters (accents included), digits, and ` _.+&(),-`, starting
 * with a letter, a digit or `_`, not ending with a space. Every name the real service publishes fits
 * (`ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01.7z.001`, `PARCS.JARDINS`, a `notice … & légende.pdf`);
 * no shell or md5sum metacharacter, quote, slash, backslash or control character does.
 */
const NAME_PATTERN = /^[\p{L}\p{N}_](?:[\p{L}\p{M}\p{N} _.+&(),-]*[\p{L}\p{M}\p{N}_.+&(),-])?$/u;

/**
 * Checks a name read from an upstream feed (a product, an edition or a file) before it becomes part of the
 * model: 1 to 255 characters of the strict set above. Throws `UPSTREAM_BAD_RESPONSE` naming the entry
 * otherwise: a name that could hide a command in a shell script or a second line in an md5sum file is the
 * sign of a broken or hostile upstream, and the listing that carries it is refused.
 */
export function checkEntryName(name: string, call: UpstreamCall, what: string): string {
  if (name.length <= MAX_NAME_LENGTH && NAME_PATTERN.test(name)) return name;
  throw new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `The upstream ${call} listing has ${what} named ${describe(name)}: expected 1 to ${MAX_NAME_LENGTH} letters, digits or " _.+&(),-", starting with a letter, a digit or "_".`,
    { call },
  );
}

// Private: the name as a JSON string (control characters escaped), cut to 80 characters.
function describe(name: string): string {
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
}
