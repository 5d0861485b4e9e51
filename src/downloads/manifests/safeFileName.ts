import type { FileEntry } from '../../upstream/format/model';
import { ErrorCode, UpstreamError } from '../../core/errors';

/**
 * `name` when it is a safe file name to write a download to (`out=`, a Metalink `name`): one path segment
 * of 1 to 255 characters, not starting with `.` or `-`, without slashes, control characters, or spaces at
 * its ends. An upstream name that is not one fails the whole manifest: it is the upstream's fault, and a
 * manifest missing a file would be silently partial.
 */
export function safeFileName(name: string): string {
  const safe =
    name.length >= 1 &&
    name.length <= 255 &&
    !/^[.-]/.test(name) &&
    !/[/\\]/.test(name) &&
    !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name) &&
    name.trim() === name;
  if (!safe) throw unsafe(`a file name that is not a safe file name (${JSON.stringify(name.slice(0, 80))})`);
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
