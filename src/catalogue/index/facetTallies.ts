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

/** The columns of a snapshot `ZoneTallies` counts, per edition. */
export interface TalliedColumns {
  zoneOf: Uint32Array;
  formatOf: Uint32Array;
  crsOf: Uint32Array;
  yearOf: Uint32Array;
  labels: Readonly<Record<'zones' | 'formats' | 'crs', LabelColumn>>;
}

/** The tallies `ZoneTallies.sum` fills: per zone, format and CRS (with labels), per year (by number). */
export interface Tallies {
  zones: FacetTally;
  formats: FacetTally;
  crs: FacetTally;
  years: Uint32Array;
}

/**
 * Per zone number (0: no zone), its editions counted per format, CRS and year, with the greatest labels: the
 * count and facets of a filter that names zones and nothing else (a place arrives so), or nothing, are sums over
 * its zones, whatever the number of editions. Built in one pass; a few bytes per (zone, value) pair.
 */
export class ZoneTallies {
  private readonly editions: Uint32Array;
  private readonly zoneLabels: Uint32Array;
  private readonly formats: Uint32Array;
  private readonly formatLabels: Uint32Array;
  private readonly crs: Uint32Array;
  private readonly crsLabels: Uint32Array;
  private readonly years: Uint32Array;

  constructor(
    columns: TalliedColumns,
    private readonly sizes: { zones: number; formats: number; crs: number; years: number },
  ) {
    this.editions = new Uint32Array(sizes.zones);
    this.zoneLabels = new Uint32Array(sizes.zones);
    this.formats = new Uint32Array(sizes.zones * sizes.formats);
    this.formatLabels = new Uint32Array(sizes.zones * sizes.formats);
    this.crs = new Uint32Array(sizes.zones * sizes.crs);
    this.crsLabels = new Uint32Array(sizes.zones * sizes.crs);
    this.years = new Uint32Array(sizes.zones * sizes.years);
    const { zoneOf, formatOf, crsOf, yearOf, labels } = columns;
    for (let edition = 0; edition < zoneOf.length; edition += 1) {
      const zone = zoneOf[edition] as number;
      (this.editions[zone] as number) += 1;
      raise(this.zoneLabels, zone, labels.zones.of[edition] as number);
      const format = zone * sizes.formats + (formatOf[edition] as number);
      (this.formats[format] as number) += 1;
      raise(this.formatLabels, format, labels.formats.of[edition] as number);
      const crs = zone * sizes.crs + (crsOf[edition] as number);
      (this.crs[crs] as number) += 1;
      raise(this.crsLabels, crs, labels.crs.of[edition] as number);
      (this.years[zone * sizes.years + (yearOf[edition] as number)] as number) += 1;
    }
  }

  /** The editions of `zones` (numbers flagged 1), into the tallies given; returns how many. */
  sum(zones: Uint8Array, into: Tallies): number {
    const { sizes } = this;
    let count = 0;
    for (let zone = 0; zone < sizes.zones; zone += 1) {
      if (zones[zone] !== 1 || this.editions[zone] === 0) continue;
      count += this.editions[zone] as number;
      into.zones.addMany(zone, this.editions[zone] as number, this.zoneLabels[zone] as number);
      for (let format = 0; format < sizes.formats; format += 1) {
        const at = zone * sizes.formats + format;
        if (this.formats[at] !== 0) into.formats.addMany(format, this.formats[at] as number, this.formatLabels[at] as number);
      }
      for (let crs = 0; crs < sizes.crs; crs += 1) {
        const at = zone * sizes.crs + crs;
        if (this.crs[at] !== 0) into.crs.addMany(crs, this.crs[at] as number, this.crsLabels[at] as number);
      }
      for (let year = 0; year < sizes.years; year += 1) (into.years[year] as number) += this.years[zone * sizes.years + year] as number;
    }
    return count;
  }
}

function raise(labels: Uint32Array, at: number, label: number): void {
  if (label > (labels[at] as number)) labels[at] = label;
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
