import type { IndexedEdition } from '../../catalogue/store/CatalogueStore';
import { footprintOf } from '../../graphql/resolvers/Zone';
import { zoneInfo, type MultiPolygon } from '../../zones';

/** One edition as every export writes it (CSV and Parquet columns, NDJSON keys, in this order). */
export interface EditionRecord {
  product: string;
  product_title: string | null;
  name: string;
  title: string | null;
  zone: string | null;
  zone_label: string | null;
  format: string | null;
  format_label: string | null;
  crs: string | null;
  crs_label: string | null;
  edition_date: string | null;
  first_seen_at: string;
  withdrawn_at: string | null;
  /** The box of its zone's footprint, `[west, south, east, north]` (EPSG:4326); null without one. */
  bbox: [number, number, number, number] | null;
}

/** Its zone's footprint, for the formats that carry geometry (null without one). */
export interface EditionFootprint {
  code: string;
  geometry: MultiPolygon;
}

/** An edition as exported, with its product's title (from `titles`) and its zone's footprint box. */
export function editionRecord(edition: IndexedEdition, titles: ReadonlyMap<string, string | null>): EditionRecord {
  const footprint = edition.zone ? footprintOf(edition.zone.code) : null;
  return {
    product: edition.product,
    product_title: titles.get(edition.product) ?? null,
    name: edition.name,
    title: edition.title,
    zone: edition.zone?.code ?? null,
    // As `Zone.label`: the upstream's when not empty, else the reference data's.
    zone_label: edition.zone ? edition.zone.label || (zoneInfo(edition.zone.code)?.label ?? null) : null,
    format: edition.format?.code ?? null,
    format_label: edition.format?.label ?? null,
    crs: edition.crs?.code ?? null,
    crs_label: edition.crs?.label ?? null,
    edition_date: edition.editionDate,
    first_seen_at: edition.firstSeenAt,
    withdrawn_at: edition.withdrawnAt,
    bbox: footprint ? [...footprint.bbox] : null,
  };
}

/** The footprint of a record's zone, or null. */
export function recordFootprint(record: EditionRecord): EditionFootprint | null {
  const footprint = record.zone ? footprintOf(record.zone) : null;
  return footprint ? { code: footprint.code, geometry: footprint.geometry } : null;
}
