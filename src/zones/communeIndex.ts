import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { normalizeZoneText } from './normalizeZoneText';
import type { ZoneInfo } from './ZoneInfo';
import { departementCode, ZONES_BY_CODE } from './zoneCatalogue';

/** A commune (or a Paris, Lyon or Marseille arrondissement) as the index answers it. */
export interface Commune {
  /** The INSEE code: `29019`, `2A004`, `75056`, `75101`. */
  readonly code: string;
  readonly name: string;
  /** The zone code of its département or overseas collectivity (`D029`, `D975`); null for Clipperton (989). */
  readonly departement: string | null;
  /** The zone code of its région (`R53`); null outside the 18 régions. */
  readonly region: string | null;
  /** `COMMUNE`, or `ARRONDISSEMENT` for the municipal arrondissements of Paris, Lyon and Marseille. */
  readonly kind: 'COMMUNE' | 'ARRONDISSEMENT';
  readonly population: number;
}

/** One row of `@etalab/decoupage-administratif`'s `communes.json`, the fields the index reads. */
export interface CommuneRow {
  readonly code: string;
  readonly nom: string;
  readonly type: string;
  readonly departement: string;
  readonly codesPostaux?: readonly string[];
  readonly population?: number;
  readonly anciensCodes?: readonly string[];
  /** For a commune déléguée or associée: the code of the commune it belongs to. */
  readonly chefLieu?: string;
}

// Private: rows handled between two pauses of `CommuneIndex.inSlices` (about 40 ms of work each).
const SLICE_ROWS = 4_000;

/**
 * INSEE codes, postcodes and names of the communes, compacted: parallel arrays (one slot per current commune
 * and arrondissement, sorted by code for a binary search), and maps from postcodes and name keys to slots; a
 * key with one commune maps to its slot, not to a list. The package's rows are not kept.
 */
export class CommuneIndex {
  private readonly codes: string[] = [];
  private readonly names: string[] = [];
  /** Index into `zones` of the slot's département, -1 when none. Sized once, when the index is filled. */
  private departements = new Int16Array(0);
  private populations = new Float64Array(0);
  private arrondissements = new Uint8Array(0);
  private readonly zones: (ZoneInfo | null)[] = [];
  private readonly byOldCodes = new Map<string, number>();
  private readonly byPostcodes = new Map<string, Slots>();
  private readonly byNames = new Map<string, Slots>();
  private readonly byOldNames = new Map<string, Slots>();

  constructor(rows: readonly CommuneRow[] = []) {
    const steps = this.fill(rows);
    while (!steps.next().done) continue;
  }

  /**
   * The index of `rows`, built SLICE_ROWS rows at a time with `pause()` awaited between slices, so that a
   * server keeps answering while it builds (the whole build is about 0.4 s of CPU). The same index as `new`.
   */
  static async inSlices(rows: readonly CommuneRow[], pause: () => Promise<void>): Promise<CommuneIndex> {
    const index = new CommuneIndex();
    for (const steps = index.fill(rows); !steps.next().done;) await pause();
    return index;
  }

  // Private: fills this empty index from `rows`, stopping (yield) after each slice of SLICE_ROWS rows.
  private *fill(rows: readonly CommuneRow[]): Generator<void, void, undefined> {
    const current = rows
      .filter((row) => row.type === 'commune-actuelle' || row.type === 'arrondissement-municipal')
      .sort((a, b) => compareCodes(a.code, b.code));
    this.departements = new Int16Array(current.length);
    this.populations = new Float64Array(current.length);
    this.arrondissements = new Uint8Array(current.length);
    yield;
    const zoneSlots = new Map<string, number>();
    for (const [slot, row] of current.entries()) {
      this.codes.push(row.code);
      this.names.push(row.nom);
      let zoneSlot = zoneSlots.get(row.departement);
      if (zoneSlot === undefined) {
        zoneSlot = this.zones.push(ZONES_BY_CODE.get(departementCode(row.departement)) ?? null) - 1;
        zoneSlots.set(row.departement, zoneSlot);
      }
      this.departements[slot] = zoneSlot;
      this.populations[slot] = row.population ?? 0;
      this.arrondissements[slot] = row.type === 'arrondissement-municipal' ? 1 : 0;
      add(this.byNames, normalizeZoneText(row.nom), slot);
      if (row.type === 'commune-actuelle') for (const postcode of row.codesPostaux ?? []) add(this.byPostcodes, postcode, slot);
      if (slot % SLICE_ROWS === SLICE_ROWS - 1) yield;
    }
    yield;
    for (const [position, row] of rows.entries()) {
      if (position % SLICE_ROWS === SLICE_ROWS - 1) yield;
      const slot = this.slotOf(row.chefLieu ?? row.code);
      if (slot === -1) continue;
      for (const old of row.anciensCodes ?? []) if (this.slotOf(old) === -1) this.byOldCodes.set(old, slot);
      if (row.type === 'commune-deleguee' || row.type === 'commune-associee') {
        if (this.slotOf(row.code) === -1) this.byOldCodes.set(row.code, slot);
        add(this.byOldNames, normalizeZoneText(row.nom), slot);
      }
    }
  }

  /** The commune or arrondissement of a current INSEE code, or null. */
  byCode(code: string): Commune | null {
    const slot = this.slotOf(code.toUpperCase());
    return slot === -1 ? null : this.commune(slot);
  }

  /** The current commune a former INSEE code (a merged commune, Corsica's `20xxx`) now belongs to, or null. */
  byFormerCode(code: string): Commune | null {
    const slot = this.byOldCodes.get(code.toUpperCase());
    return slot === undefined ? null : this.commune(slot);
  }

  /** The communes a postcode serves (several, maybe across départements), largest first; [] when unknown. */
  byPostcode(postcode: string): Commune[] {
    return this.list(this.byPostcodes.get(postcode));
  }

  /**
   * The communes and arrondissements with this name (case, accents, hyphens and apostrophes ignored), largest
   * first; when none, the current communes a former commune of that name (déléguée, associée) belongs to.
   */
  byName(name: string): Commune[] {
    const key = normalizeZoneText(name);
    const current = this.list(this.byNames.get(key));
    return current.length > 0 ? current : this.list(this.byOldNames.get(key));
  }

  /**
   * Up to `count` communes whose name is close to an unknown one: names starting with it, then within an edit
   * distance of a third of its length; largest first. Empty for inputs shorter than 3 or longer than 64.
   */
  closestByName(name: string, count: number, distance: (a: string, b: string) => number): Commune[] {
    const query = normalizeZoneText(name);
    if (query.length < 3 || query.length > 64) return [];
    const maxDistance = Math.max(1, Math.floor(query.length / 3));
    const scored: { commune: Commune; score: number }[] = [];
    for (const [key, slots] of this.byNames) {
      let score: number | null = null;
      if (key.startsWith(query)) score = 0;
      else if (Math.abs(key.length - query.length) <= maxDistance && key[0] === query[0]) {
        const d = distance(query, key);
        if (d <= maxDistance) score = d;
      }
      if (score !== null) for (const commune of this.list(slots)) scored.push({ commune, score });
    }
    return scored
      .sort((a, b) => a.score - b.score || byPopulation(a.commune, b.commune))
      .slice(0, count)
      .map(({ commune }) => commune);
  }

  /** How many communes and arrondissements the index holds. */
  get size(): number {
    return this.codes.length;
  }

  // Private: the slot of a current code (binary search), -1 when none.
  private slotOf(code: string): number {
    let low = 0;
    let high = this.codes.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const order = compareCodes(this.codes[middle] as string, code);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  // Private: the record of a slot, made when asked.
  private commune(slot: number): Commune {
    const zone = this.zones[this.departements[slot] as number] ?? null;
    return {
      code: this.codes[slot] as string,
      name: this.names[slot] as string,
      departement: zone?.code ?? null,
      region: zone?.parentRegion ?? null,
      kind: this.arrondissements[slot] === 1 ? 'ARRONDISSEMENT' : 'COMMUNE',
      population: this.populations[slot] as number,
    };
  }

  private list(slots: Slots | undefined): Commune[] {
    if (slots === undefined) return [];
    return [...new Set(typeof slots === 'number' ? [slots] : slots)].map((slot) => this.commune(slot)).sort(byPopulation);
  }
}

// Private: one slot, or several when a key is shared (most keys have one).
type Slots = number | number[];

// Private: the index once built; reference data, loaded on first use and never changed after.
let loaded: CommuneIndex | undefined;
// Private: the build `loadCommuneIndex` has under way, shared by its callers; undefined once it settled.
let loading: Promise<CommuneIndex> | undefined;

/**
 * The index of the communes of `@etalab/decoupage-administratif`, built on the first call only (unless
 * `loadCommuneIndex` built it already). The package's 8.6 MB `communes.json` is read and parsed then, and
 * dropped once compacted (it is not `require`d, which would keep it in the module cache).
 */
export function communeIndex(): CommuneIndex {
  loaded ??= new CommuneIndex(JSON.parse(readFileSync(communesFile(), 'utf8')) as CommuneRow[]);
  return loaded;
}

/**
 * The same index, built without holding the event loop for long: the file read asynchronously, then parsed,
 * then compacted in slices, `pause()` awaited between steps (default: the next turn of the event loop). Calls
 * share one build; once built, it answers at once and `communeIndex()` returns it. A failed build is not kept.
 */
export function loadCommuneIndex(pause: () => Promise<void> = nextTurn): Promise<CommuneIndex> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= (async () => {
    const rows = await parseInSlices(await readFile(communesFile(), 'utf8'), pause);
    await pause();
    const built = await CommuneIndex.inSlices(rows, pause);
    loaded ??= built;
    return loaded;
  })().finally(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * The rows of the package's `communes.json`, parsed SLICE_ROWS at a time with `pause()` between slices: the file
 * holds one row per line (`[`, then `{…},` lines, then `]`), each parsed alone, so that no single parse holds
 * the event loop for the whole 8.6 MB (about 0.2 s, more on a loaded machine). A file laid out otherwise is
 * parsed whole.
 */
export async function parseInSlices(text: string, pause: () => Promise<void>): Promise<CommuneRow[]> {
  const rows: CommuneRow[] = [];
  for (let start = 0, count = 0; start < text.length; count += 1) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '[' || line === ']' || line === '') continue;
    const row = line.startsWith('{') ? parseRow(line.endsWith(',') ? line.slice(0, -1) : line) : undefined;
    if (row === undefined) return JSON.parse(text) as CommuneRow[];
    rows.push(row);
    if (count % SLICE_ROWS === 0) await pause();
  }
  return rows;
}

// Private: one row of a line, or undefined when the line is not a whole JSON object.
function parseRow(text: string): CommuneRow | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as CommuneRow) : undefined;
  } catch {
    return undefined;
  }
}

function communesFile(): string {
  return require.resolve('@etalab/decoupage-administratif/data/communes.json');
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function add(map: Map<string, Slots>, key: string, slot: number): void {
  const slots = map.get(key);
  if (slots === undefined) map.set(key, slot);
  else if (typeof slots === 'number') map.set(key, [slots, slot]);
  else slots.push(slot);
}

// Private: plain code-unit order, the order the binary search relies on.
function compareCodes(a: string, b: string): number {
  return (
    a < b ? -1
    : a > b ? 1
    : 0
  );
}

// Private: largest population first, then code order.
function byPopulation(a: Commune, b: Commune): number {
  return (
    b.population - a.population ||
    (a.code < b.code ? -1
    : a.code > b.code ? 1
    : 0)
  );
}
