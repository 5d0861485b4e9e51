import { ATOM_NS, GPF_DL_NS, capabilitiesFeed, downloadUrl, escapeXml, resourceFeed, subResourceFeed } from './atomFeed';
import type { FeedPaging } from './atomFeed';
import type { FakeEdition, FakeResource } from './catalogue';
import { elements, entriesOf, pagingOf, parseXml, str, strings } from './feedTestHelpers';

const BASE = 'http://127.0.0.1:1/telechargement';
const PAGING: FeedPaging = { page: 2, pageSize: 3, pageCount: 4, totalEntries: 11 };

const typed: FakeEdition = {
  name: 'X_1-0__GPKG_LAMB93_D075_2025-01-01',
  updated: '2025-03-01T14:59:00+01:00',
  editionDate: '2025-01-01',
  zone: { term: 'D075', label: 'D075 Paris' },
  format: { term: 'GPKG', label: 'GPKG (GeoPackage)' },
  crs: { term: 'EPSG:2154', label: 'RGF93 v1 / Lambert-93' },
  lang: 'fre',
  bbox: [2.2, 48.8, 2.5, 48.9],
  files: [
    {
      name: 'a&b <c>.7z.001',
      length: 4294967296,
      md5: '0123456789abcdef0123456789abcdef',
      type: 'application/x-7z-compressed',
      rel: 'section',
      mimeTypes: ['application/geopackage+sqlite3', 'text/plain'],
      updated: '2025-03-01T14:59:00+01:00',
    },
    { name: 'x.md5', length: 140, md5: 'fedcba9876543210fedcba9876543210', type: 'application/octet-stream', rel: 'alternate', mimeTypes: [] },
  ],
};
const untyped: FakeEdition = { ...typed, name: 'X_untyped', editionDate: null, zone: null, format: null, crs: null };
const resource: FakeResource = {
  name: 'X.Y_z',
  title: 'Parcs & "jardins" ®',
  description: 'Décrit <tout>',
  updated: '2025-03-01T14:59:00+01:00',
  thematic: [],
  editions: [typed, untyped],
};

describe('escapeXml()', () => {
  it('escapes the five XML special characters and nothing else', () => {
    expect(escapeXml(`a&b<c>d"e'f é®`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f é®');
  });
});

describe('atom feeds', () => {
  describe('shared shape', () => {
    const xml = resourceFeed(BASE, resource, PAGING, [typed]);

    it('starts with the single-quoted XML declaration and is one unindented line', () => {
      expect(xml.startsWith(`<?xml version='1.0' encoding='UTF-8' standalone='yes'?><feed `)).toBe(true);
      expect(xml).not.toContain('\n');
    });

    it('declares Atom as default namespace, gpf_dl and georss, and xml:lang="en"', () => {
      const doc = parseXml(xml);
      const feed = elements('/a:feed', doc)[0];
      expect(feed?.namespaceURI).toBe(ATOM_NS);
      expect(feed?.getAttribute('xmlns:gpf_dl')).toBe(GPF_DL_NS);
      expect(feed?.getAttribute('xmlns:georss')).toBe('http://www.georss.org/georss');
      expect(feed?.getAttribute('xml:lang')).toBe('en');
    });

    it('writes the paging numbers as gpf_dl attributes of <feed>', () => {
      expect(pagingOf(parseXml(xml))).toEqual({ page: '2', pagesize: '3', pagecount: '4', totalentries: '11' });
    });
  });

  describe('capabilitiesFeed()', () => {
    const doc = parseXml(capabilitiesFeed(BASE, PAGING, [resource, { ...resource, description: null }], '2026-01-01T14:59:00+01:00'));
    const [first, second] = entriesOf(doc);

    it('titles the entry with the display title (escaped) and links to the resource by id', () => {
      expect(str('a:title', first as Node)).toBe('Parcs & "jardins" ®');
      expect(str('a:id', first as Node)).toBe(`${BASE}/resource/X.Y_z`);
      expect(str('a:link[@rel="alternate"][@type="application/atom+xml"]/@href', first as Node)).toBe(`${BASE}/resource/X.Y_z`);
    });

    it('lists the derived CRS, zone and format facets', () => {
      expect(str('a:category/@term', first as Node)).toBe('EPSG:2154');
      expect(strings('gpf_dl:zone/@label', first as Node)).toEqual(['D075 Paris']);
      expect(strings('gpf_dl:format/@term', first as Node)).toEqual(['GPKG']);
    });

    it('writes <content> only when there is a description', () => {
      expect(strings('a:content', first as Node)).toEqual(['Décrit <tout>']);
      expect(strings('a:content', second as Node)).toEqual([]);
    });

    it('varies the order of children between entries', () => {
      expect(first?.firstChild?.nodeName).toBe('title');
      expect(second?.firstChild?.nodeName).toBe('id');
    });
  });

  describe('resourceFeed()', () => {
    const doc = parseXml(resourceFeed(BASE, resource, PAGING, [typed, untyped]));
    const [withFacets, withoutFacets] = entriesOf(doc);

    it('titles the feed with the display title', () => {
      expect(str('/a:feed/a:title', doc)).toBe('Parcs & "jardins" ®');
    });

    it('writes zone, format, category and editionDate of a typed edition', () => {
      const e = withFacets as Node;
      expect(str('a:id', e)).toBe(`${BASE}/resource/X.Y_z/${typed.name}`);
      expect(str('gpf_dl:zone/@term', e)).toBe('D075');
      expect(str('gpf_dl:format/@label', e)).toBe('GPKG (GeoPackage)');
      expect(str('a:category/@label', e)).toBe('RGF93 v1 / Lambert-93');
      expect(str('gpf_dl:editionDate', e)).toBe('2025-01-01');
    });

    it('omits the elements of null facets', () => {
      const e = withoutFacets as Node;
      expect(elements('gpf_dl:zone | gpf_dl:format | a:category | gpf_dl:editionDate', e)).toEqual([]);
      expect(str('a:title', e)).toBe('X_untyped');
    });
  });

  describe('subResourceFeed()', () => {
    const doc = parseXml(subResourceFeed(BASE, resource, typed, PAGING, typed.files));
    const [volume, md5] = entriesOf(doc);

    it('titles the feed with the edition name', () => {
      expect(str('/a:feed/a:title', doc)).toBe(typed.name);
    });

    it('links to the percent-encoded download URL, also used as <id>', () => {
      const url = downloadUrl(BASE, resource.name, typed.name, 'a&b <c>.7z.001');
      expect(url).toBe(`${BASE}/download/X.Y_z/${typed.name}/a%26b%20%3Cc%3E.7z.001`);
      expect(str('a:link/@href', volume as Node)).toBe(url);
      expect(str('a:id', volume as Node)).toBe(url);
    });

    it('writes the size as the namespaced gpf_dl:length attribute, with rel and type', () => {
      const link = elements('a:link', volume as Node)[0];
      expect(link?.getAttributeNS(GPF_DL_NS, 'length')).toBe('4294967296');
      expect(link?.hasAttributeNS(null, 'length')).toBe(false);
      expect(link?.getAttribute('rel')).toBe('section');
      expect(link?.getAttribute('type')).toBe('application/x-7z-compressed');
    });

    it('puts the MD5 in <content> and one gpf_dl:mime_type per payload type', () => {
      expect(str('a:content', volume as Node)).toBe('0123456789abcdef0123456789abcdef');
      expect(strings('gpf_dl:mime_type', volume as Node)).toEqual(['application/geopackage+sqlite3', 'text/plain']);
    });

    it('omits <updated> and gpf_dl:mime_type when the file has none', () => {
      expect(elements('a:updated | gpf_dl:mime_type', md5 as Node)).toEqual([]);
      expect(elements('a:updated', volume as Node)).toHaveLength(1);
    });
  });
});
