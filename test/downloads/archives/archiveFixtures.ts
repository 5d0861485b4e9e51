import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { ByteSource } from '../../../src/downloads/archives/ByteSource';
import { crc32 } from '../../../src/downloads/archives/crc32';
import { VolumeSet } from '../../../src/downloads/archives/VolumeSet';

/** One file put in a test archive. */
export interface FixtureFile {
  path: string;
  bytes: Buffer;
}

/** A tree of files with known contents: some compressible, one incompressible, an empty file, a directory. */
export function fixtureTree(randomSize = 150_000): FixtureFile[] {
  const random = randomBytes(randomSize);
  return [
    { path: 'data/communes.csv', bytes: Buffer.from(Array.from({ length: 4000 }, (_, i) => `${i};commune ${i};${i * 7}\n`).join('')) },
    { path: 'data/raster.bin', bytes: random },
    { path: 'docs/LISEZ-MOI é.txt', bytes: Buffer.from('Lisez-moi : données de test.\n') },
    { path: 'empty.txt', bytes: Buffer.alloc(0) },
  ];
}

/** The name of 7-Zip's command (`7zz` from Debian's `7zip`, `7z` from `p7zip-full`); fails loudly without it. */
export function sevenZipCommand(): string {
  for (const command of ['7zz', '7z']) {
    try {
      execFileSync(command, ['i'], { stdio: 'ignore' });
      return command;
    } catch {
      // try the next name
    }
  }
  throw new Error('7-Zip is required by these tests: install Debian package 7zip (command 7zz) or p7zip-full (command 7z).');
}

/** Builds a .7z of `files` with 7-Zip; `split` gives volume bytes; returns the volumes in order (one when not split). */
export function buildSevenZip(files: FixtureFile[], options: { compressHeader: boolean; split?: number }): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'geopf-7z-'));
  try {
    const tree = join(dir, 'tree');
    for (const file of files) {
      mkdirSync(join(tree, file.path, '..'), { recursive: true });
      writeFileSync(join(tree, file.path), file.bytes);
      utimesSync(join(tree, file.path), new Date('2025-06-17T10:20:30Z'), new Date('2025-06-17T10:20:30Z'));
    }
    const args = ['a', '-bd', '-bso0', join(dir, 'out.7z'), '.', `-mhc=${options.compressHeader ? 'on' : 'off'}`];
    if (options.split) args.push(`-v${options.split}b`);
    execFileSync(sevenZipCommand(), args, { cwd: tree, stdio: ['ignore', 'ignore', 'pipe'] });
    const names = readdirSync(dir)
      .filter((name) => name.startsWith('out.7z'))
      .sort();
    return names.map((name) => readFileSync(join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A .zip written here, byte by byte (stored or deflated entries, a directory entry, UTF-8 names, an archive
 * comment; `zip64` forces the ZIP64 end records).
 */
export function buildZip(files: FixtureFile[], options: { zip64?: boolean; comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const entries = [{ path: 'data/', bytes: Buffer.alloc(0), directory: true }, ...files.map((file) => ({ ...file, directory: false }))];
  for (const entry of entries) {
    const name = Buffer.from(entry.path, 'utf8');
    const deflated = deflateRawSync(entry.bytes);
    const useDeflate = !entry.directory && deflated.length < entry.bytes.length;
    const data = useDeflate ? deflated : entry.bytes;
    const crc = crc32(entry.bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(0x5283, 10); // 10:20:06
    local.writeUInt16LE(0x5ad1, 12); // 2025-06-17
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(useDeflate ? 8 : 0, 10);
    central.writeUInt16LE(0x5283, 12);
    central.writeUInt16LE(0x5ad1, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.bytes.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(entry.directory ? 0x10 : 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const tail: Buffer[] = [];
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (options.zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
  } else {
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
  }
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, ...tail, end, comment]);
}

/** A `ByteSource` over in-memory volumes, counting the requests each volume receives. */
export function memorySource(
  volumes: Buffer[],
  maxBytes = 4_000_000,
): { source: ByteSource; requests: Array<{ volume: number; start: number; length: number }> } {
  const set = new VolumeSet(volumes.map((volume) => volume.length));
  const requests: Array<{ volume: number; start: number; length: number }> = [];
  const source = new ByteSource(
    set.size,
    async (offset, length) => {
      const slices = set.slices(offset, length);
      requests.push(...slices);
      return Buffer.concat(slices.map((slice) => (volumes[slice.volume] as Buffer).subarray(slice.start, slice.start + slice.length)));
    },
    maxBytes,
  );
  return { source, requests };
}

/** `count` empty files named `D{n % 101}/TUILE_{n}.gpkg`: a zip listing that many entries (a legal, large directory). */
export function manyEntriesZip(count: number): Buffer {
  return buildZip(
    Array.from({ length: count }, (_, index) => ({ path: `D${index % 101}/TUILE_${String(index).padStart(6, '0')}.gpkg`, bytes: Buffer.alloc(0) })),
    { zip64: count >= 0xffff },
  );
}

/**
 * A tiny .7z whose LZMA-compressed header decodes to `count` empty, nameless entries (2 bytes each, and a bit):
 * a few hundred bytes on the wire that expand to a header of some 2 × `count` bytes.
 */
export function emptyEntriesSevenZip(count: number): Buffer {
  const names = Buffer.alloc(1 + 2 * count);
  const bits = Buffer.alloc(Math.ceil(count / 8), 0xff);
  if (count % 8 !== 0) bits[bits.length - 1] = (0xff << (8 - (count % 8))) & 0xff;
  const header = Buffer.concat([
    Buffer.from([0x01, 0x05, ...number7z(count)]),
    Buffer.from([0x0e, ...number7z(bits.length)]),
    bits,
    Buffer.from([0x11, ...number7z(names.length)]),
    names,
    Buffer.from([0x00, 0x00]),
  ]);
  const compress = (createRequire(__filename)('lzma/src/lzma_worker.js') as { LZMA_WORKER: { compress(input: Uint8Array, mode: number): number[] } })
    .LZMA_WORKER.compress;
  const lzmaFile = Buffer.from(compress(header, 1).map((value) => value & 0xff));
  const properties = lzmaFile.subarray(0, 5);
  const packed = lzmaFile.subarray(13);
  const stub = Buffer.from([
    0x17,
    0x06,
    0x00,
    0x01,
    0x09,
    ...number7z(packed.length),
    0x00,
    0x07,
    0x0b,
    0x01,
    0x00,
    0x01,
    0x23,
    0x03,
    0x01,
    0x01,
    0x05,
    ...properties,
    0x0c,
    ...number7z(header.length),
    0x0a,
    0x01,
    ...uint32(crc32(header)),
    0x00,
    0x00,
  ]);
  const start = Buffer.alloc(32);
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]).copy(start);
  start.writeBigUInt64LE(BigInt(packed.length), 12);
  start.writeBigUInt64LE(BigInt(stub.length), 20);
  start.writeUInt32LE(crc32(stub), 28);
  start.writeUInt32LE(crc32(start.subarray(12, 32)), 8);
  return Buffer.concat([start, packed, stub]);
}

// Private: 7z's NUMBER: the first byte's leading 1 bits say how many little-endian bytes follow.
function number7z(value: number): number[] {
  if (value < 0x80) return [value];
  if (value < 0x4000) return [0x80 | (value >> 8), value & 0xff];
  if (value < 0x200000) return [0xc0 | (value >> 16), value & 0xff, (value >> 8) & 0xff];
  if (value < 0x10000000) return [0xe0 | (value >> 24), value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff];
  throw new RangeError(`number7z: ${value} is too large for this fixture`);
}

function uint32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}
