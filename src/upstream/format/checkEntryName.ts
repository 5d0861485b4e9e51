import { ErrorCode, UpstreamError } from '../../core/errors';
import { MAX_NAME_LENGTH, nameProblem } from './nameProblem';
import type { UpstreamCall } from './UpstreamCall';

/**
 * Checks a name read from an upstream feed (a product, an edition or a file) before it becomes part of the
 * model: null when it is a name (`nameProblem`: 1 to 255 printable characters, no `/` or `\`, not `.` or `..`),
 * else the `UPSTREAM_BAD_RESPONSE` error naming the entry. The caller refuses that entry alone: its siblings
 * are answered (a whole listing is never lost to one odd name).
 */
export function checkEntryName(name: string, call: UpstreamCall, what: string): UpstreamError | null {
  const problem = nameProblem(name);
  if (problem === null) return null;
  return new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `The upstream ${call} listing has ${what} named ${describe(name)}, which this service refuses (${problem}): a name is 1 to ${MAX_NAME_LENGTH} printable characters, without "/" or "\\", not "." or "..".`,
    { call },
  );
}

// Private: the name as a JSON string (control characters escaped), cut to 80 characters.
function describe(name: string): string {
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
}
