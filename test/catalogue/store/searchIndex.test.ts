import { sql } from 'kysely';
import { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { openStore } from '../../../src/catalogue/store/openStore';
import { SyncStateKey } from '../../../src/catalogue/sync/SyncStateKey';
import { parseWordQuery } from '../../../src/catalogue/words/WordQuery';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';
import { seededRandom } from '../../helpers/seededRandom';
import { hostileSearchText } from '../../helpers/hostileSearchText';
import { withdrawProduct } from '../../fakeUpstream/catalogueChanges';
import { startSyncHarness, type SyncHarness } from '../sync/syncHarness';

const DAY = 24 * 3600_000;

/** The products a search finds, best first, as `searchResources` orders them (rank, then name by code unit). */
async function ranked(store: CatalogueStore, text: string): Promise<Array<[string, number]>> {
  const found = await store.reader.rankProducts(parseWordQuery(text, 'q'));
  return found
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.name < b.name ? -1
        : a.name > b.name ? 1
        : 0),
    )
    .map((product) => [product.name, product.rank]);
}

const names = (found: Array<[string, number]>) => found.map(([name]) => name);

describe.each(DIALECTS)('the full-text index on %s', (dialect) => {
  const stores = storesForSuite(dialect);

  describe('over the usual catalogue, synced', () => {
    let harness: SyncHarness;
    let store: CatalogueStore;
    beforeAll(async () => {
      harness = await startSyncHarness({ resourceCount: 116, rate: 200 });
      store = await stores.open();
      await harness.syncer(store).runOnce();
    }, 120_000);
    afterAll(async () => {
      await harness.stop();
    });

    // The same literal answers on both stores: the same fixture gives the same top results.
    it.each([
      ['orthophotographies', [['BDORTHO', 3]]],
      ['orthophotographie', [['BDORTHO', 3]]],
      [
        'bd topo',
        [
          ['BDTOPO', 0],
          ['BDTOPO-DIFF', 0],
          ['BDTOPOHisto', 0],
          ['BDTOPO_EXPRESS', 0],
        ],
      ],
      [
        'bdtopo',
        [
          ['BDTOPO', 0],
          ['BDTOPO-DIFF', 0],
          ['BDTOPOHisto', 0],
          ['BDTOPO_EXPRESS', 0],
        ],
      ],
      [
        'BD-TOPO',
        [
          ['BDTOPO', 0],
          ['BDTOPO-DIFF', 0],
          ['BDTOPOHisto', 0],
          ['BDTOPO_EXPRESS', 0],
        ],
      ],
      ['Courbes de NIVEAUX', [['COURBES', 1]]],
      ['découpage communes', [['ADMIN-EXPRESS', 3]]],
      ['topo vectorielle', [['BDTOPO', 3]]],
    ])('finds %j: %j', async (text, expected) => {
      expect(await ranked(store, text)).toEqual(expected);
    });

    it('ranks a name match above a title match, above a zone match, above a description match; ties by name', async () => {
      const ortho = await ranked(store, 'ortho');
      expect(ortho.slice(0, 2)).toEqual([
        ['BDORTHO', 1],
        ['BDORTHO-HISTORIQUE', 1],
      ]);
      // The generated products say "Ortho-imagerie" in their descriptions only.
      expect(ortho.slice(2)).toEqual([
        ['PRODUIT-007', 3],
        ['PRODUIT-012', 3],
        ['PRODUIT-028', 3],
      ]);
      const finistere = await ranked(store, 'FINISTERE');
      expect(finistere[0]).toEqual(['BDORTHO', 2]);
      expect(finistere.every(([, rank]) => rank === 2)).toBe(true);
    });

    it('folds accents and case both ways: ile de france finds the products of Paris (its région), Île-de-France as well', async () => {
      const plain = await ranked(store, 'ile de france');
      expect(await ranked(store, 'ÎLE-DE-FRANCE')).toEqual(plain);
      const paris = harness.catalogue.filter((product) => product.editions.some((edition) => edition.zone?.term === 'D075')).map((product) => product.name);
      expect(names(plain)).toEqual(expect.arrayContaining(paris));
      expect(names(await ranked(store, 'etat major'))).toEqual(['BDCARTO-EM']);
    });

    it('matches words against products and zones for edition searches', async () => {
      const matches = await store.reader.wordMatches(['finistere', 'orthophoto', 'bretagne']);
      expect(matches.get('finistere')?.zones).toEqual(['D029']);
      // Finistère and Ille-et-Vilaine are in Bretagne.
      expect([...(matches.get('bretagne')?.zones ?? [])].sort()).toEqual(['D029', 'D035']);
      // A product's zone names are for product searches; an edition is found by its own zone.
      expect(matches.get('finistere')?.products).toEqual([]);
      expect(matches.get('orthophoto')).toEqual({ products: ['BDORTHO'], zones: [] });
    });

    it('takes any text as data: hostile words never fail a search (seeded property)', async () => {
      const rand = seededRandom(2525);
      let searched = 0;
      for (let run = 0; run < 150; run += 1) {
        const text = hostileSearchText(rand, 1, 8);
        let query;
        try {
          query = parseWordQuery(text, 'q');
        } catch {
          continue;
        }
        await store.reader.rankProducts(query);
        await store.reader.wordMatches(query.terms);
        await store.reader.countEditions({ words: query });
        await store.reader.editions({ words: query }, 'EDITION_DATE_DESC', null, false, 5);
        searched += 1;
      }
      expect(searched).toBeGreaterThan(100);
    });
  });

  describe('kept in the sync transaction', () => {
    let harness: SyncHarness;
    beforeEach(async () => {
      harness = await startSyncHarness({ rate: 200 });
    });
    afterEach(async () => {
      await harness.stop();
    });

    it('finds a renamed title after one sync, and no longer the old one; a withdrawn product no more', async () => {
      const store = await stores.open();
      const syncer = harness.syncer(store);
      await syncer.runOnce();
      expect(names(await ranked(store, 'cog'))).toContain('ADMIN-EXPRESS-COG');
      harness.clock.advance(DAY / 2);
      const cog = harness.catalogue.find((product) => product.name === 'ADMIN-EXPRESS-COG')!;
      cog.title = 'Limites administratives officielles';
      cog.updated = harness.clock.iso();
      expect(await syncer.runOnce()).toMatchObject({ kind: 'incremental' });
      expect(await ranked(store, 'limites officielles')).toEqual([['ADMIN-EXPRESS-COG', 1]]);
      expect((await ranked(store, 'admin express cog'))[0]).toEqual(['ADMIN-EXPRESS-COG', 0]);
      expect(names(await ranked(store, 'ortho historique'))).toEqual(['BDORTHO-HISTORIQUE']);
      withdrawProduct(harness.catalogue, 'BDORTHO-HISTORIQUE');
      harness.clock.advance(DAY);
      expect(await syncer.runOnce()).toMatchObject({ kind: 'full' });
      expect(await ranked(store, 'ortho historique')).toEqual([]);
    });

    it('grows the revision only with a transaction that changes the listed editions', async () => {
      const store = await stores.open();
      const syncer = harness.syncer(store);
      await syncer.runOnce();
      const first = await store.reader.revision();
      expect(first).toBeGreaterThan(0);
      harness.clock.advance(DAY / 2);
      await syncer.runOnce();
      expect(await store.reader.revision()).toBe(first);
      const product = harness.catalogue.find((candidate) => candidate.name === 'BDCARTO')!;
      harness.clock.advance(DAY / 2);
      product.editions.pop();
      product.updated = harness.clock.iso();
      await syncer.runOnce();
      expect(await store.reader.revision()).toBe(first + 1);
    });
  });

  describe('on a store version 3 left', () => {
    let harness: SyncHarness;
    beforeEach(async () => {
      harness = await startSyncHarness({ rate: 200 });
    });
    afterEach(async () => {
      await harness.stop();
    });

    it('backfills the index from the rows at once, and the descriptions at the next pass, which reads the whole capabilities listing', async () => {
      const location = await stores.location();
      const synced = new CatalogueStore(await openStore(location));
      await harness.syncer(synced).runOnce();
      await downgradeToVersion3(synced);
      await synced.close();

      const store = new CatalogueStore(await openStore(location));
      try {
        expect(await store.getState(SyncStateKey.CAPABILITIES_OWED)).toBe('search documents');
        // From the rows: names, titles, the zones of the listed editions.
        expect(names(await ranked(store, 'bd ortho'))[0]).toBe('BDORTHO');
        expect(names(await ranked(store, 'finistère'))).toContain('BDORTHO');
        expect((await store.reader.wordMatches(['finistere'])).get('finistere')?.zones).toEqual(['D029']);
        // Not yet: descriptions come from the capabilities listing.
        expect(await ranked(store, 'orthophotographies')).toEqual([]);

        harness.clock.advance(DAY / 2);
        harness.takeRequests();
        const report = await harness.syncer(store).runOnce();
        expect(report?.kind).toBe('incremental');
        const requests = harness.takeRequests();
        expect(requests.filter((url) => url.startsWith('capabilities'))).toEqual(['capabilities?limit=50&page=1']);
        // Nothing changed upstream: no listing is read again.
        expect(requests.filter((url) => url.startsWith('resource/'))).toEqual([]);
        expect(await ranked(store, 'orthophotographies')).toEqual([['BDORTHO', 3]]);
        expect(await store.getState(SyncStateKey.CAPABILITIES_OWED)).toBeNull();
        expect(await store.changes(0, 100)).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });

  if (dialect === 'postgres') {
    describe('accents on PostgreSQL', () => {
      let harness: SyncHarness;
      beforeEach(async () => {
        harness = await startSyncHarness({ rate: 200 });
      });
      afterEach(async () => {
        await harness.stop();
      });

      it('uses unaccent when it may create it, and translate() for a user without CREATE on the database, with the same answers', async () => {
        const owner = await stores.open();
        expect(await searchFold(owner)).toBe('unaccent');
        const url = await stores.cluster!.createDatabase('restricted');
        await asSuperuser(url, ['create role geopf_app login', 'create schema geopf_app authorization geopf_app']);
        const restricted = new CatalogueStore(await openStore({ kind: 'postgres', url: url.replace('//postgres@', '//geopf_app@') }));
        try {
          expect(await searchFold(restricted)).toBe('translate');
          const extensions = await sql<{ extname: string }>`select extname from pg_extension`.execute(restricted.db);
          expect(extensions.rows.map((row) => row.extname)).not.toContain('unaccent');
          await harness.syncer(owner, { holder: 'owner' }).runOnce();
          await harness.syncer(restricted, { holder: 'restricted' }).runOnce();
          for (const text of ['Île-de-France', 'ile de france', 'FINISTÈRE', 'découpage', 'DECOUPAGE', 'départemental', 'Départementales', 'ortho']) {
            expect([text, await ranked(restricted, text)]).toEqual([text, await ranked(owner, text)]);
          }
          expect(names(await ranked(restricted, 'départemental'))).toEqual(['BDORTHO']);
        } finally {
          await restricted.close();
        }
      });
    });
  }
});

// Private: the store as version 3 of the program left it: the objects migration 4 adds taken out.
async function downgradeToVersion3(store: CatalogueStore): Promise<void> {
  const statements =
    store.dialect === 'sqlite' ?
      [
        'drop trigger geopf_search_added',
        'drop trigger geopf_search_removed',
        'drop trigger geopf_search_changed',
        'drop table geopf_search',
        'drop table geopf_search_documents',
      ]
    : [
        'drop table geopf_search_documents',
        'drop function geopf_search_document',
        'drop text search configuration geopf_french',
        'drop text search dictionary geopf_french_stem',
      ];
  for (const statement of statements) await sql.raw(statement).execute(store.db);
  await sql`alter table geopf_products drop column entry`.execute(store.db);
  await sql`delete from geopf_meta where key in ('revision', 'search_fold')`.execute(store.db);
  await sql`update geopf_meta set value = '3' where key = 'schema_version'`.execute(store.db);
  await sql`delete from geopf_sync_state where key = 'capabilities_owed'`.execute(store.db);
}

async function searchFold(store: CatalogueStore): Promise<string | undefined> {
  const row = await store.db.selectFrom('geopf_meta').select('value').where('key', '=', 'search_fold').executeTakeFirst();
  return row?.value;
}

async function asSuperuser(url: string, statements: readonly string[]): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
