import { ArchiveError, corrupt } from './ArchiveError';
import type { ArchiveEntryModel } from './ArchiveContentsModel';
import { crc32 } from './crc32';
import { decodeLzma } from './decodeLzma';
import { parseSevenZipHeader, type EncodedHeader, type SevenZipHeader } from './parseSevenZipHeader';
import { parseCentralDirectory } from './parseCentralDirectory';

/** One piece of header work: what a worker thread is asked to do with bytes already read. */
export type HeaderTask =
  /** A zip's central directory of `entryCount` entries → its entries. */
  | { kind: 'zipDirectory'; directory: Uint8Array; entryCount: number; maxEntries: number }
  /** A 7z next header (plain, or the stub of an encoded one) → its files, or where the encoded header lies. */
  | { kind: 'sevenZipHeader'; header: Uint8Array; maxEntries: number }
  /** A 7z encoded header's packed LZMA stream → decoded, checked against its CRC, parsed as above. */
  | { kind: 'sevenZipEncoded'; encoded: EncodedHeader; packed: Uint8Array; maxEntries: number };

/** What a task gives back: a zip's entries, or a parsed 7z header. */
export type HeaderTaskResult = { kind: 'entries'; entries: ArchiveEntryModel[] } | { kind: 'sevenZip'; header: SevenZipHeader };

/** Bytes a task holds while it runs (its input and, for an LZMA stream, its output): what `HeaderWorkers` bounds. */
export function taskBytes(task: HeaderTask): number {
  if (task.kind === 'zipDirectory') return task.directory.length;
  if (task.kind === 'sevenZipHeader') return task.header.length;
  return task.packed.length + task.encoded.unpackSize;
}

/**
 * Does a task on the calling thread: the one place header bytes become entries. Throws `ArchiveError` for a
 * header that does not hold together, one with more than `maxEntries` entries, or an undecodable stream.
 */
export function runHeaderTask(task: HeaderTask): HeaderTaskResult {
  if (task.kind === 'zipDirectory') return { kind: 'entries', entries: parseCentralDirectory(task.directory, task.entryCount, task.maxEntries) };
  if (task.kind === 'sevenZipHeader') return { kind: 'sevenZip', header: parseSevenZipHeader(task.header, task.maxEntries) };
  const { encoded, packed } = task;
  const decoded = decodeLzma(encoded.properties, packed, encoded.unpackSize);
  if (encoded.unpackCrc !== null && crc32(decoded) !== encoded.unpackCrc) throw corrupt('the decoded header fails its CRC');
  return { kind: 'sevenZip', header: parseSevenZipHeader(decoded, task.maxEntries) };
}

/** Where header tasks run: `HeaderWorkers` (worker threads, bounded) in the server; the calling thread in unit tests. */
export interface HeaderParsing {
  /** Runs `task`; gives up (rejects) when `signal` aborts. */
  run(task: HeaderTask, signal?: AbortSignal): Promise<HeaderTaskResult>;
}

/** Header tasks on the calling thread (tests, small inputs): the event loop waits for each. */
export const inThreadParsing: HeaderParsing = {
  run: async (task, signal) => {
    if (signal?.aborted) throw new ArchiveError('CORRUPT', 'The operation ended before its archive header was read.');
    return runHeaderTask(task);
  },
};
