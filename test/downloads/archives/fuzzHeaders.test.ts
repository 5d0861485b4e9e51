import { createRequire } from 'node:module';
import { ArchiveError } from '../../../src/downloads/archives/ArchiveError';
import { crc32 } from '../../../src/downloads/archives/crc32';
import { decodeLzma } from '../../../src/downloads/archives/decodeLzma';
import { parseSevenZipHeader } from '../../../src/downloads/archives/parseSevenZipHeader';
import { readSevenZipContents } from '../../../src/downloads/archives/readSevenZipContents';
import { parseCentralDirectory, readZipContents } from '../../../src/downloads/archives/readZipContents';
import { buildSevenZip, buildZip, fixtureTree, memorySource } from './archiveFixtures';
import { seededRandom as seeded } from '../../helpers/seededRandom';

/** A copy of `bytes` with 1 to 8 changes: a random byte, a bit flip, or a run of 0xFF (a huge count). */
function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const changes = 1 + Math.floor(random() * 8);
  for (let change = 0; change < changes; change += 1) {
    const at = Math.floor(random() * copy.length);
    const kind = random();
    if (kind < 0.4) copy[at] = Math.floor(random() * 256);
    else if (kind < 0.8) copy[at] = (copy[at] as number) ^ (1 << Math.floor(random() * 8));
    else copy.fill(0xff, at, Math.min(copy.length, at + 1 + Math.floor(random() * 8)));
  }
  return copy;
}

/** Runs `parse` on every case: each must end in a value or an ArchiveError, quickly; the heap must stay bounded. */
async function fuzz(cases: number, seed: number, input: Uint8Array, parse: (mutated: Uint8Array) => unknown) {
  const random = seeded(seed);
  const heapBefore = process.memoryUsage().heapUsed;
  let faults = 0;
  let slowest = 0;
  for (let index = 0; index < cases; index += 1) {
    const mutated = mutate(input, random);
    const started = performance.now();
    try {
      await parse(mutated);
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw new Error(`case ${index} (seed ${seed}) threw ${String(error)}`, { cause: error });
      faults += 1;
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  return { faults, slowest, heapGrowth };
}

// Private: the next header of a 7z, as the start header locates it.
function nextHeaderOf(archive: Buffer): Buffer {
  const offset = Number(archive.readBigUInt64LE(12));
  const size = Number(archive.readBigUInt64LE(20));
  return archive.subarray(32 + offset, 32 + offset + size);
}

/**
 * Longest one case may take: a hang or a blow-up takes seconds to forever, a parse of these headers a few ms
 * (the bound leaves room for a loaded 2-core machine).
 */
const MAX_CASE_MS = 2000;
const files = fixtureTree(20_000);
const plainSevenZip = buildSevenZip(files, { compressHeader: false })[0] as Buffer;
const encodedSevenZip = buildSevenZip(files, { compressHeader: true })[0] as Buffer;
const zip = buildZip(files);

describe('archive header parsers under mutation', () => {
  // Thousands of cases each: more than the default 20 s on a loaded machine.
  jest.setTimeout(120_000);

  it('parseSevenZipHeader: 1500 mutated plain headers end in entries or an ArchiveError, each quickly', async () => {
    const header = nextHeaderOf(plainSevenZip);
    expect(parseSevenZipHeader(header).kind).toBe('files');
    const result = await fuzz(1500, 15, header, (mutated) => parseSevenZipHeader(mutated));
    expect(result.faults).toBeGreaterThan(100);
    expect(result.slowest).toBeLessThan(MAX_CASE_MS);
    expect(result.heapGrowth).toBeLessThan(200 * 1024 * 1024);
  });

  it('decodeLzma: 150 mutated packed headers decode to exactly their size or fail with an ArchiveError', async () => {
    const stub = parseSevenZipHeader(nextHeaderOf(encodedSevenZip));
    if (stub.kind !== 'encoded') throw new Error('expected an encoded header');
    const { encoded } = stub;
    const packed = encodedSevenZip.subarray(32 + encoded.packPosition, 32 + encoded.packPosition + encoded.packSize);
    expect(parseSevenZipHeader(decodeLzma(encoded.properties, packed, encoded.unpackSize)).kind).toBe('files');
    const result = await fuzz(150, 16, packed, (mutated) => {
      const decoded = decodeLzma(encoded.properties, mutated, encoded.unpackSize);
      expect(decoded.length).toBe(encoded.unpackSize);
      return parseSevenZipHeader(decoded);
    });
    expect(result.slowest).toBeLessThan(MAX_CASE_MS);
    expect(result.heapGrowth).toBeLessThan(200 * 1024 * 1024);
  });

  it('readSevenZipContents: mutated start headers (CRC fixed up) never read past the cap', async () => {
    const random = seeded(17);
    let faults = 0;
    for (let index = 0; index < 300; index += 1) {
      const archive = Buffer.from(encodedSevenZip);
      archive.set(mutate(archive.subarray(12, 32), random), 12);
      archive.writeUInt32LE(crc32(archive.subarray(12, 32)), 8);
      const { source } = memorySource([archive], 100_000);
      try {
        await readSevenZipContents(source, 100_000);
      } catch (error) {
        expect(error).toBeInstanceOf(ArchiveError);
        faults += 1;
      }
      expect(source.bytesRead).toBeLessThanOrEqual(100_000);
    }
    expect(faults).toBeGreaterThan(240);
  });

  it('parseCentralDirectory and readZipContents: 1500 mutated zips end in entries or an ArchiveError', async () => {
    const entryCount = zip.readUInt16LE(zip.length - 12);
    const directory = zip.subarray(zip.readUInt32LE(zip.length - 6), zip.length - 22);
    const directoryResult = await fuzz(1500, 18, directory, (mutated) => parseCentralDirectory(mutated, entryCount));
    expect(directoryResult.faults).toBeGreaterThan(100);
    expect(directoryResult.slowest).toBeLessThan(MAX_CASE_MS);
    const tail = zip.subarray(zip.length - 200);
    const wholeResult = await fuzz(1500, 19, tail, async (mutated) => {
      const archive = Buffer.concat([zip.subarray(0, zip.length - 200), mutated]);
      const { source } = memorySource([archive], 100_000);
      await readZipContents(source);
      expect(source.bytesRead).toBeLessThanOrEqual(100_000);
    });
    expect(wholeResult.faults).toBeGreaterThan(100);
    expect(wholeResult.heapGrowth).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('hostile 7z headers', () => {
  it.each([
    ['a file count of 2^50', Uint8Array.from([0x01, 0x05, 0xfe, 0, 0, 0, 0, 0, 0, 4, 0])],
    [
      'a folder count larger than the header',
      Uint8Array.from([0x17, 0x06, 0x00, 0x01, 0x09, 0x10, 0x00, 0x07, 0x0b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]),
    ],
    ['a header that ends midway', Uint8Array.from([0x01, 0x04, 0x06])],
    ['an unknown top property', Uint8Array.from([0x42])],
    ['an empty header', new Uint8Array(0)],
  ])('refuses %s with an ArchiveError', (_label, bytes) => {
    expect(() => parseSevenZipHeader(bytes)).toThrow(ArchiveError);
  });

  it('refuses a compressed header announcing more bytes than the cap, before reading it', async () => {
    const { source, requests } = memorySource([encodedSevenZip], 10_000_000);
    await expect(readSevenZipContents(source, 10)).rejects.toMatchObject({ reason: 'CORRUPT' });
    expect(requests).toHaveLength(2);
  });

  it('stops a header that decodes to itself after a few levels', async () => {
    const archive = selfEncodingArchive();
    const { source } = memorySource([archive]);
    await expect(readSevenZipContents(source, 1_000_000)).rejects.toMatchObject({ reason: 'CORRUPT', message: expect.stringContaining('again and again') });
  });
});

// Private: a .7z whose next header is an encoded-header stub whose LZMA stream decodes to that same stub.
function selfEncodingArchive(): Buffer {
  const compress = (createRequire(__filename)('lzma/src/lzma_worker.js') as { LZMA_WORKER: { compress(input: Uint8Array, mode: number): number[] } })
    .LZMA_WORKER.compress;
  let packSize = 0;
  let stub = Buffer.alloc(0);
  let packed = Buffer.alloc(0);
  for (let round = 0; round < 10; round += 1) {
    const properties = Buffer.from(compress(Uint8Array.from([1]), 1).slice(0, 5));
    const make = (size: number, unpack: number) =>
      Buffer.from([
        0x17,
        0x06,
        0x00,
        0x01,
        0x09,
        size,
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
        unpack,
        0x00,
        0x00,
      ]);
    stub = make(packSize, 0);
    stub = make(packSize, stub.length);
    const lzmaFile = Buffer.from(compress(stub, 1).map((value) => value & 0xff));
    packed = lzmaFile.subarray(13);
    if (packed.length === packSize) break;
    packSize = packed.length;
  }
  const start = Buffer.alloc(32);
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]).copy(start);
  start.writeBigUInt64LE(BigInt(packed.length), 12);
  start.writeBigUInt64LE(BigInt(stub.length), 20);
  start.writeUInt32LE(crc32(stub), 28);
  start.writeUInt32LE(crc32(start.subarray(12, 32)), 8);
  return Buffer.concat([start, packed, stub]);
}
