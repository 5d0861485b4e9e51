import { readFileSync } from 'node:fs';
import { normalizeZoneText } from './normalizeZoneText';
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

/**
 * INSEE codes, postcodes and names of the communes, compacted: one small record per current commune and
 * arrondissement, maps from each key to record numbers; the package's rows are not kept.
 */
export class CommuneIndex {
  private readonly communes: Commune[] = [];
  private readonly byCodes = new Map<string, number>();
  private readonly byOldCodes = new Map<string, number>();
  private readonly byPostcodes = new Map<string, number[]>();
  private readonly byNames = new Map<string, number[]>();
  private readonly byOldNames = new Map<string, number[]>();

  constructor(rows: readonly CommuneRow[]) {
    for (const row of rows) {
      if (row.type !== 'commune-actuelle' && row.type !== 'arrondissement-municipal') continue;
      const index = this.communes.push(commune(row)) - 1;
      this.byCodes.set(row.code, index);
      add(this.byNames, normalizeZoneText(row.nom), index);
      if (row.type === 'commune-actuelle') for (const postcode of row.codesPostaux ?? []) add(this.byPostcodes, postcode, index);
    }
    for (const row of rows) {
      const current = this.byCodes.get(row.chefLieu ?? row.code);
      if (current === undefined) continue;
      for (const old of row.anciensCodes ?? []) if (!this.byCodes.has(old)) this.byOldCodes.set(old, current);
      if (row.type === 'commune-deleguee' || row.type === 'commune-associee') {
        if (!this.byCodes.has(row.code)) this.byOldCodes.set(row.code, current);
        add(this.byOldNames, normalizeZoneText(row.nom), current);
      }
    }
  }

  /** The commune or arrondissement of a current INSEE code, or null. */
  byCode(code: string): Commune | null {
    const index = this.byCodes.get(code.toUpperCase());
    return index === undefined ? null : (this.communes[index] as Commune);
  }

  /** The current commune a former INSEE code (a merged commune, Corsica's `20xxx`) now belongs to, or null. */
  byFormerCode(code: string): Commune | null {
    const index = this.byOldCodes.get(code.toUpperCase());
    return index === undefined ? null : (this.communes[index] as Commune);
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
    const scored: { index: number; score: number }[] = [];
    for (const [key, indexes] of this.byNames) {
      let score: number | null = null;
      if (key.startsWith(query)) score = 0;
      else if (Math.abs(key.length - query.length) <= maxDistance && key[0] === query[0]) {
        const d = distance(query, key);
        if (d <= maxDistance) score = d;
      }
      if (score !== null) for (const index of indexes) scored.push({ index, score });
    }
    return scored
      .sort((a, b) => a.score - b.score || byPopulation(this.communes[a.index] as Commune, this.communes[b.index] as Commune))
      .slice(0, count)
      .map(({ index }) => this.communes[index] as Commune);
  }

  /** How many communes and arrondissements the index holds. */
  get size(): number {
    return this.communes.length;
  }

  private list(indexes: readonly number[] | undefined): Commune[] {
    return [...new Set(indexes ?? [])].map((index) => this.communes[index] as Commune).sort(byPopulation);
  }
}

// Private: the index once built; reference data, loaded on first use and never changed after.
let loaded: CommuneIndex | undefined;

/**
 * The index of the communes of `@etalab/decoupage-administratif`, built on the first call only. The package's
 * 8.6 MB `communes.json` is read and parsed then, and dropped once compacted (it is not `require`d, which
 * would keep it in the module cache).
 */
export function communeIndex(): CommuneIndex {
  loaded ??= new CommuneIndex(
    JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8')) as CommuneRow[],
  );
  return loaded;
}

// Private: one compact record.
function commune(row: CommuneRow): Commune {
  const departement = ZONES_BY_CODE.get(departementCode(row.departement)) ?? null;
  return Object.freeze({
    code: row.code,
    name: row.nom,
    departement: departement?.code ?? null,
    region: departement?.parentRegion ?? null,
    kind: row.type === 'arrondissement-municipal' ? 'ARRONDISSEMENT' : 'COMMUNE',
    population: row.population ?? 0,
  });
}

function add(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

// Private: largest population first, then code order.
function byPopulation(a: Commune, b: Commune): number {
  return b.population - a.population || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
