import { ArchiveError } from '../../../src/downloads/archives/ArchiveError';
import { decodeLzma, decodeLzmaInWorker } from '../../../src/downloads/archives/decodeLzma';
import { parseSevenZipHeader, type EncodedHeader } from '../../../src/downloads/archives/parseSevenZipHeader';
import { buildSevenZip } from './archiveFixtures';

// A header of 2000 names: some 150 KB once decoded.
const archive = buildSevenZip(
  Array.from({ length: 2000 }, (_, index) => ({ path: `D${index % 101}/COUCHE_${index}.gpkg`, bytes: Buffer.from(String(index)) })),
  { compressHeader: true },
)[0] as Buffer;
const stub = parseSevenZipHeader(
  archive.subarray(32 + Number(archive.readBigUInt64LE(12)), 32 + Number(archive.readBigUInt64LE(12)) + Number(archive.readBigUInt64LE(20))),
);
const encoded = (stub as { encoded: EncodedHeader }).encoded;
const packed = archive.subarray(32 + encoded.packPosition, 32 + encoded.packPosition + encoded.packSize);

describe('decodeLzmaInWorker()', () => {
  it('decodes what the in-thread decoder decodes, while the event loop keeps turning', async () => {
    let turns = 0;
    let turning = true;
    const spin = () => {
      turns += 1;
      if (turning) setImmediate(spin);
    };
    setImmediate(spin);
    const decoded = await decodeLzmaInWorker(encoded.properties, packed, encoded.unpackSize);
    turning = false;
    expect(Buffer.from(decoded).equals(Buffer.from(decodeLzma(encoded.properties, packed, encoded.unpackSize)))).toBe(true);
    expect(turns).toBeGreaterThan(5);
  });

  it('stops decoding when the operation ends', async () => {
    const controller = new AbortController();
    const decoding = decodeLzmaInWorker(encoded.properties, packed, encoded.unpackSize, controller.signal);
    controller.abort();
    await expect(decoding).rejects.toBeInstanceOf(ArchiveError);
  });

  it('answers garbage with an ArchiveError, not a crash', async () => {
    await expect(decodeLzmaInWorker(encoded.properties, Buffer.alloc(packed.length, 0xa5), encoded.unpackSize)).rejects.toBeInstanceOf(ArchiveError);
  });
});
