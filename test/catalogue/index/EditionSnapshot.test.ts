import { EditionSnapshot } from '../../../src/catalogue/index/EditionSnapshot';
import { searchEditions, type EditionSearch } from '../../../src/catalogue/index/searchEditions';
import { CatalogueStore, type EditionKey, type EditionOrder, type EditionQuery } from '../../../src/catalogue/store/CatalogueStore';
import { openStore } from '../../../src/catalogue/store/openStore';
import { parseWordQuery } from '../../../src/catalogue/words/WordQuery';
import type { ResourceEntry, SubResourceEntry } from '../../../src/upstream/format/model';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';
import { pick, seededRandom } from '../../helpers/seededRandom';

const TIMES = ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'];
const ZONES: Array<{ code: string; label: string | null } | null> = [
  { code: 'D029', label: 'D029 Finistère' },
  { code: 'D035', label: 'D035 Ille-et-Vilaine' },
  { code: 'D075', label: 'D075 Paris' },
  { code: 'FXX', label: 'FXX France métropolitaine' },
  { code: 'R53', label: null },
  null,
];
const FORMATS = [{ code: 'GPKG', label: 'GeoPackage' }, { code: 'SHP', label: null }, { code: 'gpkg', label: 'gpkg' }, null];
const CRS = [{ code: 'EPSG:2154', label: 'Lambert-93' }, { code: 'EPSG:4326', label: null }, null];
// Names whose order differs between code units and a locale (case, dashes, underscores, accents).
const NAME_PARTS = ['a-b', 'A_b', 'ab', 'Ab', 'é', 'Z', 'z-1', 'z_1', '10', '9'];
const PRODUCTS: ResourceEntry[] = [
  ['BDORTHO', 'BD ORTHO®', 'Orthophotographies départementales'],
  ['BDTOPO', 'BD TOPO®', 'Description vectorielle du territoire'],
  ['BD-TOPO-X', 'BD TOPO Express', null],
  ['COURBES', 'Courbes de niveau', 'Lignes de niveau'],
  ['cartes', 'Cartes IGN', 'Cartes topographiques'],
  ['Ortho-HR', 'Ortho haute résolution', 'Orthophotographie à 20 cm'],
  // Fillers: a product or a zone then holds few of the editions, and windows are picked among their candidates.
  ...Array.from({ length: 10 }, (_, index) => [`F${index}`, `Filler ${index}`, null]),
].map(([name, title, description]) => ({ name: name!, title: title ?? null, description: description ?? null, updated: 'u', zones: [], formats: [], crs: [] }));
const WORDS = ['ortho', 'orthophotographies', 'topo', 'bd topo', 'finistère', 'bretagne', 'paris', 'courbes niveau', 'cartes', 'france', 'nothing'];
const ORDERS: EditionOrder[] = ['EDITION_DATE_DESC', 'EDITION_DATE_ASC', 'FIRST_SEEN_DESC', 'NAME_ASC'];

/** Fills `store` with editions drawn by `rand`, listed in three passes (some withdrawn, some added later). */
async function fill(store: CatalogueStore, rand: () => number): Promise<void> {
  await store.applyCapabilities(PRODUCTS, true, TIMES[0]!, false);
  const editionsOf = (product: string): SubResourceEntry[] =>
    Array.from({ length: Math.floor(rand() * 60) }, (_, index) => ({
      resourceName: product,
      name: `${pick(rand, NAME_PARTS)}${index % 7 === 0 ? '' : `-${index}`}`,
      title: null,
      updated: null,
      editionDate: rand() < 0.15 ? null : `${2015 + Math.floor(rand() * 11)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01`,
      zone: relabelled(rand, pick(rand, ZONES)),
      format: relabelled(rand, pick(rand, FORMATS)),
      crs: relabelled(rand, pick(rand, CRS)),
    }));
  for (const [pass, time] of TIMES.entries()) {
    for (const product of PRODUCTS) {
      if (pass > 0 && rand() < 0.5) continue;
      const entries = editionsOf(product.name);
      const distinct = new Set(entries.map((entry) => entry.name)).size;
      await store.applyListing(product.name, entries, distinct, time, pass > 0);
    }
  }
}

/** A term as one product's listing may label it: the usual label, another spelling, or none. */
function relabelled(rand: () => number, term: { code: string; label: string | null } | null): { code: string; label: string | null } | null {
  if (term === null) return null;
  const draw = rand();
  return draw < 0.7 ? term : { code: term.code, label: draw < 0.85 ? null : `${term.code} (Ä ${Math.floor(rand() * 3)})` };
}

/** A filter drawn by `rand`: any of products, zones, formats, CRS, date bounds and words. */
function randomFilter(rand: () => number): EditionQuery {
  const some = <T>(values: readonly T[]) => values.filter(() => rand() < 0.4);
  const filter: EditionQuery = {};
  if (rand() < 0.3) filter.products = rand() < 0.5 ? [pick(rand, PRODUCTS).name] : some([...PRODUCTS.map((product) => product.name), 'NONE']);
  if (rand() < 0.3) filter.zones = some(['D029', 'D035', 'D075', 'FXX', 'R53', 'NOWHERE']);
  if (rand() < 0.3) filter.formats = some(['GPKG', 'SHP', 'gpkg', 'JP2']);
  if (rand() < 0.2) filter.crs = some(['EPSG:2154', 'EPSG:4326']);
  if (rand() < 0.3) filter.editionDateFrom = `${2014 + Math.floor(rand() * 12)}-06-01`;
  if (rand() < 0.3) filter.editionDateTo = `${2014 + Math.floor(rand() * 12)}-06-01`;
  if (rand() < 0.5) filter.words = parseWordQuery(pick(rand, WORDS), 'q');
  return filter;
}

describe.each(DIALECTS)('EditionSnapshot against the store, on %s', (dialect) => {
  const stores = storesForSuite(dialect);

  // On PostgreSQL, in a database whose collation is not code-unit order (ICU en-US: `A_b` < `a-b` < `ab` < `Ab`):
  // the store's keys are binary-collated, as the snapshot orders them.
  const openCollated = async (): Promise<CatalogueStore> => {
    if (dialect === 'sqlite') return stores.open();
    const base = stores.cluster!.url;
    const { Client } = await import('pg');
    const client = new Client({ connectionString: base });
    await client.connect();
    try {
      await client.query("create database collated template template0 locale_provider icu icu_locale 'en-US' locale 'C' encoding 'UTF8'");
    } finally {
      await client.end();
    }
    const store = new CatalogueStore(await openStore({ kind: 'postgres', url: base.replace(/\/postgres$/, '/collated') }));
    opened.push(store);
    return store;
  };
  const opened: CatalogueStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });

  it('gives the windows, counts and facets the store gives, for any filter, order and cursor (seeded property)', async () => {
    const rand = seededRandom(1925);
    const store = await openCollated();
    await fill(store, rand);
    const catalogue = await store.listedCatalogue();
    const snapshot = EditionSnapshot.fromCatalogue(catalogue);
    expect(snapshot.size).toBe(catalogue.editions.length);
    expect(snapshot.size).toBeGreaterThan(100);
    const reader = store.reader;
    const keysOf = (window: ReadonlyArray<{ key: EditionKey }>) => window.map((item) => item.key);
    for (let run = 0; run < 250; run += 1) {
      const filter = randomFilter(rand);
      const words = filter.words ? await reader.wordMatches(filter.words.terms) : null;
      const order = pick(rand, ORDERS);
      const backward = rand() < 0.3;
      const limit = 1 + Math.floor(rand() * 25);
      // A cursor: a position of the unfiltered order (held or not by the filter), or none.
      const all = keysOf(await reader.editions({}, order, null, false, 1000));
      const from = rand() < 0.7 ? (all[Math.floor(rand() * all.length)] ?? null) : null;
      const context = JSON.stringify({ run, filter: { ...filter, words: filter.words?.words }, order, from, backward, limit });
      expect([context, keysOf(snapshot.editions(filter, words, order, from, backward, limit))]).toEqual([
        context,
        keysOf(await reader.editions(filter, order, from, backward, limit)),
      ]);
      expect([context, snapshot.countEditions(filter, words)]).toEqual([context, await reader.countEditions(filter)]);
      if (run % 5 === 0) expect([context, snapshot.facets(filter, words)]).toEqual([context, await reader.facets(filter)]);
      // The filter's zones alone (a place arrives so), summed per zone; and its products, zones and words alone.
      const { products, zones, words: query } = filter;
      const narrowed: EditionQuery[] = [
        zones ? { zones } : {},
        { ...(products ? { products } : {}), ...(zones ? { zones } : {}), ...(query ? { words: query } : {}) },
      ];
      for (const only of narrowed) {
        expect([context, only, snapshot.tally(only, words, true)]).toEqual([
          context,
          only,
          { count: await reader.countEditions(only), facets: await reader.facets(only) },
        ]);
      }
    }
  }, 120_000);

  it('answers from the snapshot while it is of the store’s revision, else from the store, telling it is stale', async () => {
    const rand = seededRandom(7);
    const store = await stores.open();
    await fill(store, rand);
    let stale = 0;
    const search: EditionSearch = {
      filter: { words: parseWordQuery('ortho', 'q') },
      order: 'EDITION_DATE_DESC',
      from: null,
      backward: false,
      limit: 5,
      totalCount: true,
      facets: true,
    };
    const snapshot = EditionSnapshot.fromCatalogue(await store.listedCatalogue());
    const current = await searchEditions(store, snapshot, search, () => (stale += 1));
    expect(current.answeredFrom).toBe('snapshot');
    expect(stale).toBe(0);
    expect(await searchEditions(store, EditionSnapshot.EMPTY, search, () => (stale += 1))).toEqual({ ...current, answeredFrom: 'store' });
    expect(stale).toBe(1);

    // A sync adds an ORTHO edition: the old snapshot is no longer used, and the answer counts it.
    await store.applyListing(
      'Ortho-HR',
      [{ resourceName: 'Ortho-HR', name: 'NEW', title: null, updated: null, editionDate: '2099-01-01', zone: null, format: null, crs: null }],
      1,
      TIMES[2]!,
      true,
    );
    const after = await searchEditions(store, snapshot, search, () => (stale += 1));
    expect(after.answeredFrom).toBe('store');
    expect(stale).toBe(2);
    expect(after.window[0]?.edition.name).toBe('NEW');
    const refreshed = EditionSnapshot.fromCatalogue(await store.listedCatalogue());
    expect(await searchEditions(store, refreshed, search, () => (stale += 1))).toEqual({ ...after, answeredFrom: 'snapshot' });
    expect(stale).toBe(2);
  }, 60_000);

  it('suggests products only when the words match no product and no zone', async () => {
    const store = await stores.open();
    await store.applyCapabilities(PRODUCTS, true, TIMES[0]!, false);
    const search = (q: string): EditionSearch => ({
      filter: { words: parseWordQuery(q, 'q'), zones: ['D075'] },
      order: 'NAME_ASC',
      from: null,
      backward: false,
      limit: 5,
      totalCount: true,
      facets: false,
    });
    const typo = await searchEditions(store, EditionSnapshot.EMPTY, search('bdtopoo'), () => undefined);
    // One edit from `bdtopox` and from `bdtopo`: both, by name.
    expect(typo).toMatchObject({
      window: [],
      totalCount: 0,
      suggestions: [
        { name: 'BD-TOPO-X', title: 'BD TOPO Express' },
        { name: 'BDTOPO', title: 'BD TOPO®' },
      ],
    });
    // Words that match a product, with no edition in the zone: empty, and nothing to suggest.
    expect(await searchEditions(store, EditionSnapshot.EMPTY, search('bd topo'), () => undefined)).toMatchObject({ window: [], suggestions: null });
  });
});
