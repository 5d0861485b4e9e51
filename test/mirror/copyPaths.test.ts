import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { editionFolder, filePaths, foldedSegment, makeEditionFolder, safeSegment, UnsafeNameError } from '../../src/mirror/copyPaths';
import { LOCK_FILE } from '../../src/mirror/copyLock';
import { STATE_FILE } from '../../src/mirror/MirrorState';
import { pick, seededRandom } from '../helpers/seededRandom';

describe('safeSegment()', () => {
  it.each([
    'BDTOPO_3-4_TOUSTHEMES_GPKG_LAMB93_D029_2025-03-15.7z.001',
    'notice … & légende (2024).pdf',
    "l'île d'Ouessant",
    '$(touch pwned)',
    '`id`',
    'a;b && c | d',
    '"quoted"',
    'x'.repeat(249),
    'é'.repeat(124),
    '-rf',
    '--exec=touch pwned',
    ' lead',
    'trail ',
    'a.',
    '\u202eevil.pdf',
    '.DS_Store',
    '.hidden',
    '..x',
    '.part',
    '.x.partial',
  ])('keeps %j as it is (no name is handed to a shell as code, every path is absolute)', (name) => {
    expect(safeSegment(name, 'file')).toBe(name);
  });

  it.each([
    ['', 'is empty or not a string'],
    [null, 'is empty or not a string'],
    [42, 'is empty or not a string'],
    ['.', 'is a dot segment'],
    ['..', 'is a dot segment'],
    ['...', 'is only dots and spaces'],
    ['. .', 'is only dots and spaces'],
    [STATE_FILE, "starts with .geopf-sync \\(the copy's own files\\)"],
    [LOCK_FILE, "starts with .geopf-sync \\(the copy's own files\\)"],
    ['.GEOPF-SYNC.json.0a1b.tmp', "starts with .geopf-sync \\(the copy's own files\\)"],
    ['.x.7z.part', 'has the form .NAME.part \\(a temporary download\\)'],
    ['.X.7Z.PART', 'has the form .NAME.part \\(a temporary download\\)'],
    ['.x.7z.part.', 'has the form .NAME.part \\(a temporary download\\)'],
    ['a/b', 'holds a slash or a backslash'],
    ['../escape', 'holds a slash or a backslash'],
    ['/etc/passwd', 'holds a slash or a backslash'],
    ['a\\b', 'holds a slash or a backslash'],
    ['a\u0000b', 'holds a control character'],
    ['a\nb', 'holds a control character'],
    ['a\u0085b', 'holds a control character'],
    ['a\u2028b', 'holds a control character'],
    ['x'.repeat(250), 'is longer than 249 bytes'],
    ['é'.repeat(125), 'is longer than 249 bytes'],
  ])('refuses %j: %s', (name, problem) => {
    expect(() => safeSegment(name, 'edition')).toThrow(UnsafeNameError);
    expect(() => safeSegment(name, 'edition')).toThrow(new RegExp(`^edition .* ${problem}: it cannot be a folder or file of the copy$`));
  });

  it('never lets an accepted name leave the copy, over 5,000 seeded random names of path pieces', () => {
    const rand = seededRandom(7);
    const pieces = ['a', '.', '..', '/', '\\', '-', ' ', '~', '$', '%2e', '\u0000', 'é', '*', '\n'];
    const dir = join(tmpdir(), 'copy');
    let accepted = 0;
    for (let round = 0; round < 5000; round += 1) {
      const names = [0, 1, 2].map(() => Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(rand, pieces)).join(''));
      let folder: string;
      try {
        folder = editionFolder(dir, names[0]!, names[1]!);
        const { final, part } = filePaths(folder, names[2]!);
        accepted += 1;
        // Exactly three segments below the copy, each the name itself.
        expect(relative(dir, final).split(sep)).toEqual(names);
        expect(relative(dir, part).split(sep)).toEqual([names[0], names[1], `.${names[2]}.part`]);
      } catch (error) {
        expect(error).toBeInstanceOf(UnsafeNameError);
      }
    }
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('foldedSegment()', () => {
  it.each([
    ['Data.7z', 'data.7z'],
    ['DATA.7Z', 'data.7z'],
    ['e\u0301te.pdf', '\u00e9te.pdf'],
    ['notice.pdf ', 'notice.pdf'],
    ['notice.pdf.', 'notice.pdf'],
    ['notice.pdf. . ', 'notice.pdf'],
  ])('takes %j and %j for one name, as a disk folding case, Unicode forms or trailing dots and spaces would', (first, second) => {
    expect(foldedSegment(first)).toBe(foldedSegment(second));
  });

  it.each([
    ['data.7z', 'data.7z.001'],
    [' data.7z', 'data.7z'],
    ['a-b', 'a_b'],
  ])('keeps %j and %j apart', (first, second) => {
    expect(foldedSegment(first)).not.toBe(foldedSegment(second));
  });
});

describe('makeEditionFolder()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'geopf-copy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes DIR/PRODUCT/EDITION, and again without complaint', async () => {
    const copy = join(dir, 'copy');
    expect(await makeEditionFolder(copy, 'BDTOPO', 'E1')).toBe(join(copy, 'BDTOPO', 'E1'));
    expect(await makeEditionFolder(copy, 'BDTOPO', 'E1')).toBe(join(copy, 'BDTOPO', 'E1'));
  });

  it('refuses to go through a symbolic link or a file where a folder should be', async () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const copy = join(dir, 'copy');
    mkdirSync(copy);
    symlinkSync(elsewhere, join(copy, 'BDTOPO'));
    await expect(makeEditionFolder(copy, 'BDTOPO', 'E1')).rejects.toThrow(/is not a plain folder/);
    writeFileSync(join(copy, 'ADMIN'), 'a file');
    await expect(makeEditionFolder(copy, 'ADMIN', 'E1')).rejects.toThrow(/is not a plain folder/);
  });
});
