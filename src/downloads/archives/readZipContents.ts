import { ArchiveError, corrupt } from './ArchiveError';
import type { ArchiveEntryModel, ParsedContents } from './ArchiveContentsModel';
import type { ByteSource } from './ByteSource';
import { crcHex } from './crc32';
import { HeaderCursor } from './HeaderCursor';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const CENTRAL_ENTRY_SIZE = 46;
/** The End of Central Directory record and the longest comment it may carry. */
const TAIL_BYTES = EOCD_SIZE + 0xffff + ZIP64_LOCATOR_SIZE;

/**
 * The table of contents of a .zip from its end: the End of Central Directory record (found backwards past a
 * possible comment), its ZIP64 form when counts or offsets overflow, then the central directory in one read.
 * Usually two range requests whatever the archive's size. Entry counts and sizes are checked against the
 * bytes that hold them, so a hostile directory cannot ask for more than it carries.
 */
export async function readZipContents(source: ByteSource): Promise<ParsedContents> {
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
  const directory = await source.read(directoryOffset, directorySize);
  return { format: 'ZIP', entries: parseCentralDirectory(directory, entryCount) };
}

/** The entries of a central directory (exported for the fuzz tests). */
export function parseCentralDirectory(directory: Uint8Array, entryCount: number): ArchiveEntryModel[] {
  const cursor = new HeaderCursor(directory);
  const entries: ArchiveEntryModel[] = [];
  for (let index = 0; index < entryCount; index += 1) {
    if (cursor.uint32() !== CENTRAL_ENTRY_SIGNATURE) throw corrupt(`entry ${index + 1} of the central directory has a wrong signature`);
    const madeBy = cursor.uint16();
    cursor.skip(2);
    const flags = cursor.uint16();
    cursor.skip(2);
    const dosTime = cursor.uint16();
    const dosDate = cursor.uint16();
    const crc = cursor.uint32();
    let compressedSize = cursor.uint32();
    let size = cursor.uint32();
    const nameLength = cursor.uint16();
    const extraLength = cursor.uint16();
    const commentLength = cursor.uint16();
    cursor.skip(4);
    const externalAttributes = cursor.uint32();
    const localOffset = cursor.uint32();
    const nameBytes = cursor.take(nameLength);
    const extra = new HeaderCursor(cursor.take(extraLength));
    cursor.skip(commentLength);
    let unixTime: number | null = null;
    while (extra.remaining >= 4) {
      const id = extra.uint16();
      const field = new HeaderCursor(extra.take(extra.uint16()));
      if (id === 0x0001) {
        // ZIP64: only the values whose 32-bit field overflowed are here, in this order.
        if (size === 0xffffffff) size = field.uint64();
        if (compressedSize === 0xffffffff) compressedSize = field.uint64();
        if (localOffset === 0xffffffff) field.uint64();
      } else if (id === 0x5455 && field.remaining >= 5 && (field.byte() & 1) === 1) {
        unixTime = field.uint32();
      }
    }
    const path = flags & 0x800 ? new TextDecoder('utf-8').decode(nameBytes) : decodeCp437(nameBytes);
    // MS-DOS directory attribute, set by most archivers whatever their host (the high byte of `madeBy`).
    const dosDirectory = (madeBy >> 8 === 0 || madeBy >> 8 === 3 || madeBy >> 8 === 10) && (externalAttributes & 0x10) !== 0;
    const isDirectory = path.endsWith('/') || dosDirectory;
    entries.push({
      path,
      size,
      compressedSize,
      crc32: isDirectory && crc === 0 ? null : crcHex(crc),
      modified: unixTime !== null ? new Date(unixTime * 1000).toISOString().replace('.000Z', 'Z') : dosDateTime(dosDate, dosTime),
      isDirectory,
    });
  }
  return entries;
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

// Private: an MS-DOS date and time (the archiver's local time, no zone) shown as UTC; null when invalid.
function dosDateTime(date: number, time: number): string | null {
  const year = 1980 + (date >> 9);
  const month = (date >> 5) & 0x0f;
  const day = date & 0x1f;
  const hours = time >> 11;
  const minutes = (time >> 5) & 0x3f;
  const seconds = (time & 0x1f) * 2;
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}Z`;
}

// Private: IBM code page 437, zip's default name encoding (ASCII below 0x80).
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeCp437(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  return text;
}
