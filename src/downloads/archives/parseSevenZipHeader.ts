import { ArchiveError, corrupt, tooManyEntries } from './ArchiveError';
import type { ArchiveEntryModel } from './ArchiveContentsModel';
import { crcHex } from './crc32';
import { SevenZipCursor } from './SevenZipCursor';

/** Property ids of the 7z header (7zFormat.txt). */
const ID = {
  END: 0x00,
  HEADER: 0x01,
  ARCHIVE_PROPERTIES: 0x02,
  ADDITIONAL_STREAMS: 0x03,
  MAIN_STREAMS: 0x04,
  FILES: 0x05,
  PACK_INFO: 0x06,
  UNPACK_INFO: 0x07,
  SUBSTREAMS: 0x08,
  SIZE: 0x09,
  CRC: 0x0a,
  FOLDER: 0x0b,
  UNPACK_SIZE: 0x0c,
  UNPACK_STREAM_COUNT: 0x0d,
  EMPTY_STREAM: 0x0e,
  EMPTY_FILE: 0x0f,
  NAME: 0x11,
  MTIME: 0x14,
  ATTRIBUTES: 0x15,
  ENCODED_HEADER: 0x17,
  DUMMY: 0x19,
} as const;

/** The LZMA coder's id. */
const LZMA_CODER = '030101';
/** Most coders in one folder (7-Zip writes at most 4 plus bonds). */
const MAX_CODERS = 32;

/** One coder of a folder. */
interface Coder {
  /** Method id in hex, e.g. `030101` for LZMA. */
  id: string;
  inStreams: number;
  outStreams: number;
  properties: Uint8Array;
}

/** A folder: a chain of coders, unpacked as one stream then cut into the files it holds. */
interface Folder {
  coders: Coder[];
  /** Size of the folder's final output. */
  unpackSize: number;
  unpackCrc: number | null;
  packStreams: number;
}

/** The packed streams and folders of a `StreamsInfo`. */
interface Streams {
  packPosition: number;
  packSizes: number[];
  folders: Folder[];
  /** Per folder, the sizes and CRCs of the files it holds. */
  substreams: Array<Array<{ size: number; crc: number | null }>>;
}

/** Where a compressed header lies, and how to decode it. */
export interface EncodedHeader {
  /** Offset after the 32-byte start header. */
  packPosition: number;
  packSize: number;
  /** LZMA properties (the only header coder this reader decodes). */
  properties: Uint8Array;
  unpackSize: number;
  unpackCrc: number | null;
}

/** A parsed next header: the files, or the stub pointing at the compressed real header. */
export type SevenZipHeader = { kind: 'files'; entries: ArchiveEntryModel[] } | { kind: 'encoded'; encoded: EncodedHeader };

/**
 * Parses a 7z "next header" (plain or the stub of an encoded one) into the table of contents. Every count is
 * checked against the bytes left, so the work and memory are linear in the header's size whatever it claims;
 * more files than `maxEntries` is `TOO_MANY_ENTRIES`, before any is read.
 */
export function parseSevenZipHeader(bytes: Uint8Array, maxEntries = Number.POSITIVE_INFINITY): SevenZipHeader {
  const cursor = new SevenZipCursor(bytes);
  const kind = cursor.byte();
  if (kind === ID.ENCODED_HEADER) return { kind: 'encoded', encoded: encodedHeader(readStreams(cursor)) };
  if (kind !== ID.HEADER) throw corrupt(`the header starts with property ${kind}, expected a header`);
  let property = cursor.byte();
  if (property === ID.ARCHIVE_PROPERTIES) {
    for (let type = cursor.byte(); type !== ID.END; type = cursor.byte()) cursor.skip(cursor.count());
    property = cursor.byte();
  }
  if (property === ID.ADDITIONAL_STREAMS) {
    readStreams(cursor);
    property = cursor.byte();
  }
  let streams: Streams = { packPosition: 0, packSizes: [], folders: [], substreams: [] };
  if (property === ID.MAIN_STREAMS) {
    streams = readStreams(cursor);
    property = cursor.byte();
  }
  let entries: ArchiveEntryModel[] = [];
  if (property === ID.FILES) {
    entries = readFiles(cursor, streams, maxEntries);
    property = cursor.byte();
  } else if (streams.substreams.some((list) => list.length > 0)) {
    throw corrupt('streams without files');
  }
  if (property !== ID.END) throw corrupt(`unexpected property ${property} in the header`);
  return { kind: 'files', entries };
}

// Private: the one-folder, one-LZMA-coder stream of an encoded header.
function encodedHeader(streams: Streams): EncodedHeader {
  const folder = streams.folders[0];
  const coder = folder?.coders[0];
  if (!folder || !coder || streams.folders.length !== 1 || streams.packSizes.length !== 1) throw corrupt('an encoded header without exactly one stream');
  if (folder.coders.length !== 1 || coder.id !== LZMA_CODER) {
    const encrypted = folder.coders.some((candidate) => candidate.id === '06f10701');
    throw new ArchiveError(
      'UNSUPPORTED',
      encrypted ? 'The archive header is encrypted.' : `The archive header is compressed with coder ${folder.coders.map((c) => c.id).join('+')}, not LZMA.`,
    );
  }
  return {
    packPosition: streams.packPosition,
    packSize: streams.packSizes[0] as number,
    properties: coder.properties,
    unpackSize: folder.unpackSize,
    unpackCrc: folder.unpackCrc,
  };
}

// Private: StreamsInfo: PackInfo, UnpackInfo (folders), SubStreamsInfo, in that order, each optional.
function readStreams(cursor: SevenZipCursor): Streams {
  const streams: Streams = { packPosition: 0, packSizes: [], folders: [], substreams: [] };
  let property = cursor.byte();
  if (property === ID.PACK_INFO) {
    streams.packPosition = cursor.number();
    const count = cursor.count();
    for (property = cursor.byte(); property !== ID.END; property = cursor.byte()) {
      if (property === ID.SIZE) streams.packSizes = Array.from({ length: count }, () => cursor.number());
      else if (property === ID.CRC) cursor.digests(count);
      else throw corrupt(`unexpected property ${property} in the pack info`);
    }
    if (streams.packSizes.length !== count) throw corrupt('pack streams without sizes');
    property = cursor.byte();
  }
  if (property === ID.UNPACK_INFO) {
    streams.folders = readFolders(cursor);
    property = cursor.byte();
  }
  streams.substreams = streams.folders.map((folder) => [{ size: folder.unpackSize, crc: folder.unpackCrc }]);
  if (property === ID.SUBSTREAMS) {
    streams.substreams = readSubstreams(cursor, streams.folders);
    property = cursor.byte();
  }
  if (property !== ID.END) throw corrupt(`unexpected property ${property} in the streams info`);
  const packStreams = streams.folders.reduce((sum, folder) => sum + folder.packStreams, 0);
  if (packStreams !== streams.packSizes.length) throw corrupt(`folders use ${packStreams} packed streams, the pack info lists ${streams.packSizes.length}`);
  return streams;
}

// Private: UnpackInfo: the folders, then the size of every coder output, then the folders' CRCs.
function readFolders(cursor: SevenZipCursor): Folder[] {
  if (cursor.byte() !== ID.FOLDER) throw corrupt('unpack info without folders');
  const count = cursor.count(2);
  if (cursor.byte() !== 0) throw new ArchiveError('UNSUPPORTED', 'The archive keeps its folders outside the header.');
  const shapes = Array.from({ length: count }, () => readFolderShape(cursor));
  if (cursor.byte() !== ID.UNPACK_SIZE) throw corrupt('folders without unpack sizes');
  const folders: Folder[] = shapes.map((shape) => {
    const sizes = Array.from({ length: shape.outStreams }, () => cursor.number());
    return { coders: shape.coders, unpackSize: sizes[shape.mainOut] as number, unpackCrc: null, packStreams: shape.packStreams };
  });
  for (let property = cursor.byte(); property !== ID.END; property = cursor.byte()) {
    if (property !== ID.CRC) throw corrupt(`unexpected property ${property} in the unpack info`);
    cursor.digests(count).forEach((crc, index) => ((folders[index] as Folder).unpackCrc = crc));
  }
  return folders;
}

// Private: one folder's coders and bonds; `mainOut` is the output no bond consumes.
function readFolderShape(cursor: SevenZipCursor) {
  const coderCount = cursor.number();
  if (coderCount < 1 || coderCount > MAX_CODERS) throw corrupt(`a folder with ${coderCount} coders`);
  const coders: Coder[] = [];
  for (let index = 0; index < coderCount; index += 1) {
    const flags = cursor.byte();
    if (flags & 0xc0) throw new ArchiveError('UNSUPPORTED', 'A coder uses alternative methods (reserved 7z flag).');
    const id = Buffer.from(cursor.take(flags & 0x0f)).toString('hex');
    const complex = (flags & 0x10) !== 0;
    const inStreams = complex ? cursor.number() : 1;
    const outStreams = complex ? cursor.number() : 1;
    if (inStreams > MAX_CODERS || outStreams > MAX_CODERS) throw corrupt('a coder with too many streams');
    const properties = flags & 0x20 ? cursor.take(cursor.count()) : new Uint8Array(0);
    coders.push({ id, inStreams, outStreams, properties });
  }
  const outStreams = coders.reduce((sum, coder) => sum + coder.outStreams, 0);
  const inStreams = coders.reduce((sum, coder) => sum + coder.inStreams, 0);
  const bonds = outStreams - 1;
  if (bonds < 0 || inStreams < bonds) throw corrupt('a folder whose coders do not chain');
  const boundOutputs = new Set<number>();
  for (let index = 0; index < bonds; index += 1) {
    cursor.number();
    const out = cursor.number();
    if (out >= outStreams) throw corrupt('a bond to a missing coder output');
    boundOutputs.add(out);
  }
  const packStreams = inStreams - bonds;
  if (packStreams > 1) for (let index = 0; index < packStreams; index += 1) cursor.number();
  const mainOut = Array.from({ length: outStreams }, (_, index) => index).find((index) => !boundOutputs.has(index));
  if (mainOut === undefined) throw corrupt('a folder without a final output');
  return { coders, outStreams, mainOut, packStreams };
}

// Private: SubStreamsInfo: how many files each folder holds, their sizes (the last one implied), their CRCs.
function readSubstreams(cursor: SevenZipCursor, folders: Folder[]): Streams['substreams'] {
  let counts = folders.map(() => 1);
  let property = cursor.byte();
  if (property === ID.UNPACK_STREAM_COUNT) {
    let total = 0;
    counts = folders.map(() => {
      const count = cursor.number();
      total += count;
      // Every file with data needs a name and more in the same header: more than its bytes is a lie.
      if (total > cursor.bytes.length) throw corrupt(`${total} files cannot fit in a header of ${cursor.bytes.length} bytes`);
      return count;
    });
    property = cursor.byte();
  }
  const sizes: number[][] = folders.map((folder, index) => (counts[index] === 1 ? [folder.unpackSize] : []));
  if (property === ID.SIZE) {
    folders.forEach((folder, index) => {
      const count = counts[index] as number;
      if (count === 0) return;
      let used = 0;
      const list: number[] = [];
      for (let sub = 0; sub < count - 1; sub += 1) {
        const size = cursor.number();
        used += size;
        list.push(size);
      }
      if (used > folder.unpackSize) throw corrupt('the files of a folder are larger than the folder');
      list.push(folder.unpackSize - used);
      sizes[index] = list;
    });
    property = cursor.byte();
  }
  if (sizes.some((list, index) => list.length !== counts[index])) throw corrupt('substreams without sizes');
  // CRCs are listed only for the streams whose CRC is not the folder's own (a folder of one file with a CRC).
  const needCrc = folders.map((folder, index) => !(counts[index] === 1 && folder.unpackCrc !== null));
  const crcs: Array<Array<number | null>> = folders.map((folder, index) =>
    needCrc[index] ? new Array<number | null>(counts[index] as number).fill(null) : [folder.unpackCrc],
  );
  for (; property !== ID.END; property = cursor.byte()) {
    if (property !== ID.CRC) throw corrupt(`unexpected property ${property} in the substreams info`);
    const listed = cursor.digests(folders.reduce((sum, _folder, index) => sum + (needCrc[index] ? (counts[index] as number) : 0), 0));
    let next = 0;
    folders.forEach((_folder, index) => {
      if (needCrc[index]) crcs[index] = crcs[index]!.map(() => listed[next++] ?? null);
    });
  }
  return sizes.map((list, index) => list.map((size, sub) => ({ size, crc: crcs[index]?.[sub] ?? null })));
}

// Private: FilesInfo: names, empty streams (directories and empty files), times, attributes.
function readFiles(cursor: SevenZipCursor, streams: Streams, maxEntries: number): ArchiveEntryModel[] {
  const count = cursor.count();
  if (count > maxEntries) throw tooManyEntries(count, maxEntries);
  let emptyStream: boolean[] = new Array<boolean>(count).fill(false);
  let emptyFile: boolean[] = [];
  let names: string[] = [];
  let mtimes: Array<string | null> = [];
  let attributes: Array<number | null> = [];
  for (let type = cursor.byte(); type !== ID.END; type = cursor.byte()) {
    const size = cursor.count();
    const field = new SevenZipCursor(cursor.take(size));
    if (type === ID.EMPTY_STREAM) emptyStream = field.bits(count);
    else if (type === ID.EMPTY_FILE) emptyFile = field.bits(emptyStream.filter(Boolean).length);
    else if (type === ID.NAME) names = readNames(field, count);
    else if (type === ID.MTIME) mtimes = readTimes(field, count);
    else if (type === ID.ATTRIBUTES) attributes = readAttributes(field, count);
  }
  if (names.length !== count) throw corrupt('files without names');
  const withData: Array<{ size: number; crc: number | null; folder: number; alone: boolean }> = [];
  streams.substreams.forEach((list, folder) => {
    for (const stream of list) withData.push({ size: stream.size, crc: stream.crc, folder, alone: list.length === 1 });
  });
  if (withData.length !== emptyStream.filter((empty) => !empty).length) {
    throw corrupt(`${withData.length} data streams for ${emptyStream.filter((empty) => !empty).length} files with data`);
  }
  // The first packed stream of each folder (prefix sums: a lookup per file must not rescan the folders).
  const firstPack: number[] = [];
  streams.folders.reduce((sum, folder) => (firstPack.push(sum), sum + folder.packStreams), 0);
  let nextStream = 0;
  let nextEmpty = 0;
  return names.map((path, index) => {
    const modified = mtimes[index] ?? null;
    const directoryAttribute = ((attributes[index] ?? 0) & 0x10) !== 0;
    if (emptyStream[index]) {
      const isDirectory = !(emptyFile[nextEmpty++] ?? false) || directoryAttribute;
      return { path, size: isDirectory ? null : 0, compressedSize: null, crc32: null, modified, isDirectory };
    }
    const stream = withData[nextStream++] as { size: number; crc: number | null; folder: number; alone: boolean };
    const folder = streams.folders[stream.folder] as Folder;
    // A folder of one file on one packed stream: its packed size is the file's alone.
    const compressedSize = stream.alone && folder.packStreams === 1 ? (streams.packSizes[firstPack[stream.folder] as number] ?? null) : null;
    return { path, size: stream.size, compressedSize, crc32: stream.crc === null ? null : crcHex(stream.crc), modified, isDirectory: false };
  });
}

// Private: zero-terminated UTF-16LE names.
function readNames(field: SevenZipCursor, count: number): string[] {
  if (field.byte() !== 0) throw new ArchiveError('UNSUPPORTED', 'The archive keeps its file names outside the header.');
  const decoder = new TextDecoder('utf-16le');
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = field.position;
    while (field.uint16() !== 0) {
      // scan to the terminator; `uint16` fails past the end
    }
    names.push(decoder.decode(field.bytes.subarray(start, field.position - 2)).replace(/\\/g, '/'));
  }
  return names;
}

// Private: FILETIMEs (100 ns since 1601) as RFC 3339 UTC.
function readTimes(field: SevenZipCursor, count: number): Array<string | null> {
  const defined = field.definedBits(count);
  if (field.byte() !== 0) throw new ArchiveError('UNSUPPORTED', 'The archive keeps its times outside the header.');
  return defined.map((isDefined) => {
    if (!isDefined) return null;
    const low = field.uint32();
    const high = field.uint32();
    const milliseconds = (high * 0x1_0000_0000 + low) / 10_000 - 11_644_473_600_000;
    const date = new Date(Math.floor(milliseconds));
    return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
  });
}

// Private: Windows attributes (bit 4: directory).
function readAttributes(field: SevenZipCursor, count: number): Array<number | null> {
  const defined = field.definedBits(count);
  if (field.byte() !== 0) throw new ArchiveError('UNSUPPORTED', 'The archive keeps its attributes outside the header.');
  return defined.map((isDefined) => (isDefined ? field.uint32() : null));
}
