import { ArchiveReader } from '../../../src/downloads/archives/ArchiveReader';
import type { FileEntry } from '../../../src/upstream/format/model';

const entry = (name: string, size: number | null = 100): FileEntry => ({
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

describe('ArchiveReader', () => {
  const reads: string[] = [];
  const reader = new ArchiveReader({
    maxHeaderBytes: 1_000_000,
    readRange: async (file, start, length) => {
      reads.push(`${file.name} ${start}+${length}`);
      return { kind: 'rangeIgnored', status: 200 };
    },
  });
  beforeEach(() => (reads.length = 0));

  it.each(['E.md5', 'E.pdf', 'E.tar.gz'])('has no table of contents for %s, and reads nothing', async (name) => {
    await expect(reader.contents([entry(name)])).resolves.toBeNull();
    expect(reads).toEqual([]);
  });

  it('refuses a zip split in volumes as UNSUPPORTED, before any request', async () => {
    await expect(reader.contents([entry('E.zip.001'), entry('E.zip.002')])).rejects.toMatchObject({ reason: 'UNSUPPORTED' });
    expect(reads).toEqual([]);
  });

  it('refuses a split archive with a volume of unknown size as INCOMPLETE', async () => {
    await expect(reader.contents([entry('E.7z.001'), entry('E.7z.002', null)])).rejects.toMatchObject({ reason: 'INCOMPLETE' });
  });

  it('stops at the first range the upstream ignores, with RANGE_IGNORED', async () => {
    await expect(reader.contents([entry('E.7z.001'), entry('E.7z.002')])).rejects.toMatchObject({ reason: 'RANGE_IGNORED' });
    expect(reads).toEqual(['E.7z.001 0+32']);
  });
});
