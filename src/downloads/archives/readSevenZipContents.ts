import { corrupt } from './ArchiveError';
import type { ParsedContents } from './ArchiveContentsModel';
import type { ByteSource } from './ByteSource';
import { crc32 } from './crc32';
import { HeaderCursor } from './HeaderCursor';
import { inThreadParsing, type HeaderTask } from './HeaderParsing';
import type { SevenZipHeader } from './parseSevenZipHeader';
import type { ReadOptions } from './readZipContents';

const SIGNATURE = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const START_HEADER_SIZE = 32;
/** Headers encoded inside headers: 7-Zip writes one level; more is a loop. */
const MAX_ENCODING_LEVELS = 4;
/** Read before the next header, where 7-Zip puts the packed header: usually saves a request. */
const READ_AHEAD_BYTES = 64 * 1024;

/**
 * The table of contents of a .7z (single, or volumes joined by the source): the 32-byte start header (the
 * first bytes of volume 1) gives the place, size and CRC of the next header at the end of the archive; that
 * header is read (with the bytes before it, where an LZMA-compressed header's packed stream lies), checked,
 * then decoded and parsed by `options.parsing` (worker threads in the server, ended when `signal` aborts).
 * Two or three range requests whatever the archive's size. `maxUnpackedBytes` bounds a decoded header.
 */
export async function readSevenZipContents(source: ByteSource, maxUnpackedBytes: number, options: ReadOptions = {}): Promise<ParsedContents> {
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  const parse = async (task: HeaderTask): Promise<SevenZipHeader> => {
    const result = await (options.parsing ?? inThreadParsing).run(task, options.signal);
    if (result.kind !== 'sevenZip') throw corrupt('the header parsed as something else');
    return result.header;
  };
  if (source.size < START_HEADER_SIZE) throw corrupt(`a 7z has at least ${START_HEADER_SIZE} bytes, this one ${source.size}`);
  const start = new HeaderCursor(await source.read(0, START_HEADER_SIZE));
  if (!SIGNATURE.every((byte) => start.byte() === byte)) throw corrupt('wrong 7z signature');
  start.skip(2);
  const startCrc = start.uint32();
  if (crc32(start.bytes.subarray(12, 32)) !== startCrc) throw corrupt('the start header fails its CRC');
  const nextOffset = start.uint64();
  const nextSize = start.uint64();
  const nextCrc = start.uint32();
  if (nextSize === 0) return { format: 'SEVEN_ZIP', entries: [] };
  if (START_HEADER_SIZE + nextOffset + nextSize > source.size) throw corrupt('the next header lies past the end of the archive');
  const header = await source.read(START_HEADER_SIZE + nextOffset, nextSize, READ_AHEAD_BYTES);
  if (crc32(header) !== nextCrc) throw corrupt('the next header fails its CRC');
  let parsed = await parse({ kind: 'sevenZipHeader', header, maxEntries });
  for (let level = 0; level <= MAX_ENCODING_LEVELS; level += 1) {
    if (parsed.kind === 'files') return { format: 'SEVEN_ZIP', entries: parsed.entries };
    const { encoded } = parsed;
    if (encoded.unpackSize > maxUnpackedBytes) throw corrupt(`its compressed header claims ${encoded.unpackSize} bytes, above ${maxUnpackedBytes}`);
    const packed = await source.read(START_HEADER_SIZE + encoded.packPosition, encoded.packSize);
    parsed = await parse({ kind: 'sevenZipEncoded', encoded, packed, maxEntries });
  }
  throw corrupt('headers encoded in headers, again and again');
}
