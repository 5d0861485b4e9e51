import { ListingSnapshot } from '../../../src/catalogue/index/ListingSnapshot';
import type { ListedCatalogue, ListedEditionRow } from '../../../src/catalogue/store/CatalogueStore';

const T0 = '2026-01-01T00:00:00.000Z';

function edition(product: string, name: string, zone: string | null, format: string | null, crs: string | null, date: string | null): ListedEditionRow {
  return { product, name, zone, zone_label: null, format, format_label: null, crs, crs_label: null, edition_date: date, first_seen_at: T0 };
}

/**
 * P: read whole, 5 editions, first page of the capabilities. Q: listed 51st, never read whole. R: added by an
 * incremental pass (no position), read whole, empty. S: its indexed editions do not number its total.
 */
const CATALOGUE: ListedCatalogue = {
  revision: 1,
  products: [
    { name: 'P', listing_position: 1, edition_total: 5, listed_at: T0 },
    { name: 'Q', listing_position: 51, edition_total: null, listed_at: null },
    { name: 'R', listing_position: null, edition_total: 0, listed_at: T0 },
    { name: 'S', listing_position: 120, edition_total: 2, listed_at: T0 },
  ],
  editions: [
    edition('P', 'E5', 'FXX', 'GPKG', 'EPSG:2154', '2023-12-31'),
    edition('S', 'S1', 'D075', 'GPKG', 'EPSG:2154', '2024-01-01'),
    edition('P', 'E1', 'D075', 'GPKG', 'EPSG:2154', '2024-01-01'),
    edition('P', 'E3', 'D013', 'GPKG', 'EPSG:2154', '2025-01-01'),
    edition('P', 'E2', 'D075', 'SHP', 'EPSG:2154', '2024-06-30'),
    edition('P', 'E4', 'D013', 'GPKG', 'EPSG:4326', null),
  ],
};

describe('ListingSnapshot', () => {
  const snapshot = ListingSnapshot.fromCatalogue(CATALOGUE);

  describe('knownTotal() of the capabilities', () => {
    it('is the number of listed products once a complete walk is recorded', () => {
      expect(snapshot.knownTotal(['capabilities'], {})).toBe(4);
    });

    it('is undefined under any filter, and before any complete walk', () => {
      expect(snapshot.knownTotal(['capabilities'], { updatedFrom: '2026-01-01' })).toBeUndefined();
      expect(snapshot.knownTotal(['capabilities'], { zone: 'D075' })).toBeUndefined();
      const unwalked = ListingSnapshot.fromCatalogue({ ...CATALOGUE, products: CATALOGUE.products.map((product) => ({ ...product, listing_position: null })) });
      expect(unwalked.knownTotal(['capabilities'], {})).toBeUndefined();
      expect(ListingSnapshot.EMPTY.knownTotal(['capabilities'], {})).toBeUndefined();
    });
  });

  describe("knownTotal() of a product's listing", () => {
    it.each([
      ['no filter', {}, 5],
      ['a zone', { zone: 'D075' }, 2],
      ['a zone and a format', { zone: 'D075', format: 'GPKG' }, 1],
      ['a format and a CRS', { format: 'GPKG', crs: 'EPSG:2154' }, 3],
      ['a date from (undated editions never match)', { editionDateFrom: '2024-01-01' }, 3],
      ['a date to', { editionDateTo: '2024-06-30' }, 3],
      ['one day, bounds inclusive', { editionDateFrom: '2024-06-30', editionDateTo: '2024-06-30' }, 1],
      ['a zone and a date range', { zone: 'D013', editionDateFrom: '2024-01-01', editionDateTo: '2025-12-31' }, 1],
      ['a CRS only an undated edition has, with a date', { crs: 'EPSG:4326', editionDateFrom: '2000-01-01' }, 0],
      ['a zone no edition has', { zone: 'D999' }, 0],
      ['a zone of another product', { zone: 'D075', format: 'SHP', crs: 'EPSG:4326' }, 0],
    ])('counts its listed editions matching %s', (_, params, total) => {
      expect(snapshot.knownTotal(['resource', 'P'], params)).toBe(total);
    });

    it('answers 0 for a product read whole without editions', () => {
      expect(snapshot.knownTotal(['resource', 'R'], {})).toBe(0);
      expect(snapshot.knownTotal(['resource', 'R'], { zone: 'D075' })).toBe(0);
    });

    it.each([
      ['a polygon', { polygon: '2,48;3,48;3,49;2,48' }],
      ['a language', { lang: 'fre' }],
      ['a paging key', { page: '2' }],
      ['a zone and a polygon', { zone: 'D075', polygon: '2,48;3,48;3,49;2,48' }],
      ['a format the upstream matches regardless of case', { format: 'gpkg' }],
      ['a CRS written without EPSG:', { crs: '2154' }],
      ['a malformed date', { editionDateFrom: '2024-1-1' }],
      ['an empty value', { zone: '' }],
    ])('is undefined under %s', (_, params) => {
      expect(snapshot.knownTotal(['resource', 'P'], params)).toBeUndefined();
    });

    it('is undefined for a product never read whole, one whose editions do not number its total, and an unknown one', () => {
      expect(snapshot.knownTotal(['resource', 'Q'], {})).toBeUndefined();
      expect(snapshot.knownTotal(['resource', 'S'], {})).toBeUndefined();
      expect(snapshot.knownTotal(['resource', 'NOPE'], {})).toBeUndefined();
    });

    it("is undefined for an edition's files and other paths", () => {
      expect(snapshot.knownTotal(['resource', 'P', 'E1'], {})).toBeUndefined();
      expect(snapshot.knownTotal(['resource'], {})).toBeUndefined();
      expect(snapshot.knownTotal([], {})).toBeUndefined();
    });
  });

  describe('capabilitiesPageOf()', () => {
    /** The same catalogue before R was listed (every product placed by the last complete walk). */
    const walked = ListingSnapshot.fromCatalogue({ ...CATALOGUE, products: CATALOGUE.products.filter((product) => product.name !== 'R') });
    it('is the page of 50 holding the recorded position', () => {
      expect(walked.capabilitiesPageOf('P')).toBe(1);
      expect(walked.capabilitiesPageOf('Q')).toBe(2);
      expect(walked.capabilitiesPageOf('S')).toBe(3);
      const edges = ListingSnapshot.fromCatalogue({
        products: [50, 100, 101].map((position) => ({ name: `N${position}`, listing_position: position, edition_total: null, listed_at: null })),
        editions: [],
      });
      expect([edges.capabilitiesPageOf('N50'), edges.capabilitiesPageOf('N100'), edges.capabilitiesPageOf('N101')]).toEqual([1, 2, 3]);
    });

    it('is undefined without a position', () => {
      expect(walked.capabilitiesPageOf('NOPE')).toBeUndefined();
    });

    it('is undefined for every product once one was listed since the last complete walk (it may have moved them all)', () => {
      expect(['P', 'Q', 'R', 'S'].map((name) => snapshot.capabilitiesPageOf(name))).toEqual([undefined, undefined, undefined, undefined]);
    });
  });

  describe('holdsEdition()', () => {
    it('tells whether the listing of a product read whole holds the edition', () => {
      for (const name of ['E1', 'E2', 'E3', 'E4', 'E5']) expect(snapshot.holdsEdition('P', name)).toBe(true);
      expect(snapshot.holdsEdition('P', 'E6')).toBe(false);
      expect(snapshot.holdsEdition('P', 'S1')).toBe(false);
      expect(snapshot.holdsEdition('R', 'E1')).toBe(false);
    });

    it('is false for an edition whose name ends with a date it is not listed under (a date-filtered listing misses it)', () => {
      const dated = ListingSnapshot.fromCatalogue({
        products: [{ name: 'D', listing_position: 1, edition_total: 2, listed_at: T0 }],
        editions: [edition('D', 'D_X_2021-01-01', 'FXX', 'GPKG', null, '2020-12-15'), edition('D', 'D_Y_2021-01-01', 'FXX', 'GPKG', null, '2021-01-01')],
      });
      expect(dated.holdsEdition('D', 'D_X_2021-01-01')).toBe(false);
      expect(dated.holdsEdition('D', 'D_Y_2021-01-01')).toBe(true);
    });

    it('is undefined for a product not read whole (or not held exactly)', () => {
      expect(snapshot.holdsEdition('Q', 'E1')).toBeUndefined();
      expect(snapshot.holdsEdition('S', 'S1')).toBeUndefined();
      expect(snapshot.holdsEdition('NOPE', 'E1')).toBeUndefined();
    });

    it('finds every name of a large listing by binary search, in code-unit order', () => {
      const names = Array.from({ length: 3800 }, (_, index) => `BDTOPO_${(index * 7919) % 3800}_${index % 3 ? 'a' : 'B'}`).concat(['é', 'Z', '_']);
      const large = ListingSnapshot.fromCatalogue({
        products: [{ name: 'BDTOPO', listing_position: 1, edition_total: names.length, listed_at: T0 }],
        editions: names.map((name) => edition('BDTOPO', name, 'D075', 'GPKG', null, null)),
      });
      expect(names.every((name) => large.holdsEdition('BDTOPO', name))).toBe(true);
      expect(large.holdsEdition('BDTOPO', 'BDTOPO_1_b')).toBe(false);
      expect(large.knownTotal(['resource', 'BDTOPO'], { zone: 'D075', format: 'GPKG' })).toBe(names.length);
    });
  });

  it('counts the listed products and the editions of the listings it holds (not S, held as not read whole)', () => {
    expect(snapshot.counts).toEqual({ products: 4, editions: 5 });
  });
});
