import type { EditionFacetCounts, EditionKey, EditionOrder, EditionQuery, FacetCount, ListedCatalogue, WordMatches } from '../store/CatalogueStore';
import { compareCodeUnits } from '../store/EditionReader';
import { TermTable } from './TermTable';

/** The sort of each order: the sort key, then (product, name), ascending; an order walks it one way or the other. */
type OrderKey = 'date' | 'firstSeen' | 'name';

/** A filter resolved against one snapshot: a flag per product, zone, format and CRS number, date bounds, words. */
interface Matcher {
  /** True when some list of the filter is empty or names nothing held: no edition matches. */
  none: boolean;
  products: Uint8Array | null;
  zones: Uint8Array | null;
  formats: Uint8Array | null;
  crs: Uint8Array | null;
  /** Inclusive bounds on the edition's number in `dateKeys` (`date_key` order). */
  dateLow: number;
  dateHigh: number;
  /** Any alternative whose every word matches the product or the zone (flags by number); null without words. */
  words: Array<Array<{ products: Uint8Array; zones: Uint8Array }>> | null;
}

/** The labels one column's codes carry: distinct, in code-unit order, and each edition's (its rank + 1; 0: none). */
interface LabelColumn {
  values: readonly string[];
  of: Uint32Array;
}

/** An edition of a window: its key in the order asked. */
export interface SnapshotEdition {
  product: string;
  name: string;
  key: EditionKey;
}

/**
 * The listed editions of one read of the index (`CatalogueStore.listedCatalogue`), in memory, with the
 * revision they are of: the windows, counts and facets of `editions` for any filter but `includeWithdrawn`,
 * exactly as the store would answer them at that revision (keyset order by code unit, as the store sorts since
 * its keys are binary-collated). A search uses it only when the store's revision is still this one, read in
 * the same transaction as the page's rows (see `searchEditions`). Immutable; a window or a count is one pass
 * over typed arrays (100,000 editions: about a millisecond).
 */
export class EditionSnapshot {
  /** Knows no revision: before the first read, every search goes to the store. */
  static readonly EMPTY = EditionSnapshot.fromCatalogue({ revision: -1, editions: [] });

  private productNumbers: Map<string, number> | null = null;

  private constructor(
    /** `geopf_meta.revision` of the read; -1 for `EMPTY`. */
    readonly revision: number,
    /** Product names, in code-unit order; an edition holds its product's position here. */
    private readonly products: readonly string[],
    private readonly productOf: Uint32Array,
    private readonly names: readonly string[],
    private readonly zones: TermTable,
    private readonly formats: TermTable,
    private readonly crs: TermTable,
    private readonly zoneOf: Uint32Array,
    private readonly formatOf: Uint32Array,
    private readonly crsOf: Uint32Array,
    /** Distinct `date_key` values ('' for undated), in code-unit order. */
    private readonly dateKeys: readonly string[],
    private readonly dateOf: Uint32Array,
    /** Distinct `first_seen_at` values, in code-unit order. */
    private readonly firstSeenKeys: readonly string[],
    private readonly firstSeenOf: Uint32Array,
    /** Edition numbers in each sort, ascending. */
    private readonly orders: Readonly<Record<OrderKey, Uint32Array>>,
    /** Labels of zones, formats and CRS, per edition: a facet shows the greatest its counted editions carry. */
    private readonly labels: Readonly<Record<'zones' | 'formats' | 'crs', LabelColumn>>,
  ) {}

  /** The snapshot of one read. */
  static fromCatalogue(catalogue: Pick<ListedCatalogue, 'revision' | 'editions'>): EditionSnapshot {
    const rows = catalogue.editions;
    const count = rows.length;
    const products = sortedDistinct(rows.map((row) => row.product));
    const productNumber = new Map(products.map((name, index) => [name, index]));
    const dateKeys = sortedDistinct(rows.map((row) => row.edition_date ?? ''));
    const dateNumber = new Map(dateKeys.map((key, index) => [key, index]));
    const firstSeenKeys = sortedDistinct(rows.map((row) => row.first_seen_at));
    const firstSeenNumber = new Map(firstSeenKeys.map((key, index) => [key, index]));
    const tables = { zones: new TermTable(), formats: new TermTable(), crs: new TermTable() };
    const productOf = new Uint32Array(count);
    const zoneOf = new Uint32Array(count);
    const formatOf = new Uint32Array(count);
    const crsOf = new Uint32Array(count);
    const dateOf = new Uint32Array(count);
    const firstSeenOf = new Uint32Array(count);
    rows.forEach((row, index) => {
      productOf[index] = productNumber.get(row.product) as number;
      zoneOf[index] = tables.zones.intern(row.zone);
      formatOf[index] = tables.formats.intern(row.format);
      crsOf[index] = tables.crs.intern(row.crs);
      dateOf[index] = dateNumber.get(row.edition_date ?? '') as number;
      firstSeenOf[index] = firstSeenNumber.get(row.first_seen_at) as number;
    });
    const names = rows.map((row) => row.name);
    // Each name's rank in code-unit order: the sorts below then compare numbers only.
    const byName = sortedIndices(count, (a, b) => compareCodeUnits(names[a] as string, names[b] as string));
    const nameRank = new Uint32Array(count);
    byName.forEach((edition, rank) => {
      const previous = rank > 0 ? (byName[rank - 1] as number) : -1;
      nameRank[edition] = previous >= 0 && names[previous] === names[edition] ? (nameRank[previous] as number) : rank;
    });
    const then = (a: number, b: number) => (productOf[a] as number) - (productOf[b] as number) || (nameRank[a] as number) - (nameRank[b] as number);
    const orders = {
      date: sortedIndices(count, (a, b) => (dateOf[a] as number) - (dateOf[b] as number) || then(a, b)),
      firstSeen: sortedIndices(count, (a, b) => (firstSeenOf[a] as number) - (firstSeenOf[b] as number) || then(a, b)),
      name: sortedIndices(count, (a, b) => (nameRank[a] as number) - (nameRank[b] as number) || then(a, b)),
    };
    return new EditionSnapshot(
      catalogue.revision,
      products,
      productOf,
      names,
      tables.zones,
      tables.formats,
      tables.crs,
      zoneOf,
      formatOf,
      crsOf,
      dateKeys,
      dateOf,
      firstSeenKeys,
      firstSeenOf,
      orders,
      {
        zones: labelColumn(rows.map((row) => row.zone_label)),
        formats: labelColumn(rows.map((row) => row.format_label)),
        crs: labelColumn(rows.map((row) => row.crs_label)),
      },
    );
  }

  /** Listed editions held. */
  get size(): number {
    return this.names.length;
  }

  /**
   * A window of the editions matching `filter` (its `words` resolved by the store into `wordMatches`), as
   * `EditionReader.editions` gives it: up to `limit` in `order` strictly after (or, `backward`, before) `from`.
   * `includeWithdrawn` is not held here: the caller asks the store.
   */
  editions(
    filter: EditionQuery,
    wordMatches: ReadonlyMap<string, WordMatches> | null,
    order: EditionOrder,
    from: EditionKey | null,
    backward: boolean,
    limit: number,
  ): SnapshotEdition[] {
    const matcher = this.matcher(filter, wordMatches);
    if (matcher.none || limit <= 0) return [];
    const sort = orderKeyOf(order);
    const sorted = this.orders[sort];
    const descending = (order === 'EDITION_DATE_DESC' || order === 'FIRST_SEEN_DESC') !== backward;
    let position = descending ? sorted.length - 1 : 0;
    if (from) position = descending ? this.firstNotBefore(sorted, sort, from) - 1 : this.firstAfter(sorted, sort, from);
    const step = descending ? -1 : 1;
    const window: SnapshotEdition[] = [];
    for (; position >= 0 && position < sorted.length && window.length < limit; position += step) {
      const edition = sorted[position] as number;
      if (!this.matches(matcher, edition)) continue;
      const product = this.products[this.productOf[edition] as number] as string;
      const name = this.names[edition] as string;
      window.push({ product, name, key: { key: this.keyOf(sort, edition), product, name } });
    }
    return backward ? window.reverse() : window;
  }

  /** How many editions match `filter` (see `editions`). */
  countEditions(filter: EditionQuery, wordMatches: ReadonlyMap<string, WordMatches> | null): number {
    const matcher = this.matcher(filter, wordMatches);
    if (matcher.none) return 0;
    let count = 0;
    for (let edition = 0; edition < this.names.length; edition += 1) if (this.matches(matcher, edition)) count += 1;
    return count;
  }

  /** The editions matching `filter` per zone, format and CRS, and per year, as `EditionReader.facets` gives them. */
  facets(filter: EditionQuery, wordMatches: ReadonlyMap<string, WordMatches> | null): EditionFacetCounts {
    const matcher = this.matcher(filter, wordMatches);
    const zones = new FacetTally(this.zones.size + 1);
    const formats = new FacetTally(this.formats.size + 1);
    const crs = new FacetTally(this.crs.size + 1);
    const dates = new Uint32Array(this.dateKeys.length);
    if (!matcher.none) {
      for (let edition = 0; edition < this.names.length; edition += 1) {
        if (!this.matches(matcher, edition)) continue;
        zones.add(this.zoneOf[edition] as number, this.labels.zones.of[edition] as number);
        formats.add(this.formatOf[edition] as number, this.labels.formats.of[edition] as number);
        crs.add(this.crsOf[edition] as number, this.labels.crs.of[edition] as number);
        (dates[this.dateOf[edition] as number] as number) += 1;
      }
    }
    const years = new Map<number, number>();
    dates.forEach((count, date) => {
      const key = this.dateKeys[date] as string;
      if (count > 0 && key !== '') years.set(Number(key.slice(0, 4)), (years.get(Number(key.slice(0, 4))) ?? 0) + count);
    });
    return {
      zones: zones.facets(this.zones, this.labels.zones.values),
      formats: formats.facets(this.formats, this.labels.formats.values),
      crs: crs.facets(this.crs, this.labels.crs.values),
      years: [...years].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year),
    };
  }

  // Private: the filter as flags and bounds of this snapshot.
  private matcher(filter: EditionQuery, wordMatches: ReadonlyMap<string, WordMatches> | null): Matcher {
    let none = false;
    const flags = (values: readonly string[] | undefined, size: number, numberOf: (value: string) => number | undefined): Uint8Array | null => {
      if (values === undefined) return null;
      const set = new Uint8Array(size);
      let any = false;
      for (const value of values) {
        const number = numberOf(value);
        if (number !== undefined && number > 0) {
          set[number] = 1;
          any = true;
        }
      }
      if (!any) none = true;
      return set;
    };
    // Product numbers start at 0: shifted by one, so that 0 stays "none" as in the term tables.
    this.productNumbers ??= new Map(this.products.map((name, index) => [name, index + 1]));
    const productNumbers = this.productNumbers;
    const productFlags = (values: readonly string[] | undefined) => {
      const shifted = flags(values, this.products.length + 1, (name) => productNumbers.get(name));
      return shifted === null ? null : shifted.subarray(1);
    };
    const termFlags = (values: readonly string[] | undefined, table: TermTable) => flags(values, table.size + 1, (code) => table.numberOf(code));
    const matcher: Matcher = {
      none: false,
      products: productFlags(filter.products),
      zones: termFlags(filter.zones, this.zones),
      formats: termFlags(filter.formats, this.formats),
      crs: termFlags(filter.crs, this.crs),
      dateLow: 0,
      dateHigh: this.dateKeys.length - 1,
      words: null,
    };
    // As the store compares `date_key`: from its lower bound; to its upper bound, undated ('') excluded.
    if (filter.editionDateFrom !== undefined) matcher.dateLow = lowerBound(this.dateKeys, filter.editionDateFrom);
    if (filter.editionDateTo !== undefined) {
      matcher.dateHigh = upperBound(this.dateKeys, filter.editionDateTo) - 1;
      if (this.dateKeys[0] === '') matcher.dateLow = Math.max(matcher.dateLow, 1);
    }
    if (matcher.dateLow > matcher.dateHigh) none = true;
    if (filter.words) {
      const matches = wordMatches ?? new Map<string, WordMatches>();
      matcher.words = filter.words.alternatives.map((alternative) =>
        alternative.map((term) => {
          const found = matches.get(term);
          const products = new Uint8Array(this.products.length);
          for (const name of found?.products ?? []) {
            const number = productNumbers.get(name);
            if (number !== undefined) products[number - 1] = 1;
          }
          const zones = new Uint8Array(this.zones.size + 1);
          for (const code of found?.zones ?? []) zones[this.zones.numberOf(code)] = 1;
          zones[0] = 0;
          return { products, zones };
        }),
      );
    }
    matcher.none = none;
    return matcher;
  }

  // Private: whether edition number `edition` passes `matcher` (its `none` aside).
  private matches(matcher: Matcher, edition: number): boolean {
    const product = this.productOf[edition] as number;
    const zone = this.zoneOf[edition] as number;
    if (matcher.products !== null && matcher.products[product] !== 1) return false;
    if (matcher.zones !== null && matcher.zones[zone] !== 1) return false;
    if (matcher.formats !== null && matcher.formats[this.formatOf[edition] as number] !== 1) return false;
    if (matcher.crs !== null && matcher.crs[this.crsOf[edition] as number] !== 1) return false;
    const date = this.dateOf[edition] as number;
    if (date < matcher.dateLow || date > matcher.dateHigh) return false;
    if (matcher.words === null) return true;
    for (const alternative of matcher.words) {
      let all = true;
      for (const word of alternative) {
        if (word.products[product] !== 1 && word.zones[zone] !== 1) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  // Private: the sort key of an edition in `sort`, as the store's key column holds it.
  private keyOf(sort: OrderKey, edition: number): string {
    if (sort === 'date') return this.dateKeys[this.dateOf[edition] as number] as string;
    if (sort === 'firstSeen') return this.firstSeenKeys[this.firstSeenOf[edition] as number] as string;
    return this.names[edition] as string;
  }

  // Private: (key, product, name) of an edition against a position, in code-unit order.
  private compareTo(sort: OrderKey, edition: number, position: EditionKey): number {
    return (
      compareCodeUnits(this.keyOf(sort, edition), position.key) ||
      compareCodeUnits(this.products[this.productOf[edition] as number] as string, position.product) ||
      compareCodeUnits(this.names[edition] as string, position.name)
    );
  }

  // Private: the first place in `sorted` whose edition comes after `position`.
  private firstAfter(sorted: Uint32Array, sort: OrderKey, position: EditionKey): number {
    return searchSorted(sorted.length, (index) => this.compareTo(sort, sorted[index] as number, position) > 0);
  }

  // Private: the first place in `sorted` whose edition is `position` or comes after it.
  private firstNotBefore(sorted: Uint32Array, sort: OrderKey, position: EditionKey): number {
    return searchSorted(sorted.length, (index) => this.compareTo(sort, sorted[index] as number, position) >= 0);
  }
}

function orderKeyOf(order: EditionOrder): OrderKey {
  return (
    order === 'FIRST_SEEN_DESC' ? 'firstSeen'
    : order === 'NAME_ASC' ? 'name'
    : 'date'
  );
}

// Private: the editions counted per code of one column, and the greatest label (rank + 1) each code's carry.
class FacetTally {
  private readonly counts: Uint32Array;
  private readonly labels: Uint32Array;

  constructor(size: number) {
    this.counts = new Uint32Array(size);
    this.labels = new Uint32Array(size);
  }

  add(code: number, label: number): void {
    (this.counts[code] as number) += 1;
    if (label > (this.labels[code] as number)) this.labels[code] = label;
  }

  /** The codes counted, in code-unit order, each with its label. */
  facets(table: TermTable, labels: readonly string[]): FacetCount[] {
    const facets: FacetCount[] = [];
    this.counts.forEach((count, number) => {
      if (number === 0 || count === 0) return;
      const label = this.labels[number] as number;
      facets.push({ code: table.valueOf(number) as string, label: label === 0 ? null : (labels[label - 1] as string), count });
    });
    return facets.sort((a, b) => compareCodeUnits(a.code, b.code));
  }
}

// Private: one column's labels, ranked in code-unit order (the greatest, as the store's `max`, is the last).
function labelColumn(labels: ReadonlyArray<string | null>): LabelColumn {
  const values = sortedDistinct(labels.filter((label): label is string => label !== null));
  const rank = new Map(values.map((value, index) => [value, index + 1]));
  return { values, of: Uint32Array.from(labels, (label) => (label === null ? 0 : (rank.get(label) as number))) };
}

function sortedDistinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}

function sortedIndices(count: number, compare: (a: number, b: number) => number): Uint32Array {
  const indices = new Uint32Array(count);
  for (let index = 0; index < count; index += 1) indices[index] = index;
  return indices.sort(compare);
}

// Private: the first index in [0, length) for which `after` holds (it holds from some index on).
function searchSorted(length: number, after: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

// Private: the first index of sorted `values` holding a value ≥ `value`.
function lowerBound(values: readonly string[], value: string): number {
  return searchSorted(values.length, (index) => compareCodeUnits(values[index] as string, value) >= 0);
}

// Private: the first index of sorted `values` holding a value > `value`.
function upperBound(values: readonly string[], value: string): number {
  return searchSorted(values.length, (index) => compareCodeUnits(values[index] as string, value) > 0);
}
