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
/** How the names of the copy's own files in its folder start: the state file, its temporaries, the lock. */
const OWN_PREFIX = '.geopf-sync';

/**
 * `name` when it can be one path segment inside the copy's folder: a non-empty string of at most 249 UTF-8
 * bytes, not `.` or `..` nor only dots and spaces, without `/`, `\`, NUL or any control character, and not a
 * name of the copy's own files: `.geopf-sync…` (the state file, its temporaries, the lock) or `.NAME.part` (a
 * temporary download), case and Unicode forms folded. Anything else the subgraph serves is kept as it is: quotes,
 * `$`, `;`, `&`, backticks, spaces, a leading `-` or `.` (`.DS_Store`) are fine, because no name is ever handed
 * to a shell as code and every path the command builds or passes on is absolute (under the resolved `--dir`).
 * Throws `UnsafeNameError` naming `what` otherwise.
 */
export function safeSegment(name: unknown, what: string): string {
  const problem =
    typeof name !== 'string' || name === '' ? 'is empty or not a string'
    : Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES ? `is longer than ${MAX_NAME_BYTES} bytes`
    : /[/\\]/.test(name) ? 'holds a slash or a backslash'
    : /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name) ? 'holds a control character'
    : name === '.' || name === '..' ? 'is a dot segment'
    : foldedSegment(name) === '' ? 'is only dots and spaces'
    : foldedSegment(name).startsWith(OWN_PREFIX) ? `starts with ${OWN_PREFIX} (the copy's own files)`
    : /^\..*\.part$/su.test(foldedSegment(name)) ? 'has the form .NAME.part (a temporary download)'
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

/**
 * The key two names share when a disk may take them for one file or folder: the same once Unicode-normalised
 * (macOS), case-folded (macOS, Windows) and stripped of trailing spaces and dots (Windows). The copy never
 * holds two names of one key side by side: the second would be written over the first, or deleted with it.
 */
export function foldedSegment(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[ .]+$/u, '');
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
