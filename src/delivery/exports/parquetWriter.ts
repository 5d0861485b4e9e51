import type { ColumnSource, KeyValue, SchemaElement, Writer } from 'hyparquet-writer' with { 'resolution-mode': 'import' };
import { FOOTPRINT_ATTRIBUTION } from '../../zones';
import { recordFootprint, type EditionRecord } from './EditionRecord';
import type { ExportSink, ExportWriter } from './ExportWriter';

/** Rows per Parquet row group: one group is what the writer holds before it hands its bytes to the sink. */
export const PARQUET_ROW_GROUP = 5_000;

/** The text columns of `editions.parquet` (UTF-8), then the box, then `geometry` (WKB). */
const TEXT_COLUMNS = [
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
] as const satisfies ReadonlyArray<keyof EditionRecord>;
const REQUIRED = new Set<string>(['product', 'name', 'first_seen_at']);
const BOX_COLUMNS = ['bbox_west', 'bbox_south', 'bbox_east', 'bbox_north'] as const;

/**
 * `editions.parquet`: GeoParquet 1.1, a row group per `PARQUET_ROW_GROUP` editions (hyparquet-writer's
 * `ParquetWriter`, whose writer hands each finished group's bytes to the sink and waits for it), Snappy. The
 * `geometry` column holds the zone's footprint as WKB (null without one); the `geo` key-value metadata names it
 * the primary column (`encoding: WKB`, `geometry_types: ["MultiPolygon"]`, the file's `bbox`; no `crs`: OGC:CRS84).
 */
export async function editionParquetWriter(sink: ExportSink): Promise<ExportWriter<EditionRecord>> {
  const { ByteWriter, ParquetWriter, geojsonToWkb } = await import('hyparquet-writer');
  // A ByteWriter whose `flush` and `finish` (optional members of `Writer`) send its bytes; `index` is where it writes next.
  const bytes: Writer & { index: number } = new ByteWriter();
  // Each finished row group (and the footer) leaves at once: the buffer never holds more than one group.
  const flush = (): Promise<void> => {
    const chunk = Buffer.from(bytes.buffer.slice(0, bytes.index));
    bytes.index = 0;
    return sink.write(chunk);
  };
  bytes.flush = flush;
  bytes.finish = flush;
  const metadata: KeyValue[] = [];
  const writer = new ParquetWriter({ writer: bytes, schema: schema(), kvMetadata: metadata, createdBy: 'geopf-download-subgraph' });
  const wkbByZone = new Map<string, Uint8Array>();
  let box: [number, number, number, number] | null = null;
  let pending: EditionRecord[] = [];

  const writeGroup = async (): Promise<void> => {
    if (pending.length === 0) return;
    const group = pending;
    pending = [];
    const geometry = group.map((record) => {
      const footprint = recordFootprint(record);
      if (!footprint) return null;
      let wkb = wkbByZone.get(footprint.code);
      if (!wkb) {
        wkb = geojsonToWkb(footprint.geometry as unknown as Parameters<typeof geojsonToWkb>[0]);
        wkbByZone.set(footprint.code, wkb);
      }
      return wkb;
    });
    for (const record of group) {
      if (record.bbox) box = box ? grow(box, record.bbox) : [...record.bbox];
    }
    const columnData: ColumnSource[] = [
      ...TEXT_COLUMNS.map((name) => ({ name, data: group.map((record) => record[name]) })),
      ...BOX_COLUMNS.map((name, position) => ({ name, data: group.map((record) => record.bbox?.[position] ?? null) })),
      // No statistics on the footprints (bounds of WKB bytes tell a reader nothing; the `geo` bbox does).
      { name: 'geometry', data: geometry, statistics: false },
    ];
    await writer.write({ columnData, rowGroupSize: group.length });
  };

  return {
    begin: flush,
    async rows(batch) {
      pending.push(...batch);
      if (pending.length >= PARQUET_ROW_GROUP) await writeGroup();
    },
    async end() {
      await writeGroup();
      metadata.push({ key: 'geo', value: JSON.stringify(geoMetadata(box)) });
      await writer.finish();
    },
  };
}

/** The GeoParquet 1.1 `geo` metadata of a file whose geometries span `bbox`. */
export function geoMetadata(bbox: readonly number[] | null): Record<string, unknown> {
  return {
    version: '1.1.0',
    primary_column: 'geometry',
    columns: {
      geometry: {
        encoding: 'WKB',
        geometry_types: ['MultiPolygon'],
        ...(bbox ? { bbox } : {}),
        orientation: 'counterclockwise',
        edges: 'planar',
      },
    },
    attribution: FOOTPRINT_ATTRIBUTION,
  };
}

// Private: the file's explicit schema.
function schema(): SchemaElement[] {
  return [
    { name: 'root', num_children: TEXT_COLUMNS.length + BOX_COLUMNS.length + 1 },
    ...TEXT_COLUMNS.map((name): SchemaElement => ({
      name,
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      repetition_type: REQUIRED.has(name) ? 'REQUIRED' : 'OPTIONAL',
    })),
    ...BOX_COLUMNS.map((name): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' })),
    { name: 'geometry', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  ];
}

function grow(box: [number, number, number, number], other: readonly number[]): [number, number, number, number] {
  const [west, south, east, north] = other as [number, number, number, number];
  return [Math.min(box[0], west), Math.min(box[1], south), Math.max(box[2], east), Math.max(box[3], north)];
}
