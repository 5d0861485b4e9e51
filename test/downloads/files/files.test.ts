import { spawnSync } from 'node:child_process';
import { groupArchives } from '../../../src/downloads/files/archives';
import { checksumReport, findCompanion, parseMd5Lines } from '../../../src/downloads/files/checksums';
import { downloadPlan } from '../../../src/downloads/files/downloadPlan';
import { fileRole } from '../../../src/downloads/files/fileRole';
import type { FileEntry } from '../../../src/upstream/format/model';

const file = (name: string, extra: Partial<FileEntry> = {}): FileEntry => ({
  resourceName: 'R',
  subResourceName: 'S',
  name,
  title: name,
  url: `https://h/download/R/S/${encodeURIComponent(name)}`,
  size: 10,
  mediaType: 'application/x-7z-compressed',
  md5: 'a'.repeat(32),
  contentMediaTypes: [],
  isArchiveVolume: false,
  updated: null,
  ...extra,
});

describe('fileRole()', () => {
  it.each([
    [file('S.7z'), 'DATA'],
    [file('S.7z.001', { isArchiveVolume: true }), 'PART'],
    [file('S.7z.002'), 'PART'],
    [file('S.md5', { mediaType: 'application/octet-stream' }), 'CHECKSUM'],
    [file('notice.pdf', { mediaType: 'application/pdf' }), 'DOCUMENTATION'],
    [file('LISEZMOI.txt', { mediaType: 'text/plain' }), 'DOCUMENTATION'],
    [file('metadata.xml', { mediaType: 'application/xml' }), 'METADATA'],
    [file('tile_0650_6860.copc.laz', { mediaType: 'application/octet-stream' }), 'DATA'],
  ])('%s is %s', (entry, role) => {
    expect(fileRole(entry)).toBe(role);
  });
});

describe('groupArchives()', () => {
  it('groups volumes under their base name in number order, whatever the feed order, and flags gaps', () => {
    const archives = groupArchives([
      file('S.7z.003'),
      file('S.md5'),
      file('S.7z.001'),
      file('S.7z.004', { size: 3 }),
      file('notice.pdf', { mediaType: 'application/pdf' }),
    ]);
    expect(archives).toEqual([
      {
        name: 'S.7z',
        parts: [expect.objectContaining({ name: 'S.7z.001' }), expect.objectContaining({ name: 'S.7z.003' }), expect.objectContaining({ name: 'S.7z.004' })],
        totalSize: 23,
        complete: false,
        missingParts: [2],
      },
    ]);
  });

  it('makes a single archive an archive of one part, and a sum unknown when a size is', () => {
    expect(groupArchives([file('S.7z', { size: null })])).toEqual([
      { name: 'S.7z', parts: [expect.objectContaining({ name: 'S.7z' })], totalSize: null, complete: true, missingParts: [] },
    ]);
  });
});

describe('md5 companions', () => {
  it.each([
    ['0123456789abcdef0123456789ABCDEF  S.7z', [{ fileName: 'S.7z', md5: '0123456789abcdef0123456789abcdef' }]],
    ['0123456789abcdef0123456789abcdef *./data/S.7z.001\r\n\r\n', [{ fileName: 'S.7z.001', md5: '0123456789abcdef0123456789abcdef' }]],
    ['MD5 (S.7z) = 0123456789abcdef0123456789abcdef', [{ fileName: 'S.7z', md5: '0123456789abcdef0123456789abcdef' }]],
    ['not a checksum\nzzzz  S.7z', []],
  ])('reads %j', (text, lines) => {
    expect(parseMd5Lines(text)).toEqual(lines);
  });

  it('cross-checks every line with the inline md5s', () => {
    const files = [file('S.7z.001', { md5: '1'.repeat(32) }), file('S.7z.002', { md5: '2'.repeat(32) }), file('S.md5', { md5: '9'.repeat(32) })];
    const companion = findCompanion(files, 'S')!;
    const report = checksumReport(files, companion, `${'1'.repeat(32)}  S.7z.001\n${'3'.repeat(32)}  S.7z.002\n${'4'.repeat(32)}  S.7z.003\n`);
    expect(report.lines.map((line) => line.agreement)).toEqual(['AGREE', 'DISAGREE', 'NOT_LISTED']);
    expect(report.allAgree).toBe(false);
    expect(checksumReport(files, companion, `${'1'.repeat(32)}  S.7z.001\n${'2'.repeat(32)}  S.7z.002\n`).allAgree).toBe(true);
    expect(checksumReport(files, companion, `${'1'.repeat(32)}  S.7z.001\n`).allAgree).toBe(false);
    expect(checksumReport(files, null, null)).toEqual({ companion: null, lines: [], allAgree: null });
  });
});

describe('downloadPlan()', () => {
  it('orders the checksum first, then volumes, and writes a resumable, verifying script', () => {
    const plan = downloadPlan("S'1", [
      file('S.7z.002', { md5: '2'.repeat(32) }),
      file("S'1.md5", { md5: '9'.repeat(32) }),
      file('S.7z.001', { md5: '1'.repeat(32), size: 5 }),
    ]);
    expect(plan.files.map((entry) => entry.name)).toEqual(["S'1.md5", 'S.7z.001', 'S.7z.002']);
    expect(plan.totalSize).toBe(25);
    expect(plan.md5sum).toBe(`${'9'.repeat(32)}  S'1.md5\n${'1'.repeat(32)}  S.7z.001\n${'2'.repeat(32)}  S.7z.002\n`);
    expect(plan.urls.split('\n')[1]).toBe('https://h/download/R/S/S.7z.001');
    expect(plan.script).toContain(
      "curl -fL --proto =https,http --proto-redir =https,http --retry 5 --retry-delay 5 -C - -o './S.7z.001' 'https://h/download/R/S/S.7z.001'\nsleep 1\n",
    );
    expect(plan.script).toContain("mkdir -p -- './S'\\''1'\ncd -- './S'\\''1'\n");
    expect(plan.script).toMatch(/md5sum -c -- '\.\/S'\\''1\.inline\.md5'\n$/);
  });

  it.each([
    ['case', 'A.7z', 'a.7z'],
    ['Unicode form', 'r\u00e9sum\u00e9.pdf', 're\u0301sume\u0301.pdf'],
    ['a file listed twice', 'S.7z', 'S.7z'],
  ])('refuses two files the same once %s is folded: on macOS or Windows one would replace the other', (_what, first, second) => {
    expect(() => downloadPlan('S', [file(first), file(second)])).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('would be written at one path'),
        extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }),
      }),
    );
  });

  it('writes a script bash accepts', () => {
    const plan = downloadPlan('S', [file('S.7z'), file('S.md5')]);
    const syntax = spawnSync('bash', ['-n'], { input: plan.script, encoding: 'utf8' });
    expect(syntax.status).toBe(0);
    expect(syntax.stderr).toBe('');
  });
});
