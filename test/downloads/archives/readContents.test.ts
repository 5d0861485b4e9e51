import { readSevenZipContents } from '../../../src/downloads/archives/readSevenZipContents';
import { readZipContents } from '../../../src/downloads/archives/readZipContents';
import { crc32, crcHex } from '../../../src/downloads/archives/crc32';
import { ArchiveError } from '../../../src/downloads/archives/ArchiveError';
import { buildSevenZip, buildZip, fixtureTree, memorySource } from './archiveFixtures';

const files = fixtureTree();
const expectedFiles = files.map((file) => ({
  path: file.path,
  size: file.bytes.length,
  crc32: file.bytes.length > 0 ? crcHex(crc32(file.bytes)) : expect.anything(),
  isDirectory: false,
}));

describe('readSevenZipContents()', () => {
  it.each([
    ['an LZMA-compressed header', { compressHeader: true }],
    ['a plain header', { compressHeader: false }],
  ])('lists every file of a single .7z with %s, in two or three range requests', async (_label, options) => {
    const [archive] = buildSevenZip(files, options);
    const { source, requests } = memorySource([archive as Buffer]);
    const contents = await readSevenZipContents(source, 4_000_000);
    expect(contents.format).toBe('SEVEN_ZIP');
    const byPath = new Map(contents.entries.map((entry) => [entry.path, entry]));
    for (const expected of expectedFiles) expect(byPath.get(expected.path)).toMatchObject({ ...expected, crc32: expected.size > 0 ? expected.crc32 : null });
    expect(byPath.get('data')).toMatchObject({ isDirectory: true });
    expect(byPath.get('data/communes.csv')?.modified).toBe('2025-06-17T10:20:30Z');
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(source.bytesRead).toBeLessThan((archive as Buffer).length);
  });

  it('reads a split .7z: the start header in volume 1, the header in the last volume', async () => {
    const volumes = buildSevenZip(files, { compressHeader: true, split: 40_000 });
    expect(volumes.length).toBeGreaterThanOrEqual(4);
    const { source, requests } = memorySource(volumes);
    const contents = await readSevenZipContents(source, 4_000_000);
    expect(contents.entries.map((entry) => entry.path).sort()).toEqual([
      'data',
      'data/communes.csv',
      'data/raster.bin',
      'docs',
      'docs/LISEZ-MOI é.txt',
      'empty.txt',
    ]);
    expect(requests[0]).toEqual({ volume: 0, start: 0, length: 32 });
    // Only the first volume and the last one or two were touched: never the middle ones.
    const touched = new Set(requests.map((request) => request.volume));
    for (let middle = 1; middle < volumes.length - 2; middle += 1) expect(touched.has(middle)).toBe(false);
    expect(touched.has(volumes.length - 1)).toBe(true);
  });

  it('refuses a header larger than the cap before reading it', async () => {
    const [archive] = buildSevenZip(files, { compressHeader: false });
    const { source, requests } = memorySource([archive as Buffer], 100);
    await expect(readSevenZipContents(source, 4_000_000)).rejects.toMatchObject({ reason: 'HEADER_TOO_LARGE' });
    expect(requests).toHaveLength(1);
  });

  it('refuses a file that is not a 7z', async () => {
    const { source } = memorySource([buildZip(files)]);
    await expect(readSevenZipContents(source, 4_000_000)).rejects.toBeInstanceOf(ArchiveError);
  });
});

describe('readZipContents()', () => {
  it.each([
    ['classic end record and a comment', { comment: 'IGN test archive' }],
    ['ZIP64 end records', { zip64: true }],
  ])('lists every entry with sizes, compressed sizes, CRCs and times (%s)', async (_label, options) => {
    const archive = buildZip(files, options);
    const { source, requests } = memorySource([archive]);
    const contents = await readZipContents(source);
    expect(contents.format).toBe('ZIP');
    expect(contents.entries[0]).toMatchObject({ path: 'data/', isDirectory: true, crc32: null });
    const raster = contents.entries.find((entry) => entry.path === 'data/raster.bin');
    expect(raster).toMatchObject({ size: 150_000, crc32: crcHex(crc32(files[1]!.bytes)), modified: '2025-06-17T10:20:06Z' });
    const csv = contents.entries.find((entry) => entry.path === 'data/communes.csv');
    expect(csv?.compressedSize).toBeLessThan(csv?.size ?? 0);
    expect(contents.entries.find((entry) => entry.path === 'docs/LISEZ-MOI é.txt')).toBeDefined();
    expect(contents.entries).toHaveLength(files.length + 1);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('reads only the end of a large zip: its directory, in the last 64 KiB, costs one request', async () => {
    const big = buildZip([...files, { path: 'big.bin', bytes: Buffer.alloc(3_000_000, 7) }, { path: 'zz.bin', bytes: fixtureTree(200_000)[1]!.bytes }]);
    const { source, requests } = memorySource([big]);
    await readZipContents(source);
    expect(requests).toHaveLength(1);
    expect(source.bytesRead).toBeLessThan(70_000);
  });

  it('refuses a file without an end record', async () => {
    const { source } = memorySource([Buffer.alloc(5000, 1)]);
    await expect(readZipContents(source)).rejects.toMatchObject({ reason: 'CORRUPT' });
  });
});
