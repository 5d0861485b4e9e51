import type { EditionRecord } from './EditionRecord';
import type { ExportSink, ExportWriter } from './ExportWriter';
import type { ProductRecord } from './readProductBatches';
import { csvLine, csvNumber, csvText } from './csvCell';

/** UTF-8's byte order mark: spreadsheets read the file as UTF-8 with it (CSV parsers skip it: `bom: true`). */
const BOM = '\uFEFF';
const BBOX_COLUMNS = ['bbox_west', 'bbox_south', 'bbox_east', 'bbox_north'];

/** The columns of `editions.csv`, in order. */
export const EDITION_CSV_COLUMNS: readonly string[] = [
  'product',
  'product_title',
  'name',
  'title',
  'zone',
  'zone_label',
  'format',
  'format_label',
  'crs',
  'crs_label',
  'edition_date',
  'first_seen_at',
  'withdrawn_at',
  ...BBOX_COLUMNS,
];

/** The columns of `products.csv`, in order (zone, format and CRS codes space-separated). */
export const PRODUCT_CSV_COLUMNS: readonly string[] = [
  'product',
  'title',
  'editions',
  'zones',
  'formats',
  'crs',
  'first_edition_date',
  'last_edition_date',
  'first_seen_at',
  'withdrawn_at',
  ...BBOX_COLUMNS,
];

/** `editions.csv`: RFC 4180, UTF-8 with a BOM, CRLF, a header row, text cells guarded against formulas (`csvText`). */
export function editionCsvWriter(sink: ExportSink): ExportWriter<EditionRecord> {
  return lineWriter(sink, BOM + csvLine(EDITION_CSV_COLUMNS), (record) =>
    csvLine([
      csvText(record.product),
      csvText(record.product_title),
      csvText(record.name),
      csvText(record.title),
      csvText(record.zone),
      csvText(record.zone_label),
      csvText(record.format),
      csvText(record.format_label),
      csvText(record.crs),
      csvText(record.crs_label),
      csvText(record.edition_date),
      csvText(record.first_seen_at),
      csvText(record.withdrawn_at),
      ...boxCells(record.bbox),
    ]),
  );
}

/** `products.csv`: as `editions.csv`, a product per line. */
export function productCsvWriter(sink: ExportSink): ExportWriter<ProductRecord> {
  return lineWriter(sink, BOM + csvLine(PRODUCT_CSV_COLUMNS), (record) =>
    csvLine([
      csvText(record.product),
      csvText(record.title),
      String(record.editions),
      csvText(record.zones.join(' ')),
      csvText(record.formats.join(' ')),
      csvText(record.crs.join(' ')),
      csvText(record.first_edition_date),
      csvText(record.last_edition_date),
      csvText(record.first_seen_at),
      csvText(record.withdrawn_at),
      ...boxCells(record.bbox),
    ]),
  );
}

/** `editions.ndjson`: one JSON object per line (`EditionRecord`'s keys, values exact: no guard), LF. */
export function editionNdjsonWriter(sink: ExportSink): ExportWriter<EditionRecord> {
  return lineWriter(sink, '', (record) => `${JSON.stringify(record)}\n`);
}

// Private: a writer of a header then a line per row, a batch per write.
function lineWriter<R>(sink: ExportSink, header: string, line: (row: R) => string): ExportWriter<R> {
  return {
    begin: () => sink.write(header),
    rows: (batch) => sink.write(batch.map(line).join('')),
    end: () => Promise.resolve(),
  };
}

function boxCells(bbox: readonly number[] | null): string[] {
  return bbox ? bbox.map(csvNumber) : ['', '', '', ''];
}
