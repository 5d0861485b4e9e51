import { editionSearchHint } from '../../upstream/loaders/editionSearchHint';
import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import type { ListedEditionRow, ListedProductRow } from '../store/CatalogueStore';
import { UPSTREAM_PAGE_SIZE, type UpstreamParams } from '../../upstream/format/listingPath';
import { TermTable } from './TermTable';

/** Columns of `ProductListing.columns`, per edition, in this order. */
const ZONE = 0;
const FORMAT = 1;
const CRS = 2;
const DATE = 3;
const COLUMNS = 4;

/** The GetResource parameters the index can count exactly (any other one, such as `polygon` or `lang`, it cannot). */
const COUNTED_PARAMS: ReadonlySet<string> = new Set(['zone', 'format', 'crs', 'editionDateFrom', 'editionDateTo']);

/** A product's listing read whole, as compact as the index can hold it. */
interface ProductListing {
  /** `gpf_dl:totalentries` of that read (the number of `names`). */
  total: number;
  /** Its listed editions' names, sorted by code unit (binary search). */
  names: readonly string[];
  /** Per edition in `names` order, `COLUMNS` term numbers: zone, format, CRS, edition date (0: none). */
  columns: Uint16Array | Uint32Array;
}

/** A listed product: where the capabilities showed it, and its listing when read whole. */
interface ListedProduct {
  /** 1-based, in the last complete capabilities walk; null without one. */
  position: number | null;
  /** Null until its listing is read whole (or when the index does not hold exactly that listing). */
  listing: ProductListing | null;
}

/** A resolved edition filter: term numbers (0 matches no edition) and inclusive date bounds. */
interface EditionFilter {
  zone?: number;
  format?: number;
  crs?: number;
  from?: string;
  to?: string;
}

/**
 * What the index knew of the upstream listings at one read (`CatalogueStore.listedCatalogue`): immutable, every
 * answer synchronous. Counts are made on demand over a product's compact arrays (BD TOPO's ~3,800 editions are
 * a few microseconds), never precomputed per filter. Undefined wherever the index cannot answer exactly what
 * the upstream would (see `ListingKnowledge`).
 */
export class ListingSnapshot implements ListingKnowledge {
  /** Knows nothing: before the first read. */
  static readonly EMPTY = new ListingSnapshot(new Map(), false, false, new TermTable(), new TermTable(), new TermTable(), new TermTable());

  private constructor(
    private readonly products: ReadonlyMap<string, ListedProduct>,
    /** True once a complete capabilities walk is recorded (some listed product has a position). */
    private readonly capabilitiesWalked: boolean,
    /** True when every listed product has its position: none was listed since the last complete walk. */
    private readonly positionsCurrent: boolean,
    private readonly zones: TermTable,
    private readonly formats: TermTable,
    private readonly crs: TermTable,
    private readonly dates: TermTable,
  ) {}

  /**
   * The snapshot of one read. A product read whole whose indexed editions do not number its recorded total
   * is held as not read whole: the index cannot answer for it exactly.
   */
  static fromCatalogue(catalogue: {
    products: readonly ListedProductRow[];
    editions: ReadonlyArray<Pick<ListedEditionRow, 'product' | 'name' | 'zone' | 'format' | 'crs' | 'edition_date'>>;
  }): ListingSnapshot {
    const tables = { zones: new TermTable(), formats: new TermTable(), crs: new TermTable(), dates: new TermTable() };
    const rowsOf = new Map<string, number[]>();
    catalogue.editions.forEach((row, index) => {
      const rows = rowsOf.get(row.product);
      if (rows) rows.push(index);
      else rowsOf.set(row.product, [index]);
    });
    const listings: Array<{ name: string; position: number | null; rows: number[] | null; total: number }> = [];
    let capabilitiesWalked = false;
    for (const product of catalogue.products) {
      if (product.listing_position !== null) capabilitiesWalked = true;
      const rows = product.listed_at !== null && product.edition_total !== null ? (rowsOf.get(product.name) ?? []) : null;
      listings.push({
        name: product.name,
        position: product.listing_position,
        rows: rows !== null && rows.length === product.edition_total ? rows : null,
        total: product.edition_total ?? 0,
      });
    }
    // Interned first, so the column width is known before any column is allocated.
    const editions = catalogue.editions;
    const numbers = new Uint32Array(editions.length * COLUMNS);
    editions.forEach((row, index) => {
      numbers[index * COLUMNS + ZONE] = tables.zones.intern(row.zone);
      numbers[index * COLUMNS + FORMAT] = tables.formats.intern(row.format);
      numbers[index * COLUMNS + CRS] = tables.crs.intern(row.crs);
      numbers[index * COLUMNS + DATE] = tables.dates.intern(row.edition_date);
    });
    const wide = Math.max(tables.zones.size, tables.formats.size, tables.crs.size, tables.dates.size) > 0xffff;
    const products = new Map<string, ListedProduct>();
    for (const { name, position, rows, total } of listings) {
      if (rows === null) {
        products.set(name, { position, listing: null });
        continue;
      }
      rows.sort((a, b) => compareNames((editions[a] as { name: string }).name, (editions[b] as { name: string }).name));
      const columns = wide ? new Uint32Array(rows.length * COLUMNS) : new Uint16Array(rows.length * COLUMNS);
      rows.forEach((row, index) => columns.set(numbers.subarray(row * COLUMNS, row * COLUMNS + COLUMNS), index * COLUMNS));
      products.set(name, { position, listing: { total, names: rows.map((row) => (editions[row] as { name: string }).name), columns } });
    }
    const positionsCurrent = catalogue.products.every((product) => product.listing_position !== null);
    return new ListingSnapshot(products, capabilitiesWalked, positionsCurrent, tables.zones, tables.formats, tables.crs, tables.dates);
  }

  /**
   * `['capabilities']` without parameters: the listed products, once a complete walk is recorded.
   * `['resource', product]` of a product read whole: its listed editions matching `zone`, `format`, `crs`
   * (exactly the edition's code) and `editionDateFrom`/`editionDateTo` (inclusive; an undated edition matches
   * no date filter). Anything else (another parameter, an edition's files, a code the upstream would match
   * loosely) is undefined.
   */
  knownTotal(segments: readonly string[], params: UpstreamParams): number | undefined {
    if (segments.length === 1 && segments[0] === 'capabilities') {
      return this.capabilitiesWalked && Object.keys(params).length === 0 ? this.products.size : undefined;
    }
    if (segments.length !== 2 || segments[0] !== 'resource') return undefined;
    const listing = this.products.get(segments[1] as string)?.listing;
    if (!listing) return undefined;
    const filter = this.editionFilter(params);
    if (filter === undefined) return undefined;
    return filter === null ? listing.total : countMatching(listing, filter, this.dates);
  }

  /** The capabilities page (1-based, pages of `UPSTREAM_PAGE_SIZE`) of the product's recorded position. */
  capabilitiesPageOf(name: string): number | undefined {
    // A product listed since the last complete walk has no position, and may have moved every product after it.
    if (!this.positionsCurrent) return undefined;
    const position = this.products.get(name)?.position;
    return position == null ? undefined : Math.ceil(position / UPSTREAM_PAGE_SIZE);
  }

  /**
   * Whether the listing of a product read whole holds the edition, dated as its name says when its name ends
   * with a date (a date-filtered listing finds it); undefined when not read whole.
   */
  holdsEdition(resourceName: string, name: string): boolean | undefined {
    const listing = this.products.get(resourceName)?.listing;
    if (!listing) return undefined;
    const index = indexOfName(listing.names, name);
    if (index < 0) return false;
    const named = editionSearchHint(name)?.['editionDateFrom'];
    return named === undefined || this.dates.valueOf(listing.columns[index * COLUMNS + DATE] as number) === named;
  }

  /** Listed products; editions held (of products read whole). */
  get counts(): { products: number; editions: number } {
    let editions = 0;
    for (const product of this.products.values()) editions += product.listing?.names.length ?? 0;
    return { products: this.products.size, editions };
  }

  // Private: the parameters as term numbers and date bounds; null without any; undefined when one cannot be
  // counted exactly.
  private editionFilter(params: UpstreamParams): EditionFilter | null | undefined {
    const keys = Object.keys(params);
    if (keys.length === 0) return null;
    const filter: EditionFilter = {};
    for (const key of keys) {
      const value = params[key] as string;
      if (!COUNTED_PARAMS.has(key) || value === '') return undefined;
      if (key === 'editionDateFrom' || key === 'editionDateTo') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
        if (key === 'editionDateFrom') filter.from = value;
        else filter.to = value;
        continue;
      }
      const table =
        key === 'zone' ? this.zones
        : key === 'format' ? this.formats
        : this.crs;
      if (table.looselyHolds(value)) return undefined;
      filter[key as 'zone' | 'format' | 'crs'] = table.numberOf(value);
    }
    return filter;
  }
}

// Private: editions of `listing` passing every criterion of `filter`.
function countMatching(listing: ProductListing, filter: EditionFilter, dates: TermTable): number {
  if (filter.zone === 0 || filter.format === 0 || filter.crs === 0) return 0;
  const { columns } = listing;
  const dated = filter.from !== undefined || filter.to !== undefined;
  let count = 0;
  for (let offset = 0; offset < columns.length; offset += COLUMNS) {
    if (filter.zone !== undefined && columns[offset + ZONE] !== filter.zone) continue;
    if (filter.format !== undefined && columns[offset + FORMAT] !== filter.format) continue;
    if (filter.crs !== undefined && columns[offset + CRS] !== filter.crs) continue;
    if (dated) {
      const date = dates.valueOf(columns[offset + DATE] as number);
      if (date === null || (filter.from !== undefined && date < filter.from) || (filter.to !== undefined && date > filter.to)) continue;
    }
    count += 1;
  }
  return count;
}

// Private: code-unit order, the one `indexOfName` searches by (never locale order, which differs by dialect).
function compareNames(a: string, b: string): number {
  return (
    a < b ? -1
    : a > b ? 1
    : 0
  );
}

// Private: binary search of sorted `names`; -1 when absent.
function indexOfName(names: readonly string[], name: string): number {
  let low = 0;
  let high = names.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareNames(names[middle] as string, name);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
