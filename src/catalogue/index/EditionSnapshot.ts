import type { EditionFacetCounts, EditionKey, EditionOrder, EditionQuery, ListedCatalogue, WordMatches } from '../store/CatalogueStore';
import { compareCodeUnits } from '../store/EditionReader';
import { FacetTally, groupedBy, labelColumn, ranked, startsOf, ZoneTallies, type LabelColumn } from './facetTallies';
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

/**
 * Where a filter's editions may be: runs of `source` (edition numbers; null: the numbers themselves), the runs
 * of a product's editions or of a zone's. An edition whose product is flagged in `skipProducts` is left out of
 * the run (it was in an earlier one).
 */
interface Segment {
  source: Uint32Array | null;
  start: number;
  end: number;
  skipProducts?: Uint8Array;
  /** Set when segments of several readings may hold the same edition: each is listed once. */
  once?: boolean;
}

/** An edition of a window: its key in the order asked. */
export interface SnapshotEdition {
  product: string;
  name: string;
  key: EditionKey;
}

/** Everything a snapshot holds, per edition in (product, name) order. */
interface SnapshotData {
  revision: number;
  /** Product names, in code-unit order; an edition holds its product's position here. */
  products: readonly string[];
  /** Where each product's editions start (and, at its successor, end). */
  productStart: Uint32Array;
  names: readonly string[];
  productOf: Uint32Array;
  zones: TermTable;
  formats: TermTable;
  crs: TermTable;
  zoneOf: Uint32Array;
  formatOf: Uint32Array;
  crsOf: Uint32Array;
  /** Edition numbers grouped by zone number, and where each zone's start. */
  zonePostings: Uint32Array;
  zoneStart: Uint32Array;
  /** Distinct `date_key` values ('' for undated), in code-unit order. */
  dateKeys: readonly string[];
  dateOf: Uint32Array;
  /** Distinct years of the edition dates ('' for undated), in order, and each edition's. */
  yearKeys: readonly string[];
  yearOf: Uint32Array;
  /** Distinct `first_seen_at` values, in code-unit order. */
  firstSeenKeys: readonly string[];
  firstSeenOf: Uint32Array;
  /** Edition numbers in each sort, ascending, and each edition's place in it. */
  orders: Readonly<Record<OrderKey, Uint32Array>>;
  positions: Readonly<Record<OrderKey, Uint32Array>>;
  /** Labels of zones, formats and CRS: a facet shows the greatest its counted editions carry. */
  labels: Readonly<Record<'zones' | 'formats' | 'crs', LabelColumn>>;
  /** Per zone, its editions per format, CRS and year: the tallies of a filter of zones alone, or of nothing. */
  zoneTallies: ZoneTallies;
}

// Private: below this share of the editions, a window is chosen among a filter's candidates rather than by
// walking the whole order (where matches are sparse, a walk would read most of it).
const SPARSE = 1 / 8;

/**
 * The listed editions of one read of the index (`CatalogueStore.listedCatalogue`), in memory, with the
 * revision they are of: the windows, counts and facets of `editions` for any filter but `includeWithdrawn`,
 * exactly as the store would answer them at that revision (keyset order by code unit, as the store sorts since
 * its keys are binary-collated). A search uses it only when the store's revision is still this one, read in
 * the same transaction as the page's rows (see `searchEditions`). Immutable. The count and facets of a filter of
 * zones alone (a place) or of nothing are sums over zones (`ZoneTallies`); of another, a pass over the editions
 * it may hold (those of its products, or zones, or of the rarest word of each reading of its words). A window
 * walks its order, or sorts the matching candidates when they are few.
 */
export class EditionSnapshot {
  /** Knows no revision: before the first read, every search goes to the store. */
  static readonly EMPTY = EditionSnapshot.fromCatalogue({ revision: -1, editions: [] });

  private readonly productNumbers: ReadonlyMap<string, number>;

  private constructor(private readonly data: SnapshotData) {
    this.productNumbers = new Map(data.products.map((name, index) => [name, index]));
  }

  /** The snapshot of one read. */
  static fromCatalogue(catalogue: Pick<ListedCatalogue, 'revision' | 'editions'>): EditionSnapshot {
    const rows = catalogue.editions;
    const count = rows.length;
    const rowProducts = ranked(rows.map((row) => row.product));
    const rowNames = ranked(rows.map((row) => row.name));
    // Storage order: (product, name) by code unit, the tie-break of every order: the rows by name, then stably
    // by product (two counting sorts; the only string sorts are of distinct values).
    const byName = groupedBy(rowNames.of, rowNames.keys.length);
    const byNameProduct = new Uint32Array(count);
    for (let index = 0; index < count; index += 1) byNameProduct[index] = rowProducts.of[byName[index] as number] as number;
    const storage = groupedBy(byNameProduct, rowProducts.keys.length);
    for (let index = 0; index < count; index += 1) storage[index] = byName[storage[index] as number] as number;
    const tables = { zones: new TermTable(), formats: new TermTable(), crs: new TermTable() };
    const products = rowProducts.keys;
    const names: string[] = new Array<string>(count);
    const productOf = new Uint32Array(count);
    const nameOf = new Uint32Array(count);
    const zoneOf = new Uint32Array(count);
    const formatOf = new Uint32Array(count);
    const crsOf = new Uint32Array(count);
    const dateValues: string[] = new Array<string>(count);
    const firstSeenValues: string[] = new Array<string>(count);
    const labels = { zones: new Array<string | null>(count), formats: new Array<string | null>(count), crs: new Array<string | null>(count) };
    for (let edition = 0; edition < count; edition += 1) {
      const index = storage[edition] as number;
      const row = rows[index] as (typeof rows)[number];
      names[edition] = row.name;
      productOf[edition] = rowProducts.of[index] as number;
      nameOf[edition] = rowNames.of[index] as number;
      zoneOf[edition] = tables.zones.intern(row.zone);
      formatOf[edition] = tables.formats.intern(row.format);
      crsOf[edition] = tables.crs.intern(row.crs);
      dateValues[edition] = row.edition_date ?? '';
      firstSeenValues[edition] = row.first_seen_at;
      labels.zones[edition] = row.zone_label;
      labels.formats[edition] = row.format_label;
      labels.crs[edition] = row.crs_label;
    }
    const dates = ranked(dateValues);
    // Facets count years: each date's year, by number among the distinct years ('' for undated ranks first).
    const years = ranked(dates.keys.map((key) => key.slice(0, 4)));
    const yearOf = new Uint32Array(count);
    for (let edition = 0; edition < count; edition += 1) yearOf[edition] = years.of[dates.of[edition] as number] as number;
    const firstSeen = ranked(firstSeenValues);
    const dateKeys = dates.keys;
    const dateOf = dates.of;
    const firstSeenKeys = firstSeen.keys;
    const firstSeenOf = firstSeen.of;
    // Each order is (key, product, name): the editions in storage order, stably grouped by their key's rank.
    const orders = {
      date: groupedBy(dateOf, dateKeys.length),
      firstSeen: groupedBy(firstSeenOf, firstSeenKeys.length),
      name: groupedBy(nameOf, rowNames.keys.length),
    };
    const zonePostings = groupedBy(zoneOf, tables.zones.size + 1);
    const labelColumns = {
      zones: labelColumn(labels.zones, zoneOf, tables.zones.size + 1),
      formats: labelColumn(labels.formats, formatOf, tables.formats.size + 1),
      crs: labelColumn(labels.crs, crsOf, tables.crs.size + 1),
    };
    return new EditionSnapshot({
      revision: catalogue.revision,
      products,
      productStart: startsOf(productOf, products.length),
      names,
      productOf,
      zones: tables.zones,
      formats: tables.formats,
      crs: tables.crs,
      zoneOf,
      formatOf,
      crsOf,
      zonePostings,
      zoneStart: startsOf(zoneOf, tables.zones.size + 1),
      dateKeys,
      dateOf,
      yearKeys: years.keys,
      yearOf,
      firstSeenKeys,
      firstSeenOf,
      orders,
      positions: { date: inverseOf(orders.date), firstSeen: inverseOf(orders.firstSeen), name: inverseOf(orders.name) },
      labels: labelColumns,
      zoneTallies: new ZoneTallies(
        { zoneOf, formatOf, crsOf, yearOf, labels: labelColumns },
        { zones: tables.zones.size + 1, formats: tables.formats.size + 1, crs: tables.crs.size + 1, years: years.keys.length },
      ),
    });
  }

  /** `geopf_meta.revision` of the read; -1 for `EMPTY`. */
  get revision(): number {
    return this.data.revision;
  }

  /** Listed editions held. */
  get size(): number {
    return this.data.names.length;
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
    const sorted = this.data.orders[sort];
    const descending = (order === 'EDITION_DATE_DESC' || order === 'FIRST_SEEN_DESC') !== backward;
    // The first place of the walk: the last before `from` (descending), the first after it (ascending).
    const start =
      from === null ?
        descending ? sorted.length - 1
        : 0
      : descending ? this.firstNotBefore(sort, from) - 1
      : this.firstAfter(sort, from);
    const segments = this.candidates(matcher);
    const picked =
      segments !== null && sizeOf(segments) < this.size * SPARSE ?
        this.pickAmong(segments, matcher, sort, start, descending, limit)
      : this.walk(matcher, sort, start, descending, limit);
    const window = Array.from(picked, (edition) => {
      const product = this.data.products[this.data.productOf[edition] as number] as string;
      const name = this.data.names[edition] as string;
      return { product, name, key: { key: this.keyOf(sort, edition), product, name } };
    });
    return backward ? window.reverse() : window;
  }

  /** How many editions match `filter` (see `editions`). */
  countEditions(filter: EditionQuery, wordMatches: ReadonlyMap<string, WordMatches> | null): number {
    return this.tally(filter, wordMatches, false).count;
  }

  /** The editions matching `filter` per zone, format and CRS, and per year, as `EditionReader.facets` gives them. */
  facets(filter: EditionQuery, wordMatches: ReadonlyMap<string, WordMatches> | null): EditionFacetCounts {
    return this.tally(filter, wordMatches, true).facets as EditionFacetCounts;
  }

  /** The count and, with `facets`, the facets of `filter`, in one pass over its candidates. */
  tally(filter: EditionQuery, wordMatches: ReadonlyMap<string, WordMatches> | null, facets: boolean): { count: number; facets: EditionFacetCounts | null } {
    const { data } = this;
    const matcher = this.matcher(filter, wordMatches);
    const zones = new FacetTally(data.zones.size + 1, data.labels.zones);
    const formats = new FacetTally(data.formats.size + 1, data.labels.formats);
    const crs = new FacetTally(data.crs.size + 1, data.labels.crs);
    const years = new Uint32Array(data.yearKeys.length);
    let count = 0;
    if (!matcher.none && onlyZones(filter)) {
      count = data.zoneTallies.sum(matcher.zones ?? new Uint8Array(data.zones.size + 1).fill(1), { zones, formats, crs, years });
    } else if (!matcher.none) {
      const list = this.candidateList(this.candidates(matcher));
      const total = list === null ? this.size : list.length;
      const { zoneOf, formatOf, crsOf, yearOf } = data;
      for (let index = 0; index < total; index += 1) {
        const edition = list === null ? index : (list[index] as number);
        if (!this.matches(matcher, edition)) continue;
        count += 1;
        if (!facets) continue;
        zones.add(zoneOf[edition] as number, edition);
        formats.add(formatOf[edition] as number, edition);
        crs.add(crsOf[edition] as number, edition);
        (years[yearOf[edition] as number] as number) += 1;
      }
    }
    if (!facets) return { count, facets: null };
    const dated: Array<{ year: number; count: number }> = [];
    years.forEach((editions, year) => {
      const key = data.yearKeys[year] as string;
      if (editions > 0 && key !== '') dated.push({ year: Number(key), count: editions });
    });
    return {
      count,
      facets: {
        zones: zones.facets(data.zones),
        formats: formats.facets(data.formats),
        crs: crs.facets(data.crs),
        years: dated.sort((a, b) => a.year - b.year),
      },
    };
  }

  // Private: up to `limit` matching editions from `start`, walking the order one way.
  private walk(matcher: Matcher, sort: OrderKey, start: number, descending: boolean, limit: number): number[] {
    const sorted = this.data.orders[sort];
    const picked: number[] = [];
    const step = descending ? -1 : 1;
    for (let position = start; position >= 0 && position < sorted.length && picked.length < limit; position += step) {
      const edition = sorted[position] as number;
      if (this.matches(matcher, edition)) picked.push(edition);
    }
    return picked;
  }

  // Private: the same as `walk`, from the matching candidates: the `limit` nearest `start` on its side, in order.
  private pickAmong(segments: readonly Segment[], matcher: Matcher, sort: OrderKey, start: number, descending: boolean, limit: number): number[] {
    const positions = this.data.positions[sort];
    const found: number[] = [];
    for (const edition of this.candidateList(segments) as Uint32Array) {
      const position = positions[edition] as number;
      if ((descending ? position <= start : position >= start) && this.matches(matcher, edition)) found.push(position);
    }
    const ordered = Float64Array.from(found).sort();
    const nearest = descending ? ordered.slice(Math.max(0, ordered.length - limit)).reverse() : ordered.slice(0, limit);
    const sorted = this.data.orders[sort];
    return Array.from(nearest, (position) => sorted[position] as number);
  }

  // Private: where the editions of `matcher` may be: the editions of its products, or of its zones, or of one
  // word's products and zones (its only alternative's, the fewest), whichever is fewest; null for all of them.
  private candidates(matcher: Matcher): Segment[] | null {
    const { data } = this;
    const options: Segment[][] = [];
    const productRuns = (flags: Uint8Array): Segment[] => {
      const runs: Segment[] = [];
      flags.forEach((flag, product) => {
        if (flag === 1) runs.push({ source: null, start: data.productStart[product] as number, end: data.productStart[product + 1] as number });
      });
      return runs;
    };
    const zoneRuns = (flags: Uint8Array, skipProducts?: Uint8Array): Segment[] => {
      const runs: Segment[] = [];
      flags.forEach((flag, zone) => {
        if (flag === 1)
          runs.push({
            source: data.zonePostings,
            start: data.zoneStart[zone] as number,
            end: data.zoneStart[zone + 1] as number,
            ...(skipProducts ? { skipProducts } : {}),
          });
      });
      return runs;
    };
    if (matcher.products) options.push(productRuns(matcher.products));
    if (matcher.zones) options.push(zoneRuns(matcher.zones));
    if (matcher.words) {
      // Each reading's editions are those of its rarest word; the readings' together, each edition once.
      const readings = matcher.words.map((alternative) => {
        let rarest: Segment[] | null = null;
        for (const word of alternative) {
          const runs = [...productRuns(word.products), ...zoneRuns(word.zones, word.products)];
          if (rarest === null || sizeOf(runs) < sizeOf(rarest)) rarest = runs;
        }
        return rarest ?? [];
      });
      if (readings.length === 1) options.push(readings[0] as Segment[]);
      else options.push(readings.flat().map((segment) => ({ ...segment, once: true })));
    }
    let best: Segment[] | null = null;
    for (const option of options) if (best === null || sizeOf(option) < sizeOf(best)) best = option;
    return best;
  }

  // Private: every candidate edition once (null for every edition, when `segments` is).
  private candidateList(segments: readonly Segment[] | null): Uint32Array | null {
    if (segments === null) return null;
    const { productOf } = this.data;
    const list = new Uint32Array(sizeOf(segments));
    const seen = segments.some((segment) => segment.once) ? new Uint8Array(this.size) : null;
    let length = 0;
    for (const { source, start, end, skipProducts } of segments) {
      for (let index = start; index < end; index += 1) {
        const edition = source === null ? index : (source[index] as number);
        if (skipProducts && skipProducts[productOf[edition] as number] === 1) continue;
        if (seen) {
          if (seen[edition] === 1) continue;
          seen[edition] = 1;
        }
        list[length++] = edition;
      }
    }
    return list.subarray(0, length);
  }

  // Private: the filter as flags and bounds of this snapshot.
  private matcher(filter: EditionQuery, wordMatches: ReadonlyMap<string, WordMatches> | null): Matcher {
    const { data } = this;
    let none = false;
    const flags = (values: readonly string[] | undefined, size: number, numberOf: (value: string) => number | undefined): Uint8Array | null => {
      if (values === undefined) return null;
      const set = new Uint8Array(size);
      let any = false;
      for (const value of values) {
        const number = numberOf(value);
        if (number !== undefined) {
          set[number] = 1;
          any = true;
        }
      }
      if (!any) none = true;
      return set;
    };
    // Term numbers start at 1 (0 stands for none, which no list names).
    const termNumber = (table: TermTable) => (code: string) => table.numberOf(code) || undefined;
    const matcher: Matcher = {
      none: false,
      products: flags(filter.products, data.products.length, (name) => this.productNumbers.get(name)),
      zones: flags(filter.zones, data.zones.size + 1, termNumber(data.zones)),
      formats: flags(filter.formats, data.formats.size + 1, termNumber(data.formats)),
      crs: flags(filter.crs, data.crs.size + 1, termNumber(data.crs)),
      dateLow: 0,
      dateHigh: data.dateKeys.length - 1,
      words: null,
    };
    // As the store compares `date_key`: from its lower bound; to its upper bound, undated ('') excluded.
    if (filter.editionDateFrom !== undefined) matcher.dateLow = lowerBound(data.dateKeys, filter.editionDateFrom);
    if (filter.editionDateTo !== undefined) {
      matcher.dateHigh = upperBound(data.dateKeys, filter.editionDateTo) - 1;
      if (data.dateKeys[0] === '') matcher.dateLow = Math.max(matcher.dateLow, 1);
    }
    if (matcher.dateLow > matcher.dateHigh) none = true;
    if (filter.words) {
      const matches = wordMatches ?? new Map<string, WordMatches>();
      matcher.words = filter.words.alternatives.map((alternative) =>
        alternative.map((term) => {
          const found = matches.get(term);
          const products = new Uint8Array(data.products.length);
          for (const name of found?.products ?? []) {
            const number = this.productNumbers.get(name);
            if (number !== undefined) products[number] = 1;
          }
          const zones = new Uint8Array(data.zones.size + 1);
          for (const code of found?.zones ?? []) {
            const number = data.zones.numberOf(code);
            if (number > 0) zones[number] = 1;
          }
          return { products, zones };
        }),
      );
    }
    matcher.none = none;
    return matcher;
  }

  // Private: whether edition number `edition` passes `matcher` (its `none` aside).
  private matches(matcher: Matcher, edition: number): boolean {
    const { data } = this;
    if (matcher.formats !== null && matcher.formats[data.formatOf[edition] as number] !== 1) return false;
    if (matcher.crs !== null && matcher.crs[data.crsOf[edition] as number] !== 1) return false;
    const date = data.dateOf[edition] as number;
    if (date < matcher.dateLow || date > matcher.dateHigh) return false;
    return this.matchesProductAndZone(matcher, data.productOf[edition] as number, data.zoneOf[edition] as number);
  }

  // Private: whether a product and a zone pass the products, zones and words of `matcher`.
  private matchesProductAndZone(matcher: Matcher, product: number, zone: number): boolean {
    if (matcher.products !== null && matcher.products[product] !== 1) return false;
    if (matcher.zones !== null && matcher.zones[zone] !== 1) return false;
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
    const { data } = this;
    if (sort === 'date') return data.dateKeys[data.dateOf[edition] as number] as string;
    if (sort === 'firstSeen') return data.firstSeenKeys[data.firstSeenOf[edition] as number] as string;
    return data.names[edition] as string;
  }

  // Private: (key, product, name) of an edition against a position, in code-unit order.
  private compareTo(sort: OrderKey, edition: number, position: EditionKey): number {
    return (
      compareCodeUnits(this.keyOf(sort, edition), position.key) ||
      compareCodeUnits(this.data.products[this.data.productOf[edition] as number] as string, position.product) ||
      compareCodeUnits(this.data.names[edition] as string, position.name)
    );
  }

  // Private: the first place in `sort` whose edition comes after `position`.
  private firstAfter(sort: OrderKey, position: EditionKey): number {
    const sorted = this.data.orders[sort];
    return searchSorted(sorted.length, (index) => this.compareTo(sort, sorted[index] as number, position) > 0);
  }

  // Private: the first place in `sort` whose edition is `position` or comes after it.
  private firstNotBefore(sort: OrderKey, position: EditionKey): number {
    const sorted = this.data.orders[sort];
    return searchSorted(sorted.length, (index) => this.compareTo(sort, sorted[index] as number, position) >= 0);
  }
}

// Private: true when a filter names zones and nothing else (a place arrives so), or nothing: its tallies are sums
// per zone.
function onlyZones(filter: EditionQuery): boolean {
  return Object.entries(filter).every(([key, value]) => key === 'zones' || value === undefined || value === false);
}

function orderKeyOf(order: EditionOrder): OrderKey {
  return (
    order === 'FIRST_SEEN_DESC' ? 'firstSeen'
    : order === 'NAME_ASC' ? 'name'
    : 'date'
  );
}

function inverseOf(order: Uint32Array): Uint32Array {
  const inverse = new Uint32Array(order.length);
  order.forEach((edition, position) => {
    inverse[edition] = position;
  });
  return inverse;
}

function sizeOf(segments: readonly Segment[]): number {
  return segments.reduce((sum, segment) => sum + segment.end - segment.start, 0);
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
