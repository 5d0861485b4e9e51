import { AtomParseError, parseAtomFeed } from '../../../src/upstream/format/parseAtomFeed';
import { upstreamSample } from '../../helpers/fixtures';

const FEED_OPEN =
  `<feed xmlns:gpf_dl="https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd" xmlns="http://www.w3.org/2005/Atom" ` +
  `gpf_dl:page="1" gpf_dl:pagesize="50" gpf_dl:pagecount="1" gpf_dl:totalentries="1">`;

describe('parseAtomFeed()', () => {
  describe('paging attributes of <feed>', () => {
    it.each([
      ['capabilities-page1.xml', { page: 1, pageSize: 10, pageCount: 12, totalEntries: 116 }, 10],
      ['capabilities-last-page.xml', { page: 12, pageSize: 10, pageCount: 12, totalEntries: 116 }, 6],
      ['resource-ADMIN-EXPRESS-COG-page1.xml', { page: 1, pageSize: 10, pageCount: 3, totalEntries: 24 }, 10],
      ['subresource-BDORTHO-multipart-page1.xml', { page: 1, pageSize: 10, pageCount: 3, totalEntries: 23 }, 10],
      ['resource-BDTOPO-empty.xml', { page: 1, pageSize: 50, pageCount: 0, totalEntries: 0 }, 0],
    ])('reads %s', (file, paging, entryCount) => {
      const feed = parseAtomFeed(upstreamSample(file));
      expect(feed).toMatchObject(paging);
      expect(feed.entries).toHaveLength(entryCount);
    });

    it('reads totalentries as an attribute even when the gpf_dl prefix is bound to another URI', () => {
      const xml = `<feed xmlns:gpf_dl="http://x" xmlns="http://www.w3.org/2005/Atom" gpf_dl:page="2" gpf_dl:pagesize="50" gpf_dl:pagecount="3" gpf_dl:totalentries="120"><entry><gpf_dl:editionDate>2024-01-01</gpf_dl:editionDate></entry></feed>`;
      const feed = parseAtomFeed(xml);
      expect(feed).toMatchObject({ page: 2, pageSize: 50, pageCount: 3, totalEntries: 120 });
      expect(feed.entries[0]?.editionDate).toBe('2024-01-01');
    });

    it('does not depend on the order of attributes or children', () => {
      const xml =
        `<feed gpf_dl:totalentries="7" gpf_dl:pagecount="1" xmlns="http://www.w3.org/2005/Atom" gpf_dl:pagesize="50" gpf_dl:page="1" xmlns:gpf_dl="https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd">` +
        `<entry><content>abc</content><id>https://h/resource/X</id><title>T</title></entry><updated>2026-01-01T14:59:00+01:00</updated><title>Feed</title></feed>`;
      const feed = parseAtomFeed(xml);
      expect(feed).toMatchObject({ totalEntries: 7, title: 'Feed', updated: '2026-01-01T14:59:00+01:00' });
      expect(feed.entries[0]).toMatchObject({ id: 'https://h/resource/X', title: 'T', content: 'abc' });
    });
  });

  describe('entries', () => {
    it('reads zones, formats and CRS categories with their term and label', () => {
      const entry = parseAtomFeed(upstreamSample('capabilities-page1.xml')).entries[0];
      expect(entry?.zones).toHaveLength(7);
      expect(entry?.zones[0]).toEqual({ code: 'FRA', label: 'FRA France entière' });
      expect(entry?.formats).toEqual([
        { code: 'GPKG', label: 'GPKG (GeoPackage)' },
        { code: 'SHP', label: 'SHP (Shapefile)' },
      ]);
      expect(entry?.categories[1]).toEqual({ code: 'EPSG:2154', label: 'RGF93 v1 / Lambert-93' });
    });

    it('reads an empty label as null', () => {
      const xml = `${FEED_OPEN}<entry><gpf_dl:zone term="D986" label=""/><gpf_dl:zone term="SBA"/></entry></feed>`;
      expect(parseAtomFeed(xml).entries[0]?.zones).toEqual([
        { code: 'D986', label: null },
        { code: 'SBA', label: null },
      ]);
    });

    it('reads gpf_dl:length as a namespaced attribute, rel="section" and the link type', () => {
      const entry = parseAtomFeed(upstreamSample('subresource-BDORTHO-multipart-page1.xml')).entries[0];
      expect(entry?.links).toEqual([
        {
          href: 'https://data.geopf.fr/telechargement/download/BDORTHO/BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01/BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01.7z.001',
          rel: 'section',
          type: 'application/x-7z-compressed',
          length: '4294967296',
        },
      ]);
    });

    it('reads gpf_dl:mime_type values and the editionDate element', () => {
      const files = parseAtomFeed(upstreamSample('subresource-ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01.xml'));
      expect(files.entries[0]?.mimeTypes).toEqual(['application/geopackage+sqlite3']);
      expect(files.entries[1]?.mimeTypes).toEqual([]);
      const editions = parseAtomFeed(upstreamSample('resource-ADMIN-EXPRESS-COG-page1.xml'));
      expect(editions.entries[0]?.editionDate).toBe('2023-05-03');
    });

    it('defaults a link without rel to "alternate" and drops a link without href', () => {
      const xml = `${FEED_OPEN}<entry><link href="https://h/a"/><link rel="alternate"/></entry></feed>`;
      expect(parseAtomFeed(xml).entries[0]?.links).toEqual([{ href: 'https://h/a', rel: 'alternate', type: null, length: null }]);
    });

    it('ignores elements of other namespaces that share a local name', () => {
      const xml = `${FEED_OPEN}<entry xmlns:o="urn:other"><o:zone term="X" label="x"/><o:title>nope</o:title></entry></feed>`;
      expect(parseAtomFeed(xml).entries[0]).toMatchObject({ zones: [], title: null });
    });
  });

  describe('what is not an upstream feed', () => {
    it.each([
      ['truncated XML', upstreamSample('capabilities-page1.xml').slice(0, 2000)],
      ['the JSON representation', upstreamSample('resource-BDORTHO-page1-limit2.json')],
      ['an HTML error page', '<html><body>erreur HTML 429</body></html>'],
      ['an empty body', ''],
      ['a feed outside the Atom namespace', '<feed gpf_dl:totalentries="1" xmlns:gpf_dl="urn:x"/>'],
      ['a feed without totalentries', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'],
      ['a DOCTYPE with entities', `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]>${FEED_OPEN}<title>&a;</title></feed>`],
    ])('refuses %s with an AtomParseError', (_name, body) => {
      expect(() => parseAtomFeed(body)).toThrow(AtomParseError);
    });
  });
});
