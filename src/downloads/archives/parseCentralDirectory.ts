import { corrupt, tooManyEntries } from './ArchiveError';
import type { ArchiveEntryModel } from './ArchiveContentsModel';
import { crcHex } from './crc32';
import { HeaderCursor } from './HeaderCursor';

const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;

/** The entries of a central directory (a `HeaderTask`; exported for the fuzz tests); more than `maxEntries` is refused. */
export function parseCentralDirectory(directory: Uint8Array, entryCount: number, maxEntries = Number.POSITIVE_INFINITY): ArchiveEntryModel[] {
  if (entryCount > maxEntries) throw tooManyEntries(entryCount, maxEntries);
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
