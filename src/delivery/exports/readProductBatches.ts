import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import type { EditionQuery } from '../../catalogue/store/CatalogueStore';
import { footprintOf } from '../../graphql/resolvers/Zone';
import { EXPORT_BATCH } from './readEditionBatches';

/** One product as `products.csv` writes it: what its editions matching the filter hold. */
export interface ProductRecord {
  product: string;
  title: string | null;
  /** Its editions the filter matches. */
  editions: number;
  /** Their zone, format and CRS codes, each list sorted (code-unit order). */
  zones: string[];
  formats: string[];
  crs: string[];
  /** Their oldest and newest edition dates (null when none is dated). */
  first_edition_date: string | null;
  last_edition_date: string | null;
  first_seen_at: string;
  withdrawn_at: string | null;
  /** The box around their zones' footprints, `[west, south, east, north]`; null when none has one. */
  bbox: [number, number, number, number] | null;
}

/**
 * The products with at least one edition `query` matches, by name (code-unit order within the store's
 * collation), each summarising those editions; read in keyset batches of editions ordered by (product, name),
 * each its own short read, so a product's editions may span batches. Stops once `signal` aborts.
 */
export async function* readProductBatches(
  index: CatalogueIndex,
  query: EditionQuery,
  signal: AbortSignal,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<ProductRecord[]> {
  let from: { product: string; name: string } | null = null;
  let current: Accumulator | null = null;
  while (!signal.aborted) {
    const position = from;
    const rows = await index.read((store) => {
      let select = store.reader.filtered(store.db.selectFrom('geopf_editions').select(['product', 'name', 'zone', 'format', 'crs', 'edition_date']), query);
      if (position) select = select.where((eb) => eb(eb.refTuple('product', 'name'), '>', eb.tuple(position.product, position.name)));
      return select.orderBy('product').orderBy('name').limit(batchSize).execute();
    });
    const finished: Accumulator[] = [];
    for (const row of rows) {
      if (current?.product !== row.product) {
        if (current) finished.push(current);
        current = accumulator(row.product);
      }
      add(current, row);
    }
    const last = rows.length < batchSize;
    if (last && current) finished.push(current);
    if (finished.length > 0) yield await complete(index, finished);
    if (last) return;
    const end = rows[rows.length - 1] as (typeof rows)[number];
    from = { product: end.product, name: end.name };
  }
}

interface Accumulator {
  product: string;
  editions: number;
  zones: Set<string>;
  formats: Set<string>;
  crs: Set<string>;
  first: string | null;
  last: string | null;
}

function accumulator(product: string): Accumulator {
  return { product, editions: 0, zones: new Set(), formats: new Set(), crs: new Set(), first: null, last: null };
}

function add(into: Accumulator, row: { zone: string | null; format: string | null; crs: string | null; edition_date: string | null }): void {
  into.editions += 1;
  if (row.zone !== null) into.zones.add(row.zone);
  if (row.format !== null) into.formats.add(row.format);
  if (row.crs !== null) into.crs.add(row.crs);
  if (row.edition_date !== null) {
    if (into.first === null || row.edition_date < into.first) into.first = row.edition_date;
    if (into.last === null || row.edition_date > into.last) into.last = row.edition_date;
  }
}

// Private: the finished products with their own rows (title, first seen, withdrawn) and their box.
async function complete(index: CatalogueIndex, finished: readonly Accumulator[]): Promise<ProductRecord[]> {
  const names = finished.map((each) => each.product);
  const rows = await index.read((store) =>
    store.db.selectFrom('geopf_products').select(['name', 'title', 'first_seen_at', 'withdrawn_at']).where('name', 'in', names).execute(),
  );
  const byName = new Map(rows.map((row) => [row.name, row]));
  return finished.map((each) => {
    const row = byName.get(each.product);
    return {
      product: each.product,
      title: row?.title ?? null,
      editions: each.editions,
      zones: sorted(each.zones),
      formats: sorted(each.formats),
      crs: sorted(each.crs),
      first_edition_date: each.first,
      last_edition_date: each.last,
      first_seen_at: row?.first_seen_at ?? '',
      withdrawn_at: row?.withdrawn_at ?? null,
      bbox: unionBox(each.zones),
    };
  });
}

function sorted(values: ReadonlySet<string>): string[] {
  return [...values].sort((a, b) =>
    a < b ? -1
    : a > b ? 1
    : 0,
  );
}

// Private: the box around the footprints of `zones` (those that have one).
function unionBox(zones: ReadonlySet<string>): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const code of zones) {
    const footprint = footprintOf(code);
    if (!footprint) continue;
    const [west, south, east, north] = footprint.bbox;
    box = box ? [Math.min(box[0], west), Math.min(box[1], south), Math.max(box[2], east), Math.max(box[3], north)] : [west, south, east, north];
  }
  return box;
}
