import { buildCatalogue, findEdition, findResource, resourceFacets } from './catalogue';
import type { FakeEdition, FakeResource } from './catalogue';
import { BDORTHO_MULTIPART, LIDAR_TILED_EDITION } from './specialResources';

/** Private: the resource or a failing assertion. */
function must(cat: FakeResource[], name: string): FakeResource {
  const r = findResource(cat, name);
  if (r === undefined) throw new Error(`expected resource ${name} in the catalogue`);
  return r;
}

/** Private: all editions of the catalogue. */
function allEditions(cat: FakeResource[]): FakeEdition[] {
  return cat.flatMap((r) => r.editions);
}

describe('buildCatalogue()', () => {
  const cat = buildCatalogue();

  describe('with no options', () => {
    it('returns exactly 116 resources with unique names', () => {
      expect(cat).toHaveLength(116);
      expect(new Set(cat.map((r) => r.name)).size).toBe(116);
    });

    it('returns the same catalogue on every call', () => {
      expect(JSON.stringify(buildCatalogue())).toBe(JSON.stringify(cat));
    });

    it('starts with the real ADMIN EXPRESS ids and ends with cartes, cartes_anciennes', () => {
      expect(cat.slice(0, 3).map((r) => r.name)).toEqual(['ADMIN-EXPRESS', 'ADMIN-EXPRESS-COG', 'ADMIN-EXPRESS-COG-CARTO']);
      expect(cat.slice(-2).map((r) => r.name)).toEqual(['cartes', 'cartes_anciennes']);
    });

    it('contains the real ids clients use, case-sensitively', () => {
      for (const name of ['BDORTHO', 'BDTOPO', 'RGEALTI', 'PARCS.JARDINS', 'BDTOPO_EXPRESS', 'LiDARHD-NUALID']) {
        expect(findResource(cat, name)?.name).toBe(name);
      }
      expect(findResource(cat, 'bdortho')).toBeUndefined();
    });

    it('fills the rest with generated PRODUIT-NNN ids', () => {
      expect(cat.filter((r) => /^PRODUIT-\d{3}$/.test(r.name)).length).toBeGreaterThan(50);
    });

    it('gives every resource a display title different from its name', () => {
      expect(cat.filter((r) => r.title === r.name).map((r) => r.name)).toEqual([]);
    });

    it('gives the first 3 resources at least 2 editions, each with at least 1 file', () => {
      for (const r of cat.slice(0, 3)) {
        expect(r.editions.length).toBeGreaterThanOrEqual(2);
        expect(r.editions.filter((e) => e.files.length === 0)).toEqual([]);
      }
    });

    it('keeps most resources small (0 to 6 editions)', () => {
      const small = cat.filter((r) => r.editions.length <= 6).length;
      expect(small).toBeGreaterThanOrEqual(110);
    });

    it('uses unique edition names per resource and unique file names per edition', () => {
      for (const r of cat) {
        expect(new Set(r.editions.map((e) => e.name)).size).toBe(r.editions.length);
        for (const e of r.editions) expect(new Set(e.files.map((f) => f.name)).size).toBe(e.files.length);
      }
    });

    it('gives every file a 32-hex lowercase md5 and a positive integer length', () => {
      const files = allEditions(cat).flatMap((e) => e.files);
      expect(files.filter((f) => !/^[0-9a-f]{32}$/.test(f.md5))).toEqual([]);
      expect(files.filter((f) => !Number.isSafeInteger(f.length) || f.length <= 0)).toEqual([]);
    });

    it('writes every updated as YYYY-MM-DDT14:59:00+01:00', () => {
      const stamps = [...cat.map((r) => r.updated), ...allEditions(cat).map((e) => e.updated)];
      expect(stamps.filter((s) => !/^\d{4}-\d{2}-\d{2}T14:59:00\+01:00$/.test(s))).toEqual([]);
    });

    it('has sizes above 2^31 and 2^32, and files without <updated>', () => {
      const files = allEditions(cat).flatMap((e) => e.files);
      expect(files.some((f) => f.length === 4145934963)).toBe(true);
      expect(files.some((f) => f.length >= 2 ** 32)).toBe(true);
      expect(files.some((f) => f.updated === undefined)).toBe(true);
      expect(files.some((f) => f.type === 'application/pdf')).toBe(true);
    });

    it('has an edition with more than 50 files', () => {
      const tiled = findEdition(must(cat, 'MNT-LIDARHD'), LIDAR_TILED_EDITION);
      expect(tiled?.files.length).toBeGreaterThan(50);
    });

    it('has both languages', () => {
      const langs = new Set(allEditions(cat).map((e) => e.lang));
      expect([...langs].sort()).toEqual(['eng', 'fre']);
    });
  });

  describe('ADMIN-EXPRESS-COG', () => {
    const cog = must(cat, 'ADMIN-EXPRESS-COG');

    it('has 24 editions over SHP/GPKG, 7 zones and 6 CRS', () => {
      const facets = resourceFacets(cog);
      expect(cog.editions).toHaveLength(24);
      expect(facets.formats.map((t) => t.term).sort()).toEqual(['GPKG', 'SHP']);
      expect(facets.zones.map((t) => t.term)).toEqual(['FRA', 'FXX', 'GLP', 'MTQ', 'GUF', 'REU', 'MYT']);
      expect(facets.crs).toHaveLength(6);
    });

    it('dates editions from 2023-05-03 to 2026-01-01 and uses the samples names', () => {
      const dates = cog.editions.map((e) => e.editionDate ?? '').sort();
      expect([dates[0], dates[dates.length - 1]]).toEqual(['2023-05-03', '2026-01-01']);
      expect(findEdition(cog, 'ADMIN-EXPRESS-COG_3-1__SHP_WGS84G_FRA_2023-05-03')).toBeDefined();
      expect(findEdition(cog, 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01')?.crs).toEqual({
        term: 'EPSG:2154',
        label: 'RGF93 v1 / Lambert-93',
      });
    });

    it('lists {sub}.7z + {sub}.md5, except the 2026 editions which have the archive only', () => {
      for (const e of cog.editions) {
        const expected = e.editionDate === '2026-01-01' ? [`${e.name}.7z`] : [`${e.name}.7z`, `${e.name}.md5`];
        expect(e.files.map((f) => f.name)).toEqual(expected);
      }
    });
  });

  describe('BDORTHO', () => {
    const ortho = must(cat, 'BDORTHO');

    it('has at least 120 editions (3+ pages of 50) over département zones', () => {
      expect(ortho.editions.length).toBeGreaterThanOrEqual(120);
      const zones = resourceFacets(ortho).zones;
      expect(zones).toContainEqual({ term: 'D075', label: 'D075 Paris' });
      expect(zones).toContainEqual({ term: 'D02A', label: 'D02A Corse-du-Sud' });
      expect(zones.map((z) => z.term)).toEqual(expect.arrayContaining(['D971', 'D973']));
    });

    it('has a zone whose label is empty', () => {
      expect(resourceFacets(ortho).zones).toContainEqual({ term: 'D986', label: '' });
    });

    it('splits the Guyane edition into 22 rel="section" volumes of 4 GiB (but the last) plus a .md5', () => {
      const files = findEdition(ortho, BDORTHO_MULTIPART)?.files ?? [];
      expect(files).toHaveLength(23);
      const volumes = files.slice(0, 22);
      expect(volumes.map((f) => f.name)).toEqual(Array.from({ length: 22 }, (_, i) => `${BDORTHO_MULTIPART}.7z.${String(i + 1).padStart(3, '0')}`));
      expect(volumes.every((f) => f.rel === 'section')).toBe(true);
      expect(volumes.slice(0, 21).every((f) => f.length === 4294967296)).toBe(true);
      expect(volumes[21]?.length).toBeLessThan(4294967296);
      expect(files[22]).toMatchObject({ name: `${BDORTHO_MULTIPART}.md5`, rel: 'alternate' });
    });
  });

  describe('untyped series (cartes, cartes_anciennes)', () => {
    it('have editions with no zone, format nor CRS, some with no edition date', () => {
      const editions = [...must(cat, 'cartes').editions, ...must(cat, 'cartes_anciennes').editions];
      expect(editions.length).toBeGreaterThan(0);
      expect(editions.every((e) => e.zone === null && e.format === null && e.crs === null)).toBe(true);
      expect(editions.some((e) => e.editionDate === null)).toBe(true);
    });
  });

  describe('with resourceCount', () => {
    it('returns the first N resources of the default order when N is small', () => {
      expect(buildCatalogue({ resourceCount: 5 }).map((r) => r.name)).toEqual(cat.slice(0, 5).map((r) => r.name));
    });

    it('generates more fillers when N is above 116', () => {
      const big = buildCatalogue({ resourceCount: 130 });
      expect(big).toHaveLength(130);
      expect(new Set(big.map((r) => r.name)).size).toBe(130);
    });

    it('rejects a negative count', () => {
      expect(() => buildCatalogue({ resourceCount: -1 })).toThrow('expected resourceCount to be an integer >= 0, got -1');
    });
  });
});

describe('resourceFacets()', () => {
  it('lists distinct terms in first-seen edition order and skips nulls', () => {
    const edition = (zone: string | null, format: string): FakeEdition => ({
      name: `E-${zone}-${format}`,
      updated: '2025-01-01T14:59:00+01:00',
      editionDate: '2025-01-01',
      zone: zone === null ? null : { term: zone, label: zone },
      format: { term: format, label: format },
      crs: null,
      lang: 'fre',
      bbox: [0, 0, 1, 1],
      files: [],
    });
    const resource: FakeResource = {
      name: 'X',
      title: 'x',
      description: null,
      updated: '2025-01-01T14:59:00+01:00',
      thematic: [],
      editions: [edition('B', 'SHP'), edition(null, 'GPKG'), edition('A', 'SHP'), edition('B', 'GPKG')],
    };
    const facets = resourceFacets(resource);
    expect(facets.zones.map((z) => z.term)).toEqual(['B', 'A']);
    expect(facets.formats.map((f) => f.term)).toEqual(['SHP', 'GPKG']);
    expect(facets.crs).toEqual([]);
  });
});
