import type { FacetCount } from '../store/CatalogueStore';
import { compareCodeUnits } from '../store/EditionReader';
import type { TermTable } from './TermTable';

/** The labels one column's codes carry, per edition of a snapshot. */
export interface LabelColumn {
  /** Distinct labels, in code-unit order. */
  values: readonly string[];
  /** Each edition's label: its rank in `values` + 1; 0 for none. */
  of: Uint32Array;
  /** Per code number: the label every edition of the code carries (rank + 1, 0 for none), or -1 when they differ. */
  uniform: Int32Array;
}

/**
 * One column's labels (`labels[edition]`), ranked in code-unit order (the greatest, as the store's `max`, is
 * the last), and per code (`codeOf[edition]`, below `codes`) whether its editions all carry the same.
 */
export function labelColumn(labels: ReadonlyArray<string | null>, codeOf: Uint32Array, codes: number): LabelColumn {
  const present = ranked(labels.map((label) => label ?? ''));
  // '' (no label; the parser reads an empty one as none) ranks first when present: its rank + 1 - 1 is 0, none.
  const shift = present.keys[0] === '' ? 0 : 1;
  const values = shift === 0 ? present.keys.slice(1) : present.keys;
  const of = present.of;
  if (shift === 1) for (let edition = 0; edition < of.length; edition += 1) (of[edition] as number) += 1;
  const uniform = new Int32Array(codes).fill(-2);
  for (let edition = 0; edition < codeOf.length; edition += 1) {
    const code = codeOf[edition] as number;
    const label = of[edition] as number;
    const seen = uniform[code] as number;
    if (seen === -2) uniform[code] = label;
    else if (seen !== label) uniform[code] = -1;
  }
  for (let code = 0; code < codes; code += 1) if (uniform[code] === -2) uniform[code] = 0;
  return { values, of, uniform };
}

/** The distinct `values` in code-unit order (the default sort's), and each value's rank among them. */
export function ranked(values: readonly string[]): { keys: string[]; of: Uint32Array } {
  const keys = [...new Set(values)].sort();
  const number = new Map<string, number>();
  for (let rank = 0; rank < keys.length; rank += 1) number.set(keys[rank] as string, rank);
  const of = new Uint32Array(values.length);
  for (let index = 0; index < values.length; index += 1) of[index] = number.get(values[index] as string) as number;
  return { keys, of };
}

/** Editions counted per code of one column (code numbers of a `TermTable`), and the greatest label they carry. */
export class FacetTally {
  readonly counts: Uint32Array;
  readonly labels: Uint32Array;

  constructor(
    size: number,
    private readonly column: LabelColumn,
  ) {
    this.counts = new Uint32Array(size);
    this.labels = new Uint32Array(size);
  }

  /** One edition carrying `code`. */
  add(code: number, edition: number): void {
    (this.counts[code] as number) += 1;
    // Most codes carry one label throughout: only the others need each edition's.
    if ((this.column.uniform[code] as number) >= 0) return;
    const label = this.column.of[edition] as number;
    if (label > (this.labels[code] as number)) this.labels[code] = label;
  }

  /** `count` editions carrying `code`, the greatest label among them `label` (rank + 1). */
  addMany(code: number, count: number, label: number): void {
    (this.counts[code] as number) += count;
    if (label > (this.labels[code] as number)) this.labels[code] = label;
  }

  /** The codes counted (0, none, aside), in code-unit order, each with its label. */
  facets(table: TermTable): FacetCount[] {
    const facets: FacetCount[] = [];
    this.counts.forEach((count, number) => {
      if (number === 0 || count === 0) return;
      const uniform = this.column.uniform[number] as number;
      const label = uniform >= 0 ? uniform : (this.labels[number] as number);
      facets.push({ code: table.valueOf(number) as string, label: label === 0 ? null : (this.column.values[label - 1] as string), count });
    });
    return facets.sort((a, b) => compareCodeUnits(a.code, b.code));
  }
}

/** The columns of a snapshot `CellTallies` counts, per edition. */
export interface TalliedColumns {
  productOf: Uint32Array;
  zoneOf: Uint32Array;
  formatOf: Uint32Array;
  crsOf: Uint32Array;
  yearOf: Uint32Array;
  labels: Readonly<Record<'zones' | 'formats' | 'crs', LabelColumn>>;
}

/** Per cell, the values of one column its editions carry: runs of (value, editions, greatest label). */
interface CellColumn {
  /** Where each cell's run starts (and, at its successor, ends). */
  start: Uint32Array;
  value: Uint32Array;
  count: Uint32Array;
  label: Uint32Array;
}

/** The tallies `CellTallies.add` fills: per zone, format and CRS (with labels), per year (by number). */
export interface Tallies {
  zones: FacetTally;
  formats: FacetTally;
  crs: FacetTally;
  years: Uint32Array;
}

/**
 * The editions grouped in cells, one per (product, zone) pair, each with its editions counted per format, CRS
 * and year (with the greatest labels). A filter of products, zones and words alone decides per cell (words match
 * a product or a zone), so its count and facets are sums over the cells it keeps: a place's over its zones'
 * cells, whatever the number of editions. Built in two passes; a few bytes per (cell, value) pair.
 */
export class CellTallies {
  /** Product and zone of each cell, cells in (product, zone) order. */
  readonly productOf: Uint32Array;
  readonly zoneOf: Uint32Array;
  /** Where each product's cells start (and, at its successor, end). */
  readonly productStart: Uint32Array;
  /** Cell numbers grouped by zone, and where each zone's start. */
  readonly zoneCells: Uint32Array;
  readonly zoneStart: Uint32Array;
  private readonly editions: Uint32Array;
  private readonly zoneLabels: Uint32Array;
  private readonly formats: CellColumn;
  private readonly crs: CellColumn;
  private readonly years: CellColumn;

  constructor(columns: TalliedColumns, sizes: { products: number; zones: number; formats: number; crs: number; years: number }) {
    const count = columns.zoneOf.length;
    // Cell numbers: (product, zone) pairs in order; editions are stored by product already.
    const keyOf = new Float64Array(count);
    for (let edition = 0; edition < count; edition += 1)
      keyOf[edition] = (columns.productOf[edition] as number) * sizes.zones + (columns.zoneOf[edition] as number);
    const keys = Float64Array.from(new Set(keyOf)).sort();
    const cellOfKey = new Map<number, number>();
    keys.forEach((key, cell) => cellOfKey.set(key, cell));
    const cells = keys.length;
    const cellOf = new Uint32Array(count);
    for (let edition = 0; edition < count; edition += 1) cellOf[edition] = cellOfKey.get(keyOf[edition] as number) as number;
    this.productOf = Uint32Array.from(keys, (key) => Math.floor(key / sizes.zones));
    this.zoneOf = Uint32Array.from(keys, (key) => key % sizes.zones);
    this.productStart = startsOf(this.productOf, sizes.products);
    this.zoneCells = groupedBy(this.zoneOf, sizes.zones);
    this.zoneStart = startsOf(this.zoneOf, sizes.zones);
    this.editions = new Uint32Array(cells);
    this.zoneLabels = new Uint32Array(cells);
    const byCell = groupedBy(cellOf, cells);
    const cellStart = startsOf(cellOf, cells);
    const columnOf = (valueOf: Uint32Array, labelOf: Uint32Array | null, values: number): CellColumn => {
      const counts = new Uint32Array(values);
      const labels = new Uint32Array(values);
      const touched: number[] = [];
      const start = new Uint32Array(cells + 1);
      const runs: { value: number[]; count: number[]; label: number[] } = { value: [], count: [], label: [] };
      for (let cell = 0; cell < cells; cell += 1) {
        start[cell] = runs.value.length;
        for (let index = cellStart[cell] as number; index < (cellStart[cell + 1] as number); index += 1) {
          const edition = byCell[index] as number;
          const value = valueOf[edition] as number;
          if (counts[value] === 0) touched.push(value);
          (counts[value] as number) += 1;
          if (labelOf && (labelOf[edition] as number) > (labels[value] as number)) labels[value] = labelOf[edition] as number;
        }
        for (const value of touched.sort((a, b) => a - b)) {
          runs.value.push(value);
          runs.count.push(counts[value] as number);
          runs.label.push(labels[value] as number);
          counts[value] = 0;
          labels[value] = 0;
        }
        touched.length = 0;
      }
      start[cells] = runs.value.length;
      return { start, value: Uint32Array.from(runs.value), count: Uint32Array.from(runs.count), label: Uint32Array.from(runs.label) };
    };
    this.formats = columnOf(columns.formatOf, columns.labels.formats.of, sizes.formats);
    this.crs = columnOf(columns.crsOf, columns.labels.crs.of, sizes.crs);
    this.years = columnOf(columns.yearOf, null, sizes.years);
    for (let edition = 0; edition < count; edition += 1) {
      const cell = cellOf[edition] as number;
      (this.editions[cell] as number) += 1;
      const label = columns.labels.zones.of[edition] as number;
      if (label > (this.zoneLabels[cell] as number)) this.zoneLabels[cell] = label;
    }
  }

  /** Cells held. */
  get size(): number {
    return this.editions.length;
  }

  /** Adds the editions of `cell` to `into`; returns how many. */
  add(cell: number, into: Tallies): number {
    const editions = this.editions[cell] as number;
    into.zones.addMany(this.zoneOf[cell] as number, editions, this.zoneLabels[cell] as number);
    addRuns(this.formats, cell, into.formats);
    addRuns(this.crs, cell, into.crs);
    for (let run = this.years.start[cell] as number; run < (this.years.start[cell + 1] as number); run += 1) {
      (into.years[this.years.value[run] as number] as number) += this.years.count[run] as number;
    }
    return editions;
  }
}

function addRuns(column: CellColumn, cell: number, into: FacetTally): void {
  for (let run = column.start[cell] as number; run < (column.start[cell + 1] as number); run += 1) {
    into.addMany(column.value[run] as number, column.count[run] as number, column.label[run] as number);
  }
}

/**
 * The numbers 0 … n-1 grouped by `keyOf[number]` (keys below `keys`), in number order within a group: a
 * counting sort, one pass.
 */
export function groupedBy(keyOf: Uint32Array, keys: number): Uint32Array {
  const starts = startsOf(keyOf, keys);
  const next = starts.slice(0, keys);
  const grouped = new Uint32Array(keyOf.length);
  keyOf.forEach((key, number) => {
    grouped[(next[key] as number)++] = number;
  });
  return grouped;
}

/** Where each key's group starts in `groupedBy`'s order (and, at `keys`, where the last ends). */
export function startsOf(keyOf: Uint32Array, keys: number): Uint32Array {
  const starts = new Uint32Array(keys + 1);
  for (const key of keyOf) (starts[key + 1] as number) += 1;
  for (let key = 0; key < keys; key += 1) (starts[key + 1] as number) += starts[key] as number;
  return starts;
}
