import { DOMParser } from '@xmldom/xmldom';
import { execFileSync } from 'node:child_process';
import { editionsManifestPlan } from '../../../src/downloads/manifests/editionsManifestPlan';
import { aria2Input } from '../../../src/downloads/manifests/aria2Input';
import { manifestPlan } from '../../../src/downloads/manifests/manifestPlan';
import { escapeXml, metalink } from '../../../src/downloads/manifests/metalink';
import { safeDownloadUrl, safeFileName } from '../../../src/downloads/manifests/safeFileName';
import type { FileEntry } from '../../../src/upstream/format/model';

const file = (name: string, overrides: Partial<FileEntry> = {}): FileEntry => ({
  resourceName: 'P',
  subResourceName: 'E',
  name,
  title: null,
  url: `https://data.geopf.fr/telechargement/download/P/E/${encodeURIComponent(name)}`,
  size: 1234,
  mediaType: 'application/x-7z-compressed',
  md5: '0123456789abcdef0123456789abcdef',
  contentMediaTypes: [],
  isArchiveVolume: false,
  updated: null,
  ...overrides,
});

describe('metalink()', () => {
  it('writes name, size, md5 and URL per file, in the Metalink 4 namespace', () => {
    const document = new DOMParser().parseFromString(metalink([file('A&B <1>.7z'), file('C.7z', { md5: null, size: null })]), 'application/xml');
    const files = Array.from(document.getElementsByTagNameNS('urn:ietf:params:xml:ns:metalink', 'file'));
    expect(files.map((element) => element.getAttribute('name'))).toEqual(['A&B <1>.7z', 'C.7z']);
    expect(files[0]?.getElementsByTagName('size')[0]?.textContent).toBe('1234');
    expect(files[0]?.getElementsByTagName('hash')[0]?.getAttribute('type')).toBe('md5');
    expect(files[0]?.getElementsByTagName('hash')[0]?.textContent).toBe('0123456789abcdef0123456789abcdef');
    expect(files[0]?.getElementsByTagName('url')[0]?.textContent).toBe('https://data.geopf.fr/telechargement/download/P/E/A%26B%20%3C1%3E.7z');
    // No md5, no size: listed without them, never with an invented value.
    expect(files[1]?.getElementsByTagName('hash')).toHaveLength(0);
    expect(files[1]?.getElementsByTagName('size')).toHaveLength(0);
  });

  it('escapes quotes in names so an attribute cannot be closed early', () => {
    const xml = metalink([file(`x" evil="1'.7z`)]);
    const document = new DOMParser().parseFromString(xml, 'application/xml');
    expect(document.getElementsByTagName('file')[0]?.getAttribute('name')).toBe(`x" evil="1'.7z`);
    expect(document.getElementsByTagName('file')[0]?.hasAttribute('evil')).toBe(false);
  });
});

describe('aria2Input()', () => {
  it('writes each URL then its indented out= and checksum=md5= options', () => {
    expect(aria2Input('E', [file('A.7z.001'), file('A.md5', { md5: null })])).toBe(
      [
        '# 2 files of E: aria2c -c -i THIS_FILE',
        'https://data.geopf.fr/telechargement/download/P/E/A.7z.001',
        '  out=A.7z.001',
        '  checksum=md5=0123456789abcdef0123456789abcdef',
        'https://data.geopf.fr/telechargement/download/P/E/A.md5',
        '  out=A.md5',
        '',
      ].join('\n'),
    );
  });
});

describe('safeFileName() and safeDownloadUrl()', () => {
  it.each(['../etc/passwd', 'a/b.7z', 'a\\b.7z', 'a\nb', '', '.', '..', 'x'.repeat(256), 'a\u2028b', 'a\u0000b', 'a\uffffb'])(
    'refuses the name %j, failing the whole manifest',
    (name) => {
      expect(() => safeFileName(name)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }) }));
      expect(() => aria2Input('E', [file(name)])).toThrow();
      expect(() => metalink([file(name)])).toThrow();
    },
  );

  it.each([
    'BDORTHO_2-0_RVB-0M20_JP2-E080_LAMB93_D075_2024-01-01.7z.001',
    'Notice é.pdf',
    "notice d'utilisation.pdf",
    '.hidden',
    '-rf',
    'a;b|c&d $(id) `id` #1 100%',
    'invoice\u202egpj.exe',
  ])('accepts %j in every format', (name) => {
    expect(safeFileName(name)).toBe(name);
    expect(aria2Input('E', [file(name)])).toContain(`\n  out=${name}\n`);
    expect(metalink([file(name)])).toContain(`<file name="${escapeXml(name)}">`);
  });

  it.each([' lead', 'trail ', '  '])('writes %j in a Metalink, and refuses it in an aria2 input file, which strips outer spaces', (name) => {
    expect(metalink([file(name)])).toContain(`<file name="${escapeXml(name)}">`);
    expect(() => aria2Input('E', [file(name)])).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('aria2c would read without its outer spaces'),
        extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }),
      }),
    );
  });

  it.each(['javascript:alert(1)', 'ftp://x/y', 'https://x/a\n  out=../../x', 'https://x/a\tb', 'not a url'])('refuses the URL %j', (url) => {
    expect(() => safeDownloadUrl(url)).toThrow();
    expect(() => aria2Input('E', [file('A.7z', { url })])).toThrow();
  });
});

describe('manifestPlan()', () => {
  it('keeps the shell plan and adds the manifest of the format asked, over the same ordered files', () => {
    const files = [file('E.7z.002'), file('E.md5', { mediaType: 'text/plain' }), file('E.7z.001')];
    const plan = manifestPlan('E', files, 'ARIA2');
    expect(plan.format).toBe('ARIA2');
    expect(
      plan.manifest
        .split('\n')
        .filter((line) => line.startsWith('  out='))
        .map((line) => line.slice(6)),
    ).toEqual(plan.files.map((entry) => entry.name));
    expect(manifestPlan('E', files, 'SCRIPT').manifest).toBe(plan.script);
  });
});

describe('editionsManifestPlan()', () => {
  const edition = (name: string, names: string[]) => ({ name, files: names.map((fileName) => file(fileName, { subResourceName: name })) });
  const window = [edition('E1', ['E1.7z.002', 'E1.7z.001']), edition('E2', ['E2.zip'])];

  it('puts each edition in a folder of its own, in every format', () => {
    const meta4 = new DOMParser().parseFromString(editionsManifestPlan(window, 'METALINK').manifest, 'application/xml');
    const names = Array.from({ length: meta4.getElementsByTagName('file').length }, (_, index) =>
      meta4.getElementsByTagName('file').item(index)?.getAttribute('name'),
    );
    expect(names).toEqual(['E1/E1.7z.001', 'E1/E1.7z.002', 'E2/E2.zip']);
    const aria2 = editionsManifestPlan(window, 'ARIA2');
    expect(aria2.manifest.split('\n').filter((line) => line.startsWith('  out='))).toEqual(['  out=E1/E1.7z.001', '  out=E1/E1.7z.002', '  out=E2/E2.zip']);
    expect(
      aria2.md5sum
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('  ')[1]),
    ).toEqual(['E1/E1.7z.001', 'E1/E1.7z.002', 'E2/E2.zip']);
    expect(aria2.totalSize).toBe(3 * 1234);
    const script = editionsManifestPlan(window, 'SCRIPT').manifest;
    expect(script.match(/^ {2}(mkdir|cd) .*$/gm)).toEqual(["  mkdir -p -- './E1'", "  cd -- './E1'", "  mkdir -p -- './E2'", "  cd -- './E2'"]);
    expect(script.match(/^[()]$/gm)).toEqual(['(', ')', '(', ')']);
    expect(() => execFileSync('bash', ['-n'], { input: script })).not.toThrow();
  });

  it.each(['a\\b', '..', 'a\tb'])('refuses the edition name %j as a folder, failing the whole plan in every format', (name) => {
    for (const format of ['SCRIPT', 'METALINK', 'ARIA2'] as const) {
      expect(() => editionsManifestPlan([window[0]!, edition(name, ['A.7z'])], format)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }) }),
      );
      expect(() => editionsManifestPlan([window[0]!, edition(name, [])], format)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }) }),
      );
    }
  });

  it('refuses two files written at one path (one edition name in two products), in every format', () => {
    const twin = { name: 'E1', files: [file('E1.7z.001', { resourceName: 'Q', subResourceName: 'E1' })] };
    for (const format of ['SCRIPT', 'METALINK', 'ARIA2'] as const) {
      expect(() => editionsManifestPlan([window[0]!, twin], format)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }) }),
      );
    }
  });

  it.each(['.hidden', '-rf', ' lead', "d'utilisation"])('writes the edition name %j as a folder, in every format it fits', (name) => {
    for (const format of ['SCRIPT', 'METALINK', 'ARIA2'] as const) {
      if (format === 'ARIA2' && name.trim() !== name) continue;
      expect(editionsManifestPlan([window[0]!, edition(name, ['A.7z'])], format).md5sum).toContain(`  ${name}/A.7z\n`);
    }
  });

  it('refuses an unsafe file name or URL of any edition, in every format', () => {
    for (const format of ['SCRIPT', 'METALINK', 'ARIA2'] as const) {
      expect(() => editionsManifestPlan([window[0]!, edition('E2', ['a\\b'])], format)).toThrow();
      const badUrl = { name: 'E2', files: [file('E2.zip', { subResourceName: 'E2', url: 'https://x/a\n  out=../../x' })] };
      expect(() => editionsManifestPlan([window[0]!, badUrl], format)).toThrow();
    }
  });
});
