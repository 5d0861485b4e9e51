import { lstat, mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

/** A name from the subgraph (or the state file) that cannot be one path segment of the copy. */
export class UnsafeNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeNameError';
  }
}

/** Bytes a name may take: 255 (a file name's limit) less the 6 of its temporary form `.NAME.part`. */
const MAX_NAME_BYTES = 249;

/**
 * `name` when it can be one path segment inside the copy's folder: a non-empty string of at most 249 UTF-8
 * bytes, not `.` or `..`, without `/`, `\`, NUL or any control character, not starting with `.` (the copy's own
 * files do: the state file, temporary downloads) or `-` (an option to a command), without spaces at its ends.
 * Quotes, `$`, `;`, `&`, backticks and spaces inside are fine: no name is ever handed to a shell as code.
 * Throws `UnsafeNameError` naming `what` otherwise.
 */
export function safeSegment(name: unknown, what: string): string {
  const problem =
    typeof name !== 'string' || name === '' ? 'is empty or not a string'
    : Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES ? `is longer than ${MAX_NAME_BYTES} bytes`
    : /[/\\]/.test(name) ? 'holds a slash or a backslash'
    : /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name) ? 'holds a control character'
    : name.startsWith('.') ? 'starts with a dot'
    : name.startsWith('-') ? 'starts with a dash'
    : name.trim() !== name ? 'starts or ends with a space'
    : null;
  if (problem === null) return name as string;
  const shown =
    typeof name === 'string' ?
      JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name).replace(
        /[\u007f-\u009f\u2028\u2029]/g,
        (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
    : String(name);
  throw new UnsafeNameError(`${what} ${shown} ${problem}: it cannot be a folder or file of the copy`);
}

/** `DIR/PRODUCT/EDITION`: each name checked (`safeSegment`), and the result checked to lie inside `dir`. */
export function editionFolder(dir: string, resourceName: string, editionName: string): string {
  return inside(dir, [safeSegment(resourceName, 'product'), safeSegment(editionName, 'edition')]);
}

/** Where a file of an edition lands (`final`), and the temporary name it is downloaded to (`part`), both in `folder`. */
export function filePaths(folder: string, fileName: string): { final: string; part: string } {
  const name = safeSegment(fileName, 'file');
  return { final: join(folder, name), part: join(folder, `.${name}.part`) };
}

/**
 * Makes `DIR/PRODUCT/EDITION` (and the levels above it) and returns it. Refuses, with `UnsafeNameError`, a
 * level that exists as anything but a plain folder (a symbolic link could lead the downloads elsewhere).
 */
export async function makeEditionFolder(dir: string, resourceName: string, editionName: string): Promise<string> {
  const folder = editionFolder(dir, resourceName, editionName);
  await mkdir(dir, { recursive: true });
  for (const level of [join(dir, resourceName), folder]) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await assertPlainFolder(level);
  }
  return folder;
}

/** Throws `UnsafeNameError` unless `path` is a plain folder (not a symbolic link); false when it does not exist. */
export async function assertPlainFolder(path: string): Promise<boolean> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stats === null) return false;
  if (!stats.isDirectory() || stats.isSymbolicLink()) throw new UnsafeNameError(`${path} is not a plain folder: the copy does not write or delete through it`);
  return true;
}

// Private: `segments` joined under `dir`, refused unless the result lies strictly inside it.
function inside(dir: string, segments: readonly string[]): string {
  const path = join(dir, ...segments);
  const rel = relative(dir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new UnsafeNameError(`${JSON.stringify(segments.join('/'))} would lie outside the copy's folder`);
  return path;
}
