import { sql, type Kysely, type Transaction, type WhereInterface } from 'kysely';
import type { ResourceEntry, SubResourceEntry } from '../../upstream/format/model';
import { ChangeKind, type ChangeEvent } from '../changes/ChangeEvent';
import {
  EditionReader,
  toIndexedEdition,
  type EditionFacetCounts,
  type EditionKey,
  type EditionOrder,
  type EditionQuery,
  type IndexedEdition,
} from './EditionReader';
import { inTransaction } from './inTransaction';
import type { OpenStore } from './openStore';
import { PRODUCT_DOCUMENT, productDocument, sameDocument, ZONE_DOCUMENT, zoneDocument } from './searchDocuments';
import type { StoreDialect } from './StoreDialect';
import type { ChangeRow, EditionRow, ProductRow, SearchDocumentRow, StoreTables } from './tables';

export type { EditionFacetCounts, EditionKey, EditionOrder, EditionQuery, FacetCount, IndexedEdition, RankedProduct, WordMatches } from './EditionReader';

/** Rows per INSERT: 15 columns × 500 stays under both dialects' parameter limits. */
const INSERT_BATCH = 500;

/** Which change-log events to read: each list an OR (an empty list matches nothing), lists ANDed; formats upper-cased. */
export interface ChangeQuery {
  products?: readonly string[];
  kinds?: readonly string[];
  /** Upstream zone codes (`D029`, `FXX`…). */
  zones?: readonly string[];
  formats?: readonly string[];
}

/** What applying one listing found. */
export interface ListingDiff {
  added: number;
  changed: number;
  withdrawn: number;
}

/** Counts of the index. */
export interface IndexCounts {
  products: number;
  withdrawnProducts: number;
  editions: number;
  withdrawnEditions: number;
}

/** A listed product as `listedCatalogue` reads it. */
export type ListedProductRow = Pick<ProductRow, 'name' | 'listing_position' | 'edition_total' | 'listed_at'>;

/** A listed edition as `listedCatalogue` reads it. */
export type ListedEditionRow = Pick<
  EditionRow,
  'product' | 'name' | 'zone' | 'zone_label' | 'format' | 'format_label' | 'crs' | 'crs_label' | 'edition_date' | 'first_seen_at'
>;

/** What the upstream lists as the index last saw it: one consistent read (see `listedCatalogue`). */
export interface ListedCatalogue {
  /** `geopf_meta.revision` at that read. */
  revision: number;
  /** Every product not withdrawn. */
  products: ListedProductRow[];
  /** Every listed edition (of products read whole or not: see `listed_at`), in no particular order. */
  editions: ListedEditionRow[];
}

/**
 * What a sync plan is computed from, read at one position of the change log (see `syncPlanView`): the
 * position, the editions matching a filter that are listed now or were withdrawn after the position asked,
 * and the kind of each edition's first event after it.
 */
export interface SyncPlanView {
  /** The change log's last position when read (0 when empty). */
  lastSeq: number;
  editions: IndexedEdition[];
  /** For each edition (`editionKey`) with an edition event after the position asked: the kind of the first one. */
  firstEventAfter: Map<string, ChangeKind>;
}

/** The key of an edition in `SyncPlanView.firstEventAfter`. */
export function editionKey(product: string, name: string): string {
  return `${product}\u0000${name}`;
}

/**
 * The catalogue index: products, editions, the change log, sync state and the syncer's lease, on SQLite or
 * PostgreSQL through one Kysely layer. Every write of a listing is one transaction: the index never holds half
 * a listing, and its events commit with it.
 */
export class CatalogueStore {
  readonly db: Kysely<StoreTables>;
  readonly dialect: StoreDialect;
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly store: OpenStore) {
    this.db = store.db;
    this.dialect = store.dialect;
  }

  /** Where the store lives, for messages. */
  get where(): string {
    return this.store.where;
  }

  /** What the integrity check at open found wrong; null when sound (or not checked). */
  get damage(): string | null {
    return this.store.damage ?? null;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  // ---- Sync state and lease

  /** One sync-state value, or null. */
  async getState(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('geopf_sync_state').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  /** Every sync-state value. */
  async allState(): Promise<Map<string, string>> {
    return new Map((await this.db.selectFrom('geopf_sync_state').selectAll().execute()).map((row) => [row.key, row.value]));
  }

  /** Sets (or, with null, deletes) sync-state values, together. */
  async setState(values: Record<string, string | null>): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      for (const [key, value] of Object.entries(values)) {
        if (value === null) await trx.deleteFrom('geopf_sync_state').where('key', '=', key).execute();
        else
          await trx
            .insertInto('geopf_sync_state')
            .values({ key, value })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
            .execute();
      }
    });
  }

  /**
   * Takes or renews the lease `name` for `holder` until `expiresAt`: granted when free, expired (its holder
   * died) or already held by `holder`. True when `holder` holds it now.
   */
  async acquireLease(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    const updated = await this.db
      .updateTable('geopf_lease')
      .set({ holder, expires_at: expiresAt })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now)]))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return true;
    const inserted = await this.db
      .insertInto('geopf_lease')
      .values({ name, holder, expires_at: expiresAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Who holds the lease `name` and until when; null when nobody does. */
  async leaseHolder(name: string): Promise<{ holder: string; expiresAt: string } | null> {
    const row = await this.db.selectFrom('geopf_lease').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
    return row ? { holder: row.holder, expiresAt: row.expires_at } : null;
  }

  /** Gives the lease up (when `holder` holds it), so another replica may take it at once. */
  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('geopf_lease').where('name', '=', name).where('holder', '=', holder).execute();
  }

  // ---- Writes of the syncer

  /** Products known to the index (withdrawn ones included), by name. */
  async products(): Promise<Map<string, ProductRow>> {
    return new Map((await this.db.selectFrom('geopf_products').selectAll().execute()).map((row) => [row.name, row]));
  }

  /**
   * Records the products of a capabilities listing: new ones (`PRODUCT_ADDED`), changed `updated` or title
   * (`PRODUCT_CHANGED`), a withdrawn one listed again (`PRODUCT_ADDED`). With `complete` (every page of the
   * unfiltered listing was read), products absent from it are withdrawn with their editions, and each listed
   * product's position in `entries` (1-based) is recorded, only where it moved; products inserted from an
   * incomplete listing have none yet, withdrawn ones none any more. Events only when `withEvents` (not during
   * the baseline). Returns the names of new or changed products.
   */
  async applyCapabilities(entries: readonly ResourceEntry[], complete: boolean, observedAt: string, withEvents: boolean): Promise<string[]> {
    let recorded = 0;
    const touched = await inTransaction(this.db, async (trx) => {
      const known = new Map((await trx.selectFrom('geopf_products').selectAll().execute()).map((row) => [row.name, row]));
      const documents = new Map(
        (await trx.selectFrom('geopf_search_documents').selectAll().where('kind', '=', PRODUCT_DOCUMENT).execute()).map((row) => [row.key, row]),
      );
      const positions = complete ? listingPositions(entries) : null;
      const touched: string[] = [];
      const events: Array<Omit<ChangeRow, 'seq'>> = [];
      const moved: Array<[name: string, position: number]> = [];
      const rewritten: SearchDocumentRow[] = [];
      let editionsWithdrawn = false;
      const event = (kind: ChangeKind, product: string) => events.push(productEvent(kind, product, observedAt));
      for (const entry of entries) {
        const row = known.get(entry.name);
        const position = positions?.get(entry.name) ?? null;
        const json = JSON.stringify(entry);
        if (!row) {
          const inserted: ProductRow = {
            name: entry.name,
            title: entry.title,
            updated: entry.updated,
            edition_total: null,
            listed_at: null,
            first_seen_at: observedAt,
            withdrawn_at: null,
            listing_position: position,
            entry: json,
          };
          await trx.insertInto('geopf_products').values(inserted).execute();
          known.set(entry.name, inserted);
          event(ChangeKind.PRODUCT_ADDED, entry.name);
          touched.push(entry.name);
        } else if (row.withdrawn_at !== null || row.updated !== entry.updated || row.title !== entry.title) {
          // Its listing is owed until read whole: a pass that fails before reading it leaves it to the next one.
          await trx
            .updateTable('geopf_products')
            .set({
              title: entry.title,
              updated: entry.updated,
              withdrawn_at: null,
              listed_at: null,
              entry: json,
              ...(positions ? { listing_position: position } : {}),
            })
            .where('name', '=', entry.name)
            .execute();
          event(row.withdrawn_at !== null ? ChangeKind.PRODUCT_ADDED : ChangeKind.PRODUCT_CHANGED, entry.name);
          touched.push(entry.name);
        } else {
          // Its description or facets alone changed (or the store had no entry yet): no event, no listing owed.
          if (row.entry !== json) await trx.updateTable('geopf_products').set({ entry: json }).where('name', '=', entry.name).execute();
          if (position !== null && row.listing_position !== position) moved.push([entry.name, position]);
        }
        const document = productDocument(entry.name, entry.title, entry.description, entry.zones);
        const indexed = documents.get(entry.name);
        if (!indexed || !sameDocument(indexed, document)) rewritten.push(document);
      }
      await setListingPositions(trx, moved);
      await writeDocuments(trx, rewritten);
      if (positions) {
        for (const row of known.values()) {
          if (row.withdrawn_at !== null || positions.has(row.name)) continue;
          await trx.updateTable('geopf_products').set({ withdrawn_at: observedAt, listing_position: null }).where('name', '=', row.name).execute();
          await trx.deleteFrom('geopf_search_documents').where('kind', '=', PRODUCT_DOCUMENT).where('key', '=', row.name).execute();
          event(ChangeKind.PRODUCT_WITHDRAWN, row.name);
          const editions = await trx.selectFrom('geopf_editions').selectAll().where('product', '=', row.name).where('withdrawn_at', 'is', null).execute();
          for (const edition of editions) events.push(editionEvent(ChangeKind.EDITION_WITHDRAWN, edition, observedAt));
          await trx.updateTable('geopf_editions').set({ withdrawn_at: observedAt }).where('product', '=', row.name).where('withdrawn_at', 'is', null).execute();
          if (editions.length > 0) editionsWithdrawn = true;
        }
      }
      if (editionsWithdrawn) await nextRevision(trx);
      if (withEvents) recorded = await insertEvents(trx, events);
      return touched;
    });
    if (recorded > 0) this.changesRecorded();
    return touched;
  }

  /**
   * Records a product's complete listing (every page read, `total` entries): new editions, changed ones,
   * and the ones it no longer shows (withdrawn). Only ever called with a complete, successful listing.
   */
  async applyListing(product: string, entries: readonly SubResourceEntry[], total: number, observedAt: string, withEvents: boolean): Promise<ListingDiff> {
    let recorded = 0;
    const result = await inTransaction(this.db, async (trx) => {
      const known = new Map((await trx.selectFrom('geopf_editions').selectAll().where('product', '=', product).execute()).map((row) => [row.name, row]));
      const events: Array<Omit<ChangeRow, 'seq'>> = [];
      const diff: ListingDiff = { added: 0, changed: 0, withdrawn: 0 };
      const seen = new Set<string>();
      const inserts: EditionRow[] = [];
      for (const entry of entries) {
        if (seen.has(entry.name)) continue;
        seen.add(entry.name);
        const fields = editionFields(entry);
        const row = known.get(entry.name);
        if (!row) {
          const inserted: EditionRow = { product, name: entry.name, ...fields, first_seen_at: observedAt, withdrawn_at: null };
          inserts.push(inserted);
          events.push(editionEvent(ChangeKind.EDITION_ADDED, inserted, observedAt));
          diff.added += 1;
        } else if (row.withdrawn_at !== null || differs(row, fields)) {
          await trx
            .updateTable('geopf_editions')
            .set({ ...fields, withdrawn_at: null })
            .where('product', '=', product)
            .where('name', '=', entry.name)
            .execute();
          events.push(editionEvent(row.withdrawn_at !== null ? ChangeKind.EDITION_ADDED : ChangeKind.EDITION_CHANGED, { ...row, ...fields }, observedAt));
          if (row.withdrawn_at !== null) diff.added += 1;
          else diff.changed += 1;
        }
      }
      // Batched: a first listing of thousands of editions is a few statements, not thousands.
      for (let index = 0; index < inserts.length; index += INSERT_BATCH)
        await trx
          .insertInto('geopf_editions')
          .values(inserts.slice(index, index + INSERT_BATCH))
          .execute();
      for (const row of known.values()) {
        if (row.withdrawn_at !== null || seen.has(row.name)) continue;
        await trx.updateTable('geopf_editions').set({ withdrawn_at: observedAt }).where('product', '=', product).where('name', '=', row.name).execute();
        events.push(editionEvent(ChangeKind.EDITION_WITHDRAWN, row, observedAt));
        diff.withdrawn += 1;
      }
      await trx.updateTable('geopf_products').set({ edition_total: total, listed_at: observedAt }).where('name', '=', product).execute();
      await indexZones(trx, entries);
      if (diff.added + diff.changed + diff.withdrawn > 0) await nextRevision(trx);
      if (withEvents) recorded = await insertEvents(trx, events);
      return diff;
    });
    if (recorded > 0) this.changesRecorded();
    return result;
  }

  // ---- Reads

  /**
   * The listed products and every listed edition, in one read-only transaction
   * (repeatable read on PostgreSQL) with the revision, so a sync committing meanwhile cannot pair a product with
   * another listing's editions, nor the editions with another revision. Only the columns the in-memory copies
   * need (`IndexKnowledge`): tens of thousands of editions.
   */
  async listedCatalogue(): Promise<ListedCatalogue> {
    return inTransaction(
      this.db,
      async (trx) => {
        const revision = await new EditionReader(trx, this.dialect).revision();
        const products = await trx
          .selectFrom('geopf_products')
          .select(['name', 'listing_position', 'edition_total', 'listed_at'])
          .where('withdrawn_at', 'is', null)
          .execute();
        const editions = await trx
          .selectFrom('geopf_editions')
          .select(['product', 'name', 'zone', 'zone_label', 'format', 'format_label', 'crs', 'crs_label', 'edition_date', 'first_seen_at'])
          .where('withdrawn_at', 'is', null)
          .execute();
        return { revision, products, editions };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  /**
   * Runs `read` in one read-only transaction (repeatable read on PostgreSQL): every read of the `EditionReader`
   * sees the same state, whatever a sync commits meanwhile.
   */
  readConsistently<T>(read: (reader: EditionReader) => Promise<T>): Promise<T> {
    return inTransaction(this.db, (trx) => read(new EditionReader(trx, this.dialect)), { isolationLevel: 'repeatable read', accessMode: 'read only' });
  }

  /** Reads outside any transaction (each statement on its own). */
  get reader(): EditionReader {
    return new EditionReader(this.db, this.dialect);
  }

  /** One edition, withdrawn or not; null when the index never saw it. */
  async edition(product: string, name: string): Promise<IndexedEdition | null> {
    return (await this.reader.editionsByKey([{ product, name }]))[0] ?? null;
  }

  /** See `EditionReader.editions`. */
  editions(
    filter: EditionQuery,
    order: EditionOrder,
    from: EditionKey | null,
    backward: boolean,
    limit: number,
  ): Promise<Array<{ edition: IndexedEdition; key: EditionKey }>> {
    return this.reader.editions(filter, order, from, backward, limit);
  }

  /** See `EditionReader.countEditions`. */
  countEditions(filter: EditionQuery): Promise<number> {
    return this.reader.countEditions(filter);
  }

  /** The newest listed edition of `product` dated in `year` (then zone, format, CRS), or null. */
  async newestOfYear(product: string, year: number, filter: EditionQuery): Promise<IndexedEdition | null> {
    const y = String(year).padStart(4, '0');
    const page = await this.editions(
      { ...filter, products: [product], editionDateFrom: `${y}-01-01`, editionDateTo: `${y}-12-31` },
      'EDITION_DATE_DESC',
      null,
      false,
      1,
    );
    return page[0]?.edition ?? null;
  }

  /** Change-log events after `afterSeq`, oldest first, at most `limit`, matching `filter` (see `ChangeQuery`). */
  async changes(afterSeq: number, limit: number, filter: ChangeQuery = {}): Promise<ChangeEvent[]> {
    const rows = await applyChangeFilter(this.db.selectFrom('geopf_changes').selectAll().where('seq', '>', afterSeq), filter)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toChangeEvent);
  }

  /** Change-log events before `beforeSeq` (from the newest when null), newest first, at most `limit`, matching `filter`. */
  async changesBefore(beforeSeq: number | null, limit: number, filter: ChangeQuery = {}): Promise<ChangeEvent[]> {
    let query = this.db.selectFrom('geopf_changes').selectAll();
    if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
    const rows = await applyChangeFilter(query, filter).orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toChangeEvent);
  }

  /**
   * What `syncPlan` needs, in one read-only transaction (repeatable read on PostgreSQL), so that a sync
   * committing meanwhile cannot pair a position with another position's editions: the log's last position, the
   * editions matching `filter` listed now or withdrawn after `afterSeq` (by the log: a withdrawal event after
   * it), and the kind of each edition's first addition, withdrawal or change after `afterSeq` (none when null).
   * Each of the two edition reads stops after `limit` + 1 rows: more than `limit` editions means the filter is too
   * wide to plan (the caller refuses it), never a silently shorter plan.
   */
  async syncPlanView(filter: EditionQuery, afterSeq: number | null, limit: number): Promise<SyncPlanView> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const last = await trx
          .selectFrom('geopf_changes')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .executeTakeFirst();
        const lastSeq = Number(last?.seq ?? 0);
        const reader = new EditionReader(trx, this.dialect);
        const listed = await reader
          .filtered(trx.selectFrom('geopf_editions').selectAll(), filter)
          .limit(limit + 1)
          .execute();
        const view: SyncPlanView = { lastSeq, editions: listed.map(toIndexedEdition), firstEventAfter: new Map() };
        // Nothing happened since (or an empty product list, which matches no edition): the copy's editions are today's.
        if (afterSeq === null || afterSeq >= lastSeq || filter.products?.length === 0 || listed.length > limit) return view;
        const events = (kinds: readonly ChangeKind[]) => {
          const query = trx
            .selectFrom('geopf_changes')
            .where('seq', '>', afterSeq)
            .where('kind', 'in', [...kinds])
            .where('edition', 'is not', null);
          return filter.products === undefined ? query : query.where('product', 'in', [...filter.products]);
        };
        const firsts = await trx
          .selectFrom('geopf_changes')
          .select(['product', 'edition', 'kind'])
          .where(
            'seq',
            'in',
            events([ChangeKind.EDITION_ADDED, ChangeKind.EDITION_WITHDRAWN, ChangeKind.EDITION_CHANGED])
              .select((eb) => eb.fn.min('seq').as('first'))
              .groupBy(['product', 'edition']),
          )
          .execute();
        for (const row of firsts) if (row.edition !== null) view.firstEventAfter.set(editionKey(row.product, row.edition), row.kind as ChangeKind);
        const withdrawn = await reader
          .filtered(trx.selectFrom('geopf_editions').selectAll(), { ...filter, includeWithdrawn: true })
          .where('withdrawn_at', 'is not', null)
          .where((eb) =>
            eb(
              eb.refTuple('product', 'name'),
              'in',
              events([ChangeKind.EDITION_WITHDRAWN]).select(['product', 'edition']).$narrowType<{ edition: string }>().$asTuple('product', 'edition'),
            ),
          )
          .limit(limit + 1)
          .execute();
        view.editions.push(...withdrawn.map(toIndexedEdition));
        return view;
      });
  }

  /**
   * Calls `listener` after each transaction of this store instance that committed change-log events (the
   * syncer's, in this process); returns the unsubscribe function. Other processes' events are not seen here.
   */
  onChangesRecorded(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => {
      this.changeListeners.delete(listener);
    };
  }

  /** The greatest sequence number given so far (0 when the log is empty). */
  async lastSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('geopf_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** Products and editions, listed and withdrawn. */
  async counts(): Promise<IndexCounts> {
    const count = async (table: 'geopf_products' | 'geopf_editions', withdrawn: boolean) => {
      const row = await this.db
        .selectFrom(table)
        .where('withdrawn_at', withdrawn ? 'is not' : 'is', null)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      products: await count('geopf_products', false),
      withdrawnProducts: await count('geopf_products', true),
      editions: await count('geopf_editions', false),
      withdrawnEditions: await count('geopf_editions', true),
    };
  }

  /** Listed editions per zone, format and CRS, and per year of their edition date; optionally of one product. */
  facets(product: string | null): Promise<EditionFacetCounts> {
    return this.reader.facets(product === null ? {} : { products: [product] });
  }

  // Private: tells the listeners of `onChangesRecorded`; a listener's fault never fails the write that committed.
  private changesRecorded(): void {
    for (const listener of [...this.changeListeners]) {
      try {
        listener();
      } catch {
        // The write is committed; a listener that throws is its own problem.
      }
    }
  }

  /** Answers when the store can be reached (a cheap round trip). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}

// Private: each product's 1-based position in a complete capabilities listing (its first, should it repeat).
function listingPositions(entries: readonly ResourceEntry[]): Map<string, number> {
  const positions = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!positions.has(entry.name)) positions.set(entry.name, index + 1);
  });
  return positions;
}

// Private: new positions of products that moved, a batch per statement (a product added near the top of the
// listing moves every product after it).
async function setListingPositions(trx: Transaction<StoreTables>, moved: ReadonlyArray<[name: string, position: number]>): Promise<void> {
  for (let index = 0; index < moved.length; index += INSERT_BATCH) {
    const batch = moved.slice(index, index + INSERT_BATCH);
    const cases = sql.join(
      batch.map(([name, position]) => sql`when ${name} then cast(${position} as integer)`),
      sql` `,
    );
    await trx
      .updateTable('geopf_products')
      .set({ listing_position: sql<number>`case name ${cases} end` })
      .where(
        'name',
        'in',
        batch.map(([name]) => name),
      )
      .execute();
  }
}

// Private: upserts search documents, a batch per statement.
async function writeDocuments(trx: Transaction<StoreTables>, documents: readonly SearchDocumentRow[]): Promise<void> {
  for (let index = 0; index < documents.length; index += INSERT_BATCH) {
    await trx
      .insertInto('geopf_search_documents')
      .values(documents.slice(index, index + INSERT_BATCH))
      .onConflict((oc) =>
        oc.columns(['kind', 'key']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          title: eb.ref('excluded.title'),
          zones: eb.ref('excluded.zones'),
          description: eb.ref('excluded.description'),
        })),
      )
      .execute();
  }
}

// Private: the search documents of the zones a listing files editions under: written when new, or when a label
// now names one that had none or another.
async function indexZones(trx: Transaction<StoreTables>, entries: readonly SubResourceEntry[]): Promise<void> {
  const labels = new Map<string, string | null>();
  for (const entry of entries) {
    if (entry.zone && !labels.get(entry.zone.code)) labels.set(entry.zone.code, entry.zone.label);
  }
  if (labels.size === 0) return;
  const indexed = new Map(
    (
      await trx
        .selectFrom('geopf_search_documents')
        .selectAll()
        .where('kind', '=', ZONE_DOCUMENT)
        .where('key', 'in', [...labels.keys()])
        .execute()
    ).map((row) => [row.key, row]),
  );
  const rewritten = [...labels]
    .map(([code, label]) => ({ document: zoneDocument(code, label), label, indexed: indexed.get(code) }))
    .filter(({ document, label, indexed }) => !indexed || (label !== null && !sameDocument(indexed, document)))
    .map(({ document }) => document);
  await writeDocuments(trx, rewritten);
}

// Private: one more revision of the listed editions (see `geopf_meta.revision`), in the transaction that changed them.
async function nextRevision(trx: Transaction<StoreTables>): Promise<void> {
  await trx
    .updateTable('geopf_meta')
    .set({ value: sql<string>`cast(cast(value as integer) + 1 as text)` })
    .where('key', '=', 'revision')
    .execute();
}

// Private: an edition's columns from its listing entry.
function editionFields(entry: SubResourceEntry): Omit<EditionRow, 'product' | 'name' | 'first_seen_at' | 'withdrawn_at'> {
  return {
    title: entry.title,
    updated: entry.updated,
    edition_date: entry.editionDate,
    date_key: entry.editionDate ?? '',
    zone: entry.zone?.code ?? null,
    zone_label: entry.zone?.label ?? null,
    format: entry.format?.code ?? null,
    format_label: entry.format?.label ?? null,
    crs: entry.crs?.code ?? null,
    crs_label: entry.crs?.label ?? null,
  };
}

// Private: true when what the listing shows differs from the stored row (labels aside).
function differs(row: EditionRow, fields: ReturnType<typeof editionFields>): boolean {
  return (
    row.updated !== fields.updated ||
    row.title !== fields.title ||
    row.edition_date !== fields.edition_date ||
    row.zone !== fields.zone ||
    row.format !== fields.format ||
    row.crs !== fields.crs
  );
}

function editionEvent(
  kind: ChangeKind,
  row: Pick<EditionRow, 'product' | 'name' | 'zone' | 'format' | 'crs' | 'edition_date'>,
  observedAt: string,
): Omit<ChangeRow, 'seq'> {
  return {
    kind,
    product: row.product,
    edition: row.name,
    zone: row.zone,
    format: row.format,
    crs: row.crs,
    edition_date: row.edition_date,
    observed_at: observedAt,
  };
}

function productEvent(kind: ChangeKind, product: string, observedAt: string): Omit<ChangeRow, 'seq'> {
  return { kind, product, edition: null, zone: null, format: null, crs: null, edition_date: null, observed_at: observedAt };
}

// Private: appends events in the order found (their sequence numbers follow that order); returns how many.
async function insertEvents(trx: Transaction<StoreTables>, events: ReadonlyArray<Omit<ChangeRow, 'seq'>>): Promise<number> {
  for (let index = 0; index < events.length; index += INSERT_BATCH) {
    await trx
      .insertInto('geopf_changes')
      .values(events.slice(index, index + INSERT_BATCH))
      .execute();
  }
  return events.length;
}

// Private: the change filter as WHERE clauses; formats compared upper-cased, as `ChangeFilter` holds them.
function applyChangeFilter<Q extends WhereInterface<StoreTables, 'geopf_changes'>>(query: Q, filter: ChangeQuery): Q {
  let q: WhereInterface<StoreTables, 'geopf_changes'> = query;
  // An empty list matches nothing: `false`, not a NUL sentinel (PostgreSQL refuses NUL in text).
  const list = (column: 'product' | 'kind' | 'zone', values: readonly string[] | undefined) => {
    if (values !== undefined) q = values.length > 0 ? q.where(column, 'in', [...values]) : q.where(sql<boolean>`1 = 0`);
  };
  list('product', filter.products);
  list('kind', filter.kinds);
  list('zone', filter.zones);
  if (filter.formats !== undefined) q = filter.formats.length > 0 ? q.where(sql`upper(format)`, 'in', [...filter.formats]) : q.where(sql<boolean>`1 = 0`);
  return q as Q;
}

// Private: a change-log row as every reader sees it, from the store to the wire: positions as decimal strings
// (a 64-bit sequence survives JSON); the log keeps no field-level detail yet, so `changes` is empty.
function toChangeEvent(row: {
  seq: number | string;
  kind: string;
  product: string;
  edition: string | null;
  zone: string | null;
  format: string | null;
  crs: string | null;
  edition_date: string | null;
  observed_at: string;
}): ChangeEvent {
  return {
    seq: String(row.seq),
    kind: row.kind as ChangeKind,
    resourceName: row.product,
    editionName: row.edition,
    zone: row.zone,
    format: row.format,
    crs: row.crs,
    editionDate: row.edition_date,
    observedAt: row.observed_at,
    changes: [],
  };
}
