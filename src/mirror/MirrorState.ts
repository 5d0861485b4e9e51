import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { safeSegment } from './copyPaths';

/** The state file, in the copy's folder (a dot name: no product can be called so). */
export const STATE_FILE = '.geopf-sync.json';

/** What a plan is asked with: a cursor is only valid for the same subgraph, filter and `keep`. */
export interface Selection {
  endpoint: string;
  filter: Record<string, unknown>;
  keep: number;
}

/** A file of the copy, verified (its size and the md5 it was checked against; null when the listing had none). */
export interface HeldFile {
  size: number | null;
  md5: string | null;
}

/** An edition the copy holds, or is filling. */
export interface HeldEdition {
  resourceName: string;
  name: string;
  editionDate: string | null;
  /** Verified files, by name. */
  files: Record<string, HeldFile>;
  /** True once every file of its plan is verified. */
  complete: boolean;
  /** True while `--exec` has not succeeded for it (set when it completes in a run with `--exec`). */
  execPending: boolean;
  /**
   * True when it belongs to the selection at the state's cursor (a run that ended well set it); false for one
   * fetched by a run that failed, ahead of the cursor, which a later plan that no longer downloads it deletes.
   */
  atCursor: boolean;
}

/**
 * What the copy holds and where it stands: the selection and cursor of the last plan carried out whole (null
 * before), and every edition on disk with its verified files. Written atomically after each verified file.
 */
export interface MirrorState {
  version: 1;
  selection: Selection | null;
  cursor: string | null;
  editions: Record<string, HeldEdition>;
}

/** A state file that cannot be read as one. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

/** The key of an edition in `MirrorState.editions`. */
export function heldKey(resourceName: string, name: string): string {
  return `${resourceName}/${name}`;
}

/** An empty copy. */
export function emptyState(): MirrorState {
  return { version: 1, selection: null, cursor: null, editions: {} };
}

/**
 * The state of the copy in `dir`: empty when there is no state file; `StateFileError` when it is not one of
 * ours (its names are checked as the subgraph's are: the state decides what is deleted).
 */
export async function readState(dir: string): Promise<MirrorState> {
  const path = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw error;
  }
  try {
    return checkState(JSON.parse(text));
  } catch (error) {
    throw new StateFileError(
      `${path}: expected the state of a geopf-sync copy, got ${error instanceof Error ? error.message : String(error)}. ` +
        'Move it away to start again: verified files on disk are checked, not downloaded again.',
    );
  }
}

/** Replaces the state file at once: written to a temporary file, flushed, then renamed over the old one (and the folder flushed). */
export async function writeState(dir: string, state: MirrorState): Promise<void> {
  const path = join(dir, STATE_FILE);
  const temporary = join(dir, `${STATE_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  // The rename itself reaches the disk with the folder's entry.
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

// Private: the parsed file as a state, or a TypeError saying what is wrong.
function checkState(value: unknown): MirrorState {
  const record = (input: unknown, what: string): Record<string, unknown> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError(`${what} that is not an object`);
    return input as Record<string, unknown>;
  };
  const state = record(value, 'a document');
  if (state['version'] !== 1) throw new TypeError(`version ${JSON.stringify(state['version'])}`);
  const cursor = state['cursor'];
  if (cursor !== null && typeof cursor !== 'string') throw new TypeError('a cursor that is not a string');
  let selection: Selection | null = null;
  if (state['selection'] !== null) {
    const raw = record(state['selection'], 'a selection');
    if (typeof raw['endpoint'] !== 'string' || typeof raw['keep'] !== 'number') throw new TypeError('a selection without endpoint or keep');
    selection = { endpoint: raw['endpoint'], filter: record(raw['filter'], 'a filter'), keep: raw['keep'] };
  }
  const editions: Record<string, HeldEdition> = {};
  for (const [key, raw] of Object.entries(record(state['editions'], 'editions'))) {
    const edition = record(raw, `edition ${key}`);
    const resourceName = safeSegment(edition['resourceName'], 'product');
    const name = safeSegment(edition['name'], 'edition');
    if (key !== heldKey(resourceName, name)) throw new TypeError(`edition ${JSON.stringify(key)} under another key`);
    const files: Record<string, HeldFile> = {};
    for (const [fileName, file] of Object.entries(record(edition['files'], `files of ${key}`))) {
      const held = record(file, `file ${fileName}`);
      const size = held['size'];
      const md5 = held['md5'];
      if ((size !== null && typeof size !== 'number') || (md5 !== null && typeof md5 !== 'string')) throw new TypeError(`file ${fileName} without size or md5`);
      files[safeSegment(fileName, 'file')] = { size, md5 };
    }
    const editionDate = edition['editionDate'];
    editions[key] = {
      resourceName,
      name,
      editionDate: typeof editionDate === 'string' ? editionDate : null,
      files,
      complete: edition['complete'] === true,
      execPending: edition['execPending'] === true,
      atCursor: edition['atCursor'] === true,
    };
  }
  return { version: 1, selection, cursor, editions };
}
