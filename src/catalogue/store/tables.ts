import type { Generated } from 'kysely';

/**
 * The catalogue store's tables, as Kysely types them. Times are ISO 8601 UTC strings (`toISOString()`), which
 * sort as they compare on both dialects. Every table is prefixed `geopf_` so a shared PostgreSQL database can
 * hold it beside others.
 */
export interface StoreTables {
  geopf_meta: MetaRow;
  geopf_products: ProductRow;
  geopf_editions: EditionRow;
  geopf_changes: ChangeRow;
  geopf_sync_state: SyncStateRow;
  geopf_lease: LeaseRow;
  geopf_watches: WatchRow;
  geopf_outbox: OutboxRow;
  geopf_search_documents: SearchDocumentRow;
}

/**
 * `app` (whose store this is), `schema_version`, `revision` (grows by one with every transaction that changes
 * the listed editions: what an in-memory copy of them is checked against) and, on PostgreSQL, `search_fold`
 * (`unaccent` or `translate`: how documents lose their accents).
 */
export interface MetaRow {
  key: string;
  value: string;
}

/** A product as the capabilities listing last showed it. */
export interface ProductRow {
  name: string;
  title: string | null;
  updated: string | null;
  /** Editions its last complete listing held (`gpf_dl:totalentries`); null before its first listing. */
  edition_total: number | null;
  /** When its editions were last read completely; null before. */
  listed_at: string | null;
  first_seen_at: string;
  withdrawn_at: string | null;
  /**
   * Its 1-based position in the last complete walk of the unfiltered capabilities listing; null when no
   * complete walk has listed it (added by an incremental pass since, or withdrawn).
   */
  listing_position: number | null;
  /** Its capabilities entry (`ResourceEntry` as JSON) as last read; null until a capabilities listing shows it. */
  entry: string | null;
}

/** An edition as its product's listing last showed it. */
export interface EditionRow {
  product: string;
  name: string;
  title: string | null;
  updated: string | null;
  edition_date: string | null;
  /** `edition_date`, or '' for undated editions: the non-null sort key of date orders. */
  date_key: string;
  zone: string | null;
  zone_label: string | null;
  format: string | null;
  format_label: string | null;
  crs: string | null;
  crs_label: string | null;
  first_seen_at: string;
  withdrawn_at: string | null;
}

/** One event of the change log; `seq` grows with every event. */
export interface ChangeRow {
  seq: Generated<number>;
  kind: string;
  product: string;
  edition: string | null;
  zone: string | null;
  format: string | null;
  crs: string | null;
  edition_date: string | null;
  observed_at: string;
}

/** Sync bookkeeping, one value per key (see `SyncStateKey`). */
export interface SyncStateRow {
  key: string;
  value: string;
}

/** Who runs the syncer among replicas, until when. */
export interface LeaseRow {
  name: string;
  holder: string;
  expires_at: string;
}

/** A webhook watch (`filter` is the normalized `ChangeFilter` as JSON). */
export interface WatchRow {
  id: string;
  url: string;
  filter: string;
  secret: string;
  created_at: string;
  status: string;
  suspended_at: string | null;
  suspended_reason: string | null;
}

/**
 * One webhook delivery waiting: an event (`ChangeEvent` as JSON) for a watch, unique per (event_id, watch_id).
 * Times are epoch milliseconds (PostgreSQL `bigint`, read back as strings); claimed until `lease_until`.
 */
export interface OutboxRow {
  id: Generated<number>;
  event_id: string;
  watch_id: string;
  event: string;
  attempts: number;
  created_at: number | string;
  next_attempt_at: number | string;
  lease_until: number | string;
  last_error: string | null;
}

/**
 * A document of the full-text index: a listed product (`kind` `product`, `key` its name) or a zone editions are
 * filed under (`zone`, its code). Texts are `searchableText`: lower-cased words separated by single spaces,
 * accents kept. SQLite indexes them in the FTS5 table `geopf_search` (kept in step by triggers); PostgreSQL in
 * the row's `document` (`tsvector`, set by a trigger; never read here), fields weighted A to D in this order.
 */
export interface SearchDocumentRow {
  kind: string;
  key: string;
  /** The product's name, and its words run together (`admin express cog adminexpresscog`); a zone's code. */
  name: string;
  /** The product's title; null for a zone. */
  title: string | null;
  /** The names of the product's zones, or of the zone (its label, its name, its région's name). */
  zones: string | null;
  /** The product's description; null for a zone. */
  description: string | null;
}
