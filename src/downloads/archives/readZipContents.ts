import { ArchiveError, corrupt, tooManyEntries } from './ArchiveError';
import { inThreadParsing, type HeaderParsing } from './HeaderParsing';

export { parseCentralDirectory } from './parseCentralDirectory';
import type { ParsedContents } from './ArchiveContentsModel';
import type { ByteSource } from './ByteSource';
import { HeaderCursor } from './HeaderCursor';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_ENTRY_SIZE = 46;
/** The End of Central Directory record and the longest comment it may carry. */
const TAIL_BYTES = EOCD_SIZE + 0xffff + ZIP64_LOCATOR_SIZE;

/** How a table of contents is read beyond its bytes: where its header is parsed, and its bounds. */
export interface ReadOptions {
  /** Where the header is parsed (and decoded): the calling thread by default. */
  parsing?: HeaderParsing;
  /** Most entries (`GEOPF_ARCHIVE_MAX_ENTRIES`); none by default. */
  maxEntries?: number;
  /** Ends the parsing when the operation ends. */
  signal?: AbortSignal;
}

/**
 * The table of contents of a .zip from its end: the End of Central Directory record (found backwards past a
 * possible comment), its ZIP64 form when counts or offsets overflow, then the central directory in one read,
 * parsed by `options.parsing`. Usually two range requests whatever the archive's size. Entry counts and sizes
 * are checked against the bytes that hold them, so a hostile directory cannot ask for more than it carries,
 * and a count over `maxEntries` is refused before the directory is read.
 */
export async function readZipContents(source: ByteSource, options: ReadOptions = {}): Promise<ParsedContents> {
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  if (source.size < EOCD_SIZE) throw corrupt(`a zip has at least ${EOCD_SIZE} bytes, this file ${source.size}`);
  const tailStart = Math.max(0, source.size - TAIL_BYTES);
  const tail = await source.read(tailStart, source.size - tailStart);
  const eocdAt = findEndRecord(tail);
  const eocd = new HeaderCursor(tail.subarray(eocdAt));
  eocd.skip(4);
  const disk = eocd.uint16();
  const directoryDisk = eocd.uint16();
  const entriesOnDisk = eocd.uint16();
  let entryCount = eocd.uint16();
  let directorySize = eocd.uint32();
  let directoryOffset = eocd.uint32();
  let directoryEnd = tailStart + eocdAt;
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff || entriesOnDisk === 0xffff) {
    const zip64 = await readZip64End(source, tail, tailStart, eocdAt);
    ({ entryCount, directorySize, directoryOffset } = zip64);
    directoryEnd = zip64.recordOffset;
  } else if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) {
    throw new ArchiveError('UNSUPPORTED', 'This zip spans several disks (.z01…): its directory cannot be read from one file.');
  }
  if (directoryOffset + directorySize > directoryEnd) throw corrupt('the central directory overlaps its end record');
  if (entryCount * CENTRAL_ENTRY_SIZE > directorySize) throw corrupt(`${entryCount} entries cannot fit in a directory of ${directorySize} bytes`);
  if (entryCount > maxEntries) throw tooManyEntries(entryCount, maxEntries);
  const directory = await source.read(directoryOffset, directorySize);
  const parsed = await (options.parsing ?? inThreadParsing).run({ kind: 'zipDirectory', directory, entryCount, maxEntries }, options.signal);
  if (parsed.kind !== 'entries') throw corrupt('the directory parsed as something else');
  return { format: 'ZIP', entries: parsed.entries };
}

// Private: the offset of the End of Central Directory record in the tail: the last signature whose comment
// length reaches exactly the end of the file.
function findEndRecord(tail: Uint8Array): number {
  for (let at = tail.length - EOCD_SIZE; at >= 0; at -= 1) {
    if (tail[at] !== 0x50 || tail[at + 1] !== 0x4b || tail[at + 2] !== 0x05 || tail[at + 3] !== 0x06) continue;
    const cursor = new HeaderCursor(tail.subarray(at));
    if (cursor.uint32() !== EOCD_SIGNATURE) continue;
    cursor.skip(16);
    if (at + EOCD_SIZE + cursor.uint16() === tail.length) return at;
  }
  throw corrupt('no End of Central Directory record (not a zip, or truncated)');
}

// Private: the ZIP64 end record, through its locator just before the classic record.
async function readZip64End(source: ByteSource, tail: Uint8Array, tailStart: number, eocdAt: number) {
  if (eocdAt < ZIP64_LOCATOR_SIZE) throw corrupt('a ZIP64 archive without its locator');
  const locator = new HeaderCursor(tail.subarray(eocdAt - ZIP64_LOCATOR_SIZE, eocdAt));
  if (locator.uint32() !== ZIP64_LOCATOR_SIGNATURE) throw corrupt('a ZIP64 archive without its locator');
  if (locator.uint32() !== 0) throw new ArchiveError('UNSUPPORTED', 'This zip spans several disks: its directory cannot be read from one file.');
  const recordOffset = locator.uint64();
  if (recordOffset + 56 > tailStart + eocdAt - ZIP64_LOCATOR_SIZE) throw corrupt('the ZIP64 end record lies past its locator');
  const record = new HeaderCursor(await source.read(recordOffset, 56));
  if (record.uint32() !== ZIP64_EOCD_SIGNATURE) throw corrupt('the ZIP64 end record has a wrong signature');
  record.skip(12);
  const disk = record.uint32();
  const directoryDisk = record.uint32();
  const entriesOnDisk = record.uint64();
  const entryCount = record.uint64();
  const directorySize = record.uint64();
  const directoryOffset = record.uint64();
  if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) {
    throw new ArchiveError('UNSUPPORTED', 'This zip spans several disks: its directory cannot be read from one file.');
  }
  return { entryCount, directorySize, directoryOffset, recordOffset };
}
