/** What happened to the catalogue, as the change log records it. */
export const ChangeKind = {
  EDITION_ADDED: 'EDITION_ADDED',
  EDITION_WITHDRAWN: 'EDITION_WITHDRAWN',
  /** Its `updated`, title, date, zone, format or CRS changed. */
  EDITION_CHANGED: 'EDITION_CHANGED',
  PRODUCT_ADDED: 'PRODUCT_ADDED',
  PRODUCT_WITHDRAWN: 'PRODUCT_WITHDRAWN',
  /** Its `updated` or title changed. */
  PRODUCT_CHANGED: 'PRODUCT_CHANGED',
} as const;

export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

export const CHANGE_KINDS: readonly ChangeKind[] = Object.values(ChangeKind);

/**
 * A position in the change log: decimal digits, strictly increasing with each event. A string so that a
 * 64-bit SQL sequence survives JSON and JavaScript numbers; compare with `compareSeq`, never as text.
 */
export type Seq = string;

/** One field of an edition or product that changed, with its value before and after (null when absent). */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** One change of the catalogue, as recorded by the syncer and delivered by feeds, subscriptions and webhooks. */
export interface ChangeEvent {
  seq: Seq;
  kind: ChangeKind;
  /** The product, e.g. `BDTOPO`. */
  resourceName: string;
  /** The edition, e.g. `BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15`; null for a product event. */
  editionName: string | null;
  /** The upstream zone code of the edition (`D029`, `FXX`…); null when unknown or for a product event. */
  zone: string | null;
  format: string | null;
  crs: string | null;
  /** The edition's date (`YYYY-MM-DD`), when it has one. */
  editionDate: string | null;
  /** When the syncer saw the change (ISO 8601, UTC). */
  observedAt: string;
  /** What changed; empty for additions and withdrawals. */
  changes: readonly FieldChange[];
}

/** The event's stable public id, also the webhook idempotency key (`webhook-id`). */
export function changeEventId(event: Pick<ChangeEvent, 'seq'>): string {
  return `chg_${event.seq}`;
}

/** Negative, zero or positive as `a` is before, at or after `b` in the log. */
export function compareSeq(a: Seq, b: Seq): number {
  const left = BigInt(a);
  const right = BigInt(b);
  return (
    left < right ? -1
    : left > right ? 1
    : 0
  );
}

/** True when `value` is a change-log position (decimal digits, no sign, at most 20 digits). */
export function isSeq(value: string): boolean {
  return /^(0|[1-9]\d{0,19})$/.test(value);
}
