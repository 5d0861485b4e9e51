import { sql, type Expression, type Kysely, type SqlBool, type WhereInterface } from 'kysely';
import type { Term } from '../../upstream/format/model';
import { fts5Expression } from '../words/fts5Expression';
import { ALL_FIELDS, PRODUCT_FIELDS, RANK_FIELDS, type SearchField } from '../words/searchFields';
import { tsQueryText } from '../words/tsQueryText';
import type { WordQuery } from '../words/WordQuery';
import { PRODUCT_DOCUMENT, ZONE_DOCUMENT } from './searchDocuments';
import type { StoreDialect } from './StoreDialect';
import type { EditionRow, StoreTables } from './tables';

/** An edition as the index holds it. */
export interface IndexedEdition {
  product: string;
  name: string;
  title: string | null;
  updated: string | null;
  editionDate: string | null;
  zone: Term | null;
  format: Term | null;
  crs: Term | null;
  firstSeenAt: string;
  /** Null while its product's listing shows it. */
  withdrawnAt: string | null;
}

/** Orders of `editions`; each ends with (product, name), so every position is unique. */
export type EditionOrder = 'EDITION_DATE_DESC' | 'EDITION_DATE_ASC' | 'FIRST_SEEN_DESC' | 'NAME_ASC' | 'UPDATED_DESC';

/**
 * Orders only the store answers: the in-memory copy of the listed editions does not hold what they sort by.
 * `UPDATED_DESC`: the upstream's `updated` text, newest first, editions without one last (not indexed: a sort of
 * the matching editions).
 */
export const STORE_ONLY_ORDERS: ReadonlySet<EditionOrder> = new Set<EditionOrder>(['UPDATED_DESC']);

/**
 * The filter of `editions` (zones already upstream codes; every list combines with OR, lists with AND). An
 * edition matches `words` when one of its alternatives has each of its words in the edition's product (name,
 * title, description) or in the names of the edition's zone.
 */
export interface EditionQuery {
  products?: readonly string[];
  /** Edition names (of any product); the store answers a filter with names (the in-memory copy does not hold them). */
  names?: readonly string[];
  zones?: readonly string[];
  formats?: readonly string[];
  crs?: readonly string[];
  editionDateFrom?: string;
  editionDateTo?: string;
  includeWithdrawn?: boolean;
  words?: WordQuery;
}

/** A keyset position: the sort key, then the unique tie-break. */
export interface EditionKey {
  key: string;
  product: string;
  name: string;
}

/** One facet value and how many editions carry it. */
export interface FacetCount {
  code: string;
  label: string | null;
  count: number;
}

/** Editions per zone, format and CRS (by code, in code-unit order), and per year of their edition date (oldest first). */
export interface EditionFacetCounts {
  zones: FacetCount[];
  formats: FacetCount[];
  crs: FacetCount[];
  years: Array<{ year: number; count: number }>;
}

/** What one word matches: the products (in their name, title or description) and the zones (in their names). */
export interface WordMatches {
  products: readonly string[];
  zones: readonly string[];
}

/** A listed product with the zones and date range of its listed editions (see `EditionReader.productExtents`). */
export interface ProductExtent {
  name: string;
  title: string | null;
  /** Its capabilities entry (`ResourceEntry` as JSON); null until a capabilities listing shows it. */
  entry: string | null;
  zones: Array<{ zone: string | null; oldest: string | null; newest: string | null }>;
}

/** A product a search found, and how well (see `RANK_FIELDS`: 0 is best). */
export interface RankedProduct {
  name: string;
  rank: number;
}

/**
 * Reads of the listed editions and of the full-text index, on one connection or transaction (see
 * `CatalogueStore.readConsistently`): every method sees the same state when the caller's is a transaction.
 */
export class EditionReader {
  constructor(
    private readonly db: Kysely<StoreTables>,
    private readonly dialect: StoreDialect,
  ) {}

  /** `geopf_meta.revision`: grows with every transaction that changes the listed editions. */
  async revision(): Promise<number> {
    const row = await this.db.selectFrom('geopf_meta').select('value').where('key', '=', 'revision').executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  /**
   * A window of editions in `order`, strictly after (or, with `backward`, before) `from` when given: keyset
   * paging on (sort key, product, name), so concurrent inserts never make a page skip or repeat one.
   * Returns up to `limit` editions in `order` (a backward window too), with the sort key of each.
   */
  async editions(
    filter: EditionQuery,
    order: EditionOrder,
    from: EditionKey | null,
    backward: boolean,
    limit: number,
  ): Promise<Array<{ edition: IndexedEdition; key: EditionKey }>> {
    const descending = (order === 'EDITION_DATE_DESC' || order === 'FIRST_SEEN_DESC' || order === 'UPDATED_DESC') !== backward;
    // The sort key: a column, or (by `updated`) the column with '' for none, so that every position is a value.
    const keyExpression = order === 'UPDATED_DESC' ? sql<string>`coalesce(updated, '')` : sql.ref<string>(keyColumnOf(order));
    const keyOf = (row: EditionRow) => (order === 'UPDATED_DESC' ? (row.updated ?? '') : row[keyColumnOf(order)]);
    let query = this.filtered(this.db.selectFrom('geopf_editions').selectAll(), filter);
    if (from) {
      query = query.where(sql<SqlBool>`(${keyExpression}, product, name) ${sql.raw(descending ? '<' : '>')} (${from.key}, ${from.product}, ${from.name})`);
    }
    const direction = descending ? 'desc' : 'asc';
    const rows = await query.orderBy(keyExpression, direction).orderBy('product', direction).orderBy('name', direction).limit(limit).execute();
    const window = rows.map((row) => ({ edition: toIndexedEdition(row), key: { key: keyOf(row), product: row.product, name: row.name } }));
    return backward ? window.reverse() : window;
  }

  /** The editions of `keys` (product, name), in the order of `keys`; an absent one is left out. */
  async editionsByKey(keys: ReadonlyArray<{ product: string; name: string }>): Promise<IndexedEdition[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('geopf_editions')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('product', 'name'),
          'in',
          keys.map((key) => eb.tuple(key.product, key.name)),
        ),
      )
      .execute();
    const byKey = new Map(rows.map((row) => [`${row.product}\u0000${row.name}`, row]));
    return keys.flatMap((key) => {
      const row = byKey.get(`${key.product}\u0000${key.name}`);
      return row ? [toIndexedEdition(row)] : [];
    });
  }

  /** How many editions match `filter`. */
  async countEditions(filter: EditionQuery): Promise<number> {
    const row = await this.filtered(this.db.selectFrom('geopf_editions'), filter)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The editions matching `filter` per zone, format and CRS, and per year of their edition date. */
  async facets(filter: EditionQuery): Promise<EditionFacetCounts> {
    const terms = async (code: 'zone' | 'format' | 'crs', label: 'zone_label' | 'format_label' | 'crs_label') => {
      const rows = await this.filtered(this.db.selectFrom('geopf_editions'), filter)
        .where(code, 'is not', null)
        .select((eb) => [eb.ref(code).as('code'), eb.fn.max(label).as('label'), eb.fn.countAll().as('n')])
        .groupBy(code)
        .execute();
      // Code-unit order, as the in-memory copy sorts (PostgreSQL's collation may differ).
      return rows.map((row) => ({ code: String(row.code), label: row.label ?? null, count: Number(row.n) })).sort((a, b) => compareCodeUnits(a.code, b.code));
    };
    const yearExpression = sql<string>`substr(edition_date, 1, 4)`;
    const years = await this.filtered(this.db.selectFrom('geopf_editions'), filter)
      .where('edition_date', 'is not', null)
      .select((eb) => [yearExpression.as('year'), eb.fn.countAll().as('n')])
      .groupBy(yearExpression)
      .execute();
    return {
      zones: await terms('zone', 'zone_label'),
      formats: await terms('format', 'format_label'),
      crs: await terms('crs', 'crs_label'),
      years: years.map((row) => ({ year: Number(row.year), count: Number(row.n) })).sort((a, b) => a.year - b.year),
    };
  }

  /** What each of `terms` (folded words) matches: products in their name, title or description; zones in their names. */
  async wordMatches(terms: readonly string[]): Promise<Map<string, WordMatches>> {
    const matches = new Map<string, { products: string[]; zones: string[] }>(terms.map((term) => [term, { products: [], zones: [] }]));
    if (terms.length === 0) return matches;
    if (this.dialect === 'sqlite') {
      // One statement: a search of the FTS5 table per word and kind, each row tagged with its word.
      const searches = terms.flatMap((term, position) => [
        sql`select ${position} as position, kind, key from geopf_search where geopf_search match ${fts5Expression([[term]], PRODUCT_FIELDS)} and kind = ${PRODUCT_DOCUMENT}`,
        sql`select ${position} as position, kind, key from geopf_search where geopf_search match ${fts5Expression([[term]], ALL_FIELDS)} and kind = ${ZONE_DOCUMENT}`,
      ]);
      const rows = await sql<{ position: number; kind: string; key: string }>`${sql.join(searches, sql` union all `)}`.execute(this.db);
      for (const row of rows.rows) {
        const found = matches.get(terms[Number(row.position)] as string) as { products: string[]; zones: string[] };
        (row.kind === PRODUCT_DOCUMENT ? found.products : found.zones).push(row.key);
      }
      return matches;
    }
    const productQueries = terms.map((term) => tsQueryText([[term]], PRODUCT_FIELDS));
    const zoneQueries = terms.map((term) => tsQueryText([[term]], ALL_FIELDS));
    const rows = await sql<{ position: string; kind: string; key: string }>`
      select t.position, d.kind, d.key
      from unnest(cast(${productQueries} as text[]), cast(${zoneQueries} as text[])) with ordinality as t(product_query, zone_query, position)
      join geopf_search_documents d
        on (d.kind = ${PRODUCT_DOCUMENT} and d.document @@ to_tsquery('geopf_french', t.product_query))
        or (d.kind = ${ZONE_DOCUMENT} and d.document @@ to_tsquery('geopf_french', t.zone_query))`.execute(this.db);
    for (const row of rows.rows) {
      const found = matches.get(terms[Number(row.position) - 1] as string) as { products: string[]; zones: string[] };
      (row.kind === PRODUCT_DOCUMENT ? found.products : found.zones).push(row.key);
    }
    return matches;
  }

  /**
   * The listed products `query` finds in their name, title, zone names or description, each with its rank (the
   * narrowest of `RANK_FIELDS` the whole query matches in), in no particular order.
   */
  async rankProducts(query: WordQuery): Promise<RankedProduct[]> {
    if (this.dialect === 'sqlite') {
      const ranks = new Map<string, number>();
      for (let rank = RANK_FIELDS.length - 1; rank >= 0; rank -= 1) {
        const names = await this.sqliteKeys(PRODUCT_DOCUMENT, fts5Expression(query.alternatives, RANK_FIELDS[rank] as readonly SearchField[]));
        if (rank === RANK_FIELDS.length - 1 && names.length === 0) return [];
        for (const name of names) ranks.set(name, rank);
      }
      return [...ranks].map(([name, rank]) => ({ name, rank }));
    }
    const tiers = RANK_FIELDS.map((fields) => tsQueryText(query.alternatives, fields));
    const cases = sql.join(
      tiers.slice(0, -1).map((tier, rank) => sql`when document @@ to_tsquery('geopf_french', ${tier}) then ${sql.lit(rank)}`),
      sql` `,
    );
    const rows = await sql<{ key: string; rank: number }>`
      select key, case ${cases} else ${sql.lit(tiers.length - 1)} end as rank
      from geopf_search_documents
      where kind = ${PRODUCT_DOCUMENT} and document @@ to_tsquery('geopf_french', ${tiers[tiers.length - 1]})`.execute(this.db);
    return rows.rows.map((row) => ({ name: row.key, rank: Number(row.rank) }));
  }

  /** Titles and capabilities entries (JSON) of `names`, of the listed products among them. */
  async productEntries(names: readonly string[]): Promise<Array<{ name: string; title: string | null; entry: string | null }>> {
    if (names.length === 0) return [];
    return this.db
      .selectFrom('geopf_products')
      .select(['name', 'title', 'entry'])
      .where('name', 'in', [...names])
      .where('withdrawn_at', 'is', null)
      .execute();
  }

  /**
   * The listed products (all, or those of `names`), by name in code-unit order, each with its capabilities entry
   * (JSON) and, per zone of its listed editions, the oldest and newest edition date (null when none is dated).
   */
  async productExtents(names?: readonly string[]): Promise<ProductExtent[]> {
    if (names !== undefined && names.length === 0) return [];
    let products = this.db.selectFrom('geopf_products').select(['name', 'title', 'entry']).where('withdrawn_at', 'is', null);
    if (names !== undefined) products = products.where('name', 'in', [...names]);
    let zones = this.db
      .selectFrom('geopf_editions')
      .select((eb) => ['product', 'zone', eb.fn.min('edition_date').as('oldest'), eb.fn.max('edition_date').as('newest')])
      .where('withdrawn_at', 'is', null)
      .groupBy(['product', 'zone']);
    if (names !== undefined) zones = zones.where('product', 'in', [...names]);
    const zoneRows = await zones.execute();
    const byProduct = new Map<string, ProductExtent['zones']>();
    for (const row of zoneRows) {
      const list = byProduct.get(row.product) ?? [];
      list.push({ zone: row.zone, oldest: row.oldest ?? null, newest: row.newest ?? null });
      byProduct.set(row.product, list);
    }
    const rows = await products.execute();
    return rows
      .sort((a, b) => compareCodeUnits(a.name, b.name))
      .map((row) => ({ name: row.name, title: row.title, entry: row.entry, zones: byProduct.get(row.name) ?? [] }));
  }

  /** Every listed product's name and title (for suggestions). */
  async listedProducts(): Promise<Array<{ name: string; title: string | null }>> {
    return this.db.selectFrom('geopf_products').select(['name', 'title']).where('withdrawn_at', 'is', null).execute();
  }

  // Private: the keys of the documents of `kind` an FTS5 query matches.
  private async sqliteKeys(kind: string, match: string): Promise<string[]> {
    const rows = await sql<{ key: string }>`select key from geopf_search where geopf_search match ${match} and kind = ${kind}`.execute(this.db);
    return rows.rows.map((row) => row.key);
  }

  /** `query` narrowed to the editions `filter` matches (its words through the full-text index), as WHERE clauses. */
  filtered<Q extends WhereInterface<StoreTables, 'geopf_editions'>>(query: Q, filter: EditionQuery): Q {
    let q: WhereInterface<StoreTables, 'geopf_editions'> = query;
    // An empty list matches nothing (a condition always false: PostgreSQL refuses a NUL placeholder in text).
    const list = (column: 'product' | 'name' | 'zone' | 'format' | 'crs', values: readonly string[] | undefined) => {
      if (values !== undefined) q = values.length > 0 ? q.where(column, 'in', [...values]) : q.where(sql<SqlBool>`1 = 0`);
    };
    list('product', filter.products);
    list('name', filter.names);
    list('zone', filter.zones);
    list('format', filter.formats);
    list('crs', filter.crs);
    if (filter.editionDateFrom !== undefined) q = q.where('date_key', '>=', filter.editionDateFrom);
    if (filter.editionDateTo !== undefined) q = q.where('date_key', '<=', filter.editionDateTo).where('date_key', '<>', '');
    if (!filter.includeWithdrawn) q = q.where('withdrawn_at', 'is', null);
    if (filter.words) q = q.where(this.wordsCondition(filter.words));
    return q as Q;
  }

  // Private: `words` as a condition on an edition: any alternative whose every word is in the product's document
  // or the zone's (each a subquery of the full-text index: no list of keys is sent).
  private wordsCondition(words: WordQuery): Expression<SqlBool> {
    const inDocuments = (column: 'product' | 'zone', kind: string, term: string, fields: readonly SearchField[]) =>
      this.dialect === 'sqlite' ?
        sql`${sql.ref(column)} in (select key from geopf_search where geopf_search match ${fts5Expression([[term]], fields)} and kind = ${kind})`
      : sql`${sql.ref(column)} in (select key from geopf_search_documents where kind = ${kind} and document @@ to_tsquery('geopf_french', ${tsQueryText([[term]], fields)}))`;
    const alternatives = words.alternatives.map(
      (alternative) =>
        sql`(${sql.join(
          alternative.map(
            (term) => sql`(${inDocuments('product', PRODUCT_DOCUMENT, term, PRODUCT_FIELDS)} or ${inDocuments('zone', ZONE_DOCUMENT, term, ALL_FIELDS)})`,
          ),
          sql` and `,
        )})`,
    );
    return sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`;
  }
}

/** The sort key column of an order (`UPDATED_DESC` sorts by an expression on `updated`: see `editions`). */
export function keyColumnOf(order: EditionOrder): 'first_seen_at' | 'name' | 'date_key' {
  return (
    order === 'FIRST_SEEN_DESC' ? 'first_seen_at'
    : order === 'NAME_ASC' ? 'name'
    : 'date_key'
  );
}

/** Code-unit order (never locale order, which differs by store and machine). */
export function compareCodeUnits(a: string, b: string): number {
  return (
    a < b ? -1
    : a > b ? 1
    : 0
  );
}

/** An edition as the index answers it, from its row. */
export function toIndexedEdition(row: EditionRow): IndexedEdition {
  const term = (code: string | null, label: string | null): Term | null => (code === null ? null : { code, label });
  return {
    product: row.product,
    name: row.name,
    title: row.title,
    updated: row.updated,
    editionDate: row.edition_date,
    zone: term(row.zone, row.zone_label),
    format: term(row.format, row.format_label),
    crs: term(row.crs, row.crs_label),
    firstSeenAt: row.first_seen_at,
    withdrawnAt: row.withdrawn_at,
  };
}
