import { DOMParser } from '@xmldom/xmldom';
import { md5Line } from '../../../src/downloads/files/downloadPlan';
import { aria2Input } from '../../../src/downloads/manifests/aria2Input';
import { metalink } from '../../../src/downloads/manifests/metalink';
import { GeopfClient } from '../../../src/upstream/client/GeopfClient';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import type { FileEntry } from '../../../src/upstream/format/model';
import { hostileName } from '../../helpers/hostileNames';
import { seededRandom } from '../../helpers/seededRandom';

const NAMES = (() => {
  const rand = seededRandom(240);
  return Array.from({ length: 300 }, () => hostileName(rand));
})();

const client = new GeopfClient({
  baseUrl: 'https://data.geopf.fr/telechargement',
  gate: new RateGate({ ratePerSecond: 10 }),
  timeoutMs: 1000,
  userAgent: 'test',
});

function fileNamed(name: string): FileEntry {
  return {
    resourceName: 'R',
    subResourceName: 'S',
    name,
    title: name,
    url: client.downloadUrl('R', 'S', name),
    size: 1,
    mediaType: null,
    md5: '0123456789abcdef0123456789abcdef',
    contentMediaTypes: [],
    isArchiveVolume: false,
    updated: null,
  };
}

// Each sink reads back, with its own rules, exactly the name it was given: never another file, line or option.
describe('every sink of a name, for 300 random hostile names', () => {
  it('download URLs: one path segment each, which decodes to the name', () => {
    for (const name of NAMES) {
      const url = new URL(client.downloadUrl('R', 'S', name));
      expect(url.origin).toBe('https://data.geopf.fr');
      expect(url.search + url.hash).toBe('');
      const segments = url.pathname.split('/');
      expect(segments.slice(0, -1)).toEqual(['', 'telechargement', 'download', 'R', 'S']);
      expect(decodeURIComponent(segments.at(-1) as string)).toBe(name);
    }
  });

  it('md5sum lines: one line, read back by md5sum\'s rule ("<md5>  <path>" to the end of the line) as the name', () => {
    for (const name of NAMES) {
      const line = md5Line('0123456789abcdef0123456789abcdef', name);
      expect(line).not.toMatch(/[\n\r\\]/);
      const path = /^[0-9a-f]{32} {2}(.*)$/.exec(line)?.[1];
      expect(path).toBe(name === '-' ? './-' : name);
    }
  });

  it('Metalink: well-formed XML whose file names and URLs are exactly the names and their URLs', () => {
    const problems: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(
      metalink(NAMES.map(fileNamed)),
      'application/xml',
    );
    expect(problems).toEqual([]);
    const files = doc.getElementsByTagName('file');
    expect(files.length).toBe(NAMES.length);
    NAMES.forEach((name, index) => {
      expect(files.item(index)?.getAttribute('name')).toBe(name);
      expect(files.item(index)?.getElementsByTagName('url').item(0)?.textContent).toBe(new URL(client.downloadUrl('R', 'S', name)).href);
    });
  });

  it('aria2 input: per file one URL line and one out= line read back (aria2c strips the ends) as the name, or a typed refusal', () => {
    for (const name of NAMES) {
      if (name.trim() !== name) {
        expect(() => aria2Input('E', [fileNamed(name)])).toThrow(
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }) }),
        );
        continue;
      }
      const lines = aria2Input(name, [fileNamed(name)]).split('\n');
      // The title comment, the URL, out=, checksum=, and the final empty line: no line a name could add.
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatch(/^# /);
      expect(lines[1]).toBe(new URL(client.downloadUrl('R', 'S', name)).href);
      expect(lines[2]?.trim().replace(/^out=/, '')).toBe(name);
      expect(lines[3]).toBe('  checksum=md5=0123456789abcdef0123456789abcdef');
    }
  });
});
