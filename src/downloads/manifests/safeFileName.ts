import type { FileEntry } from '../../upstream/format/model';
import { ErrorCode, UpstreamError } from '../../core/errors';
import { nameProblem } from '../../upstream/format/nameProblem';

/**
 * `name` when it is a name to write a download to (a Metalink `name`, an aria2 `out=`): `nameProblem`'s rule,
 * the one every upstream name already passed (1 to 255 printable characters, no `/` or `\`, not `.` or `..`),
 * so one path segment, in its folder. Anything else fails the whole manifest: a manifest missing a file would
 * be silently partial.
 */
export function safeFileName(name: string): string {
  const problem = nameProblem(name);
  if (problem !== null) throw unsafe(`a file name that cannot be written (${JSON.stringify(name.slice(0, 80))}: ${problem})`);
  return name;
}

/**
 * Where a manifest writes `file`: its checked name, under its edition's folder (its checked edition name) when
 * `inEditionFolder`, as `EDITION/NAME` (for a manifest of many editions).
 */
export function manifestPath(file: FileEntry, inEditionFolder: boolean): string {
  const name = safeFileName(file.name);
  return inEditionFolder ? `${safeFileName(file.subResourceName)}/${name}` : name;
}

/**
 * `manifestPath` for an aria2 input file's `out=`, which aria2c reads with the spaces at its ends stripped: a
 * path starting or ending with a space cannot be written there (it would land under another name, maybe
 * another file's), so it fails the manifest; the Metalink and the script keep it.
 */
export function aria2OutPath(file: FileEntry, inEditionFolder: boolean): string {
  const path = manifestPath(file, inEditionFolder);
  if (path.trim() !== path)
    throw unsafe(`a file name aria2c would read without its outer spaces (${JSON.stringify(path.slice(0, 80))}); ask for the METALINK or SCRIPT format`);
  return path;
}

/** `url` when it is an http(s) URL without whitespace or control characters (which could start a new line or option). */
export function safeDownloadUrl(url: string): string {
  let parsed: URL | null;
  try {
    parsed = /[\s\u0000-\u001f\u007f]/.test(url) ? null : new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw unsafe('a download URL that is not a plain http(s) URL');
  return parsed.href;
}

function unsafe(what: string): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `The upstream lists ${what}: no manifest is written for this edition.`, { call: 'subResource' });
}
