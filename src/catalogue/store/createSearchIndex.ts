import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './StoreDialect';
import type { StoreTables } from './tables';

/** How a PostgreSQL store drops accents from its documents (recorded as `geopf_meta.search_fold`). */
export type SearchFold = 'unaccent' | 'translate';

// Private: lower-case letters with marks, and what `translate()` makes of them: what `unaccent` would, for the
// Latin letters French and its neighbours write (ligatures are spelled out before: see `searchableText`).
const ACCENTED = 'àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž';
const PLAIN = 'aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz';

/**
 * Creates the full-text index of products and zones (`geopf_search_documents`; see `SearchDocumentRow`).
 * SQLite: an FTS5 table over it (`unicode61`, accents removed), kept in step by triggers. PostgreSQL: a
 * `tsvector` per row set by a trigger and a GIN index, in the text search configuration `geopf_french`: a copy
 * of `french` whose Snowball stemmer has no stop list (queries drop their own: see `STOP_WORDS`), behind the
 * `unaccent` dictionary when the extension exists or can be created (it is trusted: a user with CREATE on the
 * database may), else behind `translate()` of the accented Latin letters. Returns how accents are dropped.
 */
export async function createSearchIndex(db: Kysely<StoreTables>, dialect: StoreDialect): Promise<SearchFold | null> {
  await db.schema
    .createTable('geopf_search_documents')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('zones', 'text')
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('geopf_search_documents_pk', ['kind', 'key'])
    .execute();
  if (dialect === 'sqlite') {
    await createFts5Table(db);
    return null;
  }
  const fold = await createTextSearchConfiguration(db);
  const folded = (column: string) =>
    fold === 'unaccent' ? `coalesce(new.${column}, '')` : `translate(coalesce(new.${column}, ''), '${ACCENTED}', '${PLAIN}')`;
  await sql`alter table geopf_search_documents add column document tsvector`.execute(db);
  await sql
    .raw(
      `create function geopf_search_document() returns trigger language plpgsql as $$
begin
  new.document :=
    setweight(to_tsvector('geopf_french', ${folded('name')}), 'A') ||
    setweight(to_tsvector('geopf_french', ${folded('title')}), 'B') ||
    setweight(to_tsvector('geopf_french', ${folded('zones')}), 'C') ||
    setweight(to_tsvector('geopf_french', ${folded('description')}), 'D');
  return new;
end
$$`,
    )
    .execute(db);
  await sql`create trigger geopf_search_document before insert or update on geopf_search_documents for each row execute function geopf_search_document()`.execute(
    db,
  );
  await sql`create index geopf_search_documents_words on geopf_search_documents using gin (document)`.execute(db);
  return fold;
}

// Private: the FTS5 table over the documents (external content) and the triggers that keep it in step.
async function createFts5Table(db: Kysely<StoreTables>): Promise<void> {
  const columns = 'kind, key, name, title, zones, description';
  const values = (row: 'new' | 'old') => `${row}.rowid, ${row}.kind, ${row}.key, ${row}.name, ${row}.title, ${row}.zones, ${row}.description`;
  await sql
    .raw(
      `create virtual table geopf_search using fts5(kind unindexed, key unindexed, name, title, zones, description, content = 'geopf_search_documents', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger geopf_search_added after insert on geopf_search_documents begin insert into geopf_search (rowid, ${columns}) values (${values('new')}); end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger geopf_search_removed after delete on geopf_search_documents begin insert into geopf_search (geopf_search, rowid, ${columns}) values ('delete', ${values('old')}); end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger geopf_search_changed after update on geopf_search_documents begin insert into geopf_search (geopf_search, rowid, ${columns}) values ('delete', ${values('old')}); insert into geopf_search (rowid, ${columns}) values (${values('new')}); end`,
    )
    .execute(db);
}

// Private: `geopf_french`, with `unaccent` when it can be had. Creating the extension may fail (not installed,
// or no CREATE on the database): a savepoint keeps that failure from aborting the migration's transaction.
async function createTextSearchConfiguration(db: Kysely<StoreTables>): Promise<SearchFold> {
  await sql`savepoint geopf_unaccent`.execute(db);
  try {
    await sql`create extension if not exists unaccent`.execute(db);
    await sql`release savepoint geopf_unaccent`.execute(db);
  } catch {
    await sql`rollback to savepoint geopf_unaccent`.execute(db);
  }
  const found = await sql<{
    schema: string;
  }>`select n.nspname as schema from pg_ts_dict d join pg_namespace n on n.oid = d.dictnamespace where d.dictname = 'unaccent' limit 1`.execute(db);
  const unaccent = found.rows[0] ? `${quoteIdentifier(found.rows[0].schema)}.unaccent, ` : '';
  await sql`create text search dictionary geopf_french_stem (template = snowball, language = french)`.execute(db);
  await sql`create text search configuration geopf_french (copy = french)`.execute(db);
  await sql
    .raw(
      `alter text search configuration geopf_french alter mapping for asciiword, word, asciihword, hword, hword_asciipart, hword_part with ${unaccent}geopf_french_stem`,
    )
    .execute(db);
  await sql.raw(`alter text search configuration geopf_french alter mapping for numword, numhword, hword_numpart with ${unaccent}simple`).execute(db);
  return unaccent ? 'unaccent' : 'translate';
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
