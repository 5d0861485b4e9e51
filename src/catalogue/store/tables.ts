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
}

/** `app` (whose store this is) and `schema_version`. */
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
