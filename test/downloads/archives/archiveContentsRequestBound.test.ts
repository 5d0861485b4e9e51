import { ArchiveReader } from '../../../src/downloads/archives/ArchiveReader';
import { ARCHIVE_TABLE_READS, archiveContentsRequestBound } from '../../../src/downloads/archives/archiveContentsRequestBound';

import type { FileEntry } from '../../../src/upstream/format/model';
import { buildSevenZip, buildZip, fixtureTree } from './archiveFixtures';

const part = (name: string, size: number): FileEntry => ({
  resourceName: 'P',
  subResourceName: 'E',
  name,
  title: null,
  url: `https://up.example/download/P/E/${name}`,
  size,
  mediaType: null,
  md5: null,
  contentMediaTypes: [],
  isArchiveVolume: /\.\d{3}$/.test(name),
  updated: null,
});

// Reads real archives through the real reader, counting its Range requests.
async function requestsToRead(name: string, volumes: Buffer[], maxHeaderBytes: number): Promise<number> {
  const parts = volumes.map((bytes, index) => part(volumes.length === 1 ? name : `${name}.${String(index + 1).padStart(3, '0')}`, bytes.length));
  let requests = 0;
  const reader = new ArchiveReader({
    maxHeaderBytes,
    readRange: async (file, start, length) => {
      requests += 1;
      const bytes = volumes[parts.indexOf(file)] as Buffer;
      return { kind: 'bytes', bytes: bytes.subarray(start, start + length) };
    },
  });
  const contents = await reader.contents(parts);
  expect(contents?.entries.length).toBeGreaterThan(0);
  return requests;
}

describe('archiveContentsRequestBound(): what a table of contents reserves bounds what it sends', () => {
  const files = fixtureTree(120_000);
  const MAX = 4 * 1024 * 1024;

  it.each([
    ['a .zip', 'E.zip', [buildZip(files)]],
    ['a zip64', 'E.zip', [buildZip(files, { zip64: true })]],
    ['a .7z with a compressed header', 'E.7z', buildSevenZip(files, { compressHeader: true })],
    ['a .7z with a plain header', 'E.7z', buildSevenZip(files, { compressHeader: false })],
    ['a .7z split in volumes of 100 kB', 'E.7z', buildSevenZip(files, { compressHeader: true, split: 100_000 })],
    ['a .7z split in volumes of 2 kB (its header spans several)', 'E.7z', buildSevenZip(files, { compressHeader: false, split: 2_000 })],
  ])('%s', async (_label, name, volumes) => {
    const bound = archiveContentsRequestBound(
      volumes.map((volume) => volume.length),
      MAX,
    );
    const sent = await requestsToRead(name, volumes, MAX);
    expect(sent).toBeLessThanOrEqual(bound);
  });

  it('a single file: the reads of one table of contents', () => {
    expect(archiveContentsRequestBound([5_000_000_000], MAX)).toBe(ARCHIVE_TABLE_READS);
    expect(archiveContentsRequestBound([0, 5_000_000_000], MAX)).toBe(ARCHIVE_TABLE_READS);
  });

  it('volumes larger than the header cap: each read crosses one boundary at most', () => {
    expect(archiveContentsRequestBound(Array(23).fill(1_000_000_000), MAX)).toBe(2 * ARCHIVE_TABLE_READS);
  });

  it('small volumes: one request per volume a read may span, never more than every read touching every volume', () => {
    expect(archiveContentsRequestBound([1_000_000, 1_000_000, 1_000_000, 500], MAX)).toBe(3 * 4);
    expect(archiveContentsRequestBound(Array(100).fill(1_000_000), MAX)).toBe(2 * ARCHIVE_TABLE_READS + 4);
    expect(archiveContentsRequestBound([1_000_000, null], MAX)).toBe(2 * ARCHIVE_TABLE_READS);
  });
});
