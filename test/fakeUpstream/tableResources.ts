import type { FakeEdition, FakeResource } from './catalogue';
import { seriesEdition } from './editionFactory';
import { METRO_DEPARTMENTS, THEMES, defaultCrsToken } from './referenceData';
import { makeResource } from './specialResources';

/** One product described compactly: its editions are dates × formats × zones, capped at `max`. */
export interface ProductRow {
  name: string;
  title: string;
  description: string | null;
  themes: string[];
  version?: string;
  variant?: string;
  formats?: string[];
  zones?: string[];
  dates?: string[];
  lang?: 'fre' | 'eng';
  max?: number;
}

/** Builds a product from its row; the latest date's editions carry no .md5 companion. */
export function productFromRow(row: ProductRow): FakeResource {
  const dates = row.dates ?? [];
  const latest = [...dates].sort().pop();
  const editions: FakeEdition[] = [];
  for (const date of dates) {
    for (const format of row.formats ?? []) {
      for (const zone of row.zones ?? []) {
        editions.push(
          seriesEdition({
            resource: row.name,
            version: row.version ?? '1-0',
            variant: row.variant ?? '',
            format,
            crs: defaultCrsToken(zone),
            zone,
            date,
            lang: row.lang ?? 'fre',
            md5Companion: date !== latest,
          }),
        );
      }
    }
  }
  return makeResource({ name: row.name, title: row.title, description: row.description, thematic: row.themes }, editions.slice(0, row.max ?? 4));
}

/** Private: shorthand for a row. */
function row(name: string, title: string, themes: string[], formats: string[], zones: string[], dates: string[], extra: Partial<ProductRow> = {}): ProductRow {
  return { name, title, description: `${title} : produit de l'IGN.`, themes, formats, zones, dates, ...extra };
}

/** Real product ids (esgn catalogue) placed between the hand-built ones, in catalogue order, keyed by position. */
export const HEAD_ROWS_A: readonly ProductRow[] = [
  row('ADMIN-EXPRESS-COG-CARTO-PE', 'ADMIN EXPRESS COG CARTO PE', [THEMES.admin], ['GPKG', 'SHP'], ['FRA', 'FXX'], ['2025-01-01']),
  row('ADMIN-EXPRESS-COG-CARTOPLUS', 'ADMIN EXPRESS COG CARTO PLUS', [THEMES.admin], ['GPKG'], ['FRA'], ['2025-01-01', '2026-01-01']),
  row('ADRESSE-PREMIUM', 'ADRESSE PREMIUM', [THEMES.addresses], ['GPKG', 'SHP'], ['D075', 'D092', 'D02A'], ['2026-04-01'], { max: 6 }),
  row('BAN-PLUS', 'BAN PLUS', [THEMES.addresses], ['GPKG', 'SQL'], ['D075', 'D092'], ['2026-04-01']),
  row('BDALTI', 'BD ALTI®', [THEMES.elevation], ['ASC'], ['D075', 'D092', 'D971'], ['2025-11-01'], { variant: '25M', version: '2-0' }),
  row('BDCARTO', 'BD CARTO®', [THEMES.transport, THEMES.hydro], ['GPKG', 'SHP', 'SQL'], ['FXX'], ['2026-03-01'], { version: '5-0' }),
];

/** Real product ids between BD ORTHO and BD TOPO. */
export const HEAD_ROWS_B: readonly ProductRow[] = [
  row('BDORTHO-HISTORIQUE', 'BD ORTHO® Historique', [THEMES.ortho], ['JP2-E100'], ['D075', 'D013'], ['1950-01-01', '1965-01-01'], {
    variant: 'NB-0M50',
  }),
  row('BDPARCELLAIRE', 'BD PARCELLAIRE®', [THEMES.parcels], ['SHP'], ['D075', 'D033'], ['2019-01-01'], { version: '1-2', variant: 'VECTEUR' }),
];

/** Real product ids after BD TOPO, up to MNT LiDAR HD. */
export const HEAD_ROWS_C: readonly ProductRow[] = [
  row('BDTOPO-DIFF', 'BD TOPO® Différentiel', [THEMES.buildings], ['GPKG'], ['FXX'], ['2026-01-15', '2026-02-15', '2026-03-15'], {
    version: '3-5',
    variant: 'DIFF',
  }),
  row('BDTOPO_EXPRESS', 'BD TOPO® Express', [THEMES.buildings], ['GPKG'], ['FXX'], ['2026-09-15'], { version: '3-5' }),
  row('BDTOPOHisto', 'BD TOPO® Historique', [THEMES.buildings], ['SHP'], ['D075'], ['2017-03-15', '2018-03-15'], { version: '2-2' }),
  row('BDCARTO-EM', 'BD CARTO® État-major', [THEMES.landCover], ['SHP'], ['FXX'], ['1850-01-01']),
  row('BDFORET', 'BD FORÊT®', [THEMES.landCover], ['SHP', 'GPKG'], ['D001', 'D038', 'D083'], ['2018-01-01'], { version: '2-0', max: 6 }),
  row('CONTOURS-IRIS', 'CONTOURS...IRIS®', [THEMES.statUnits], ['SHP'], ['FRA'], ['2024-01-01', '2025-01-01'], { version: '2-1' }),
  row('CONTOURS-IRIS-PE', 'CONTOURS...IRIS® PE', [THEMES.statUnits], ['GPKG'], ['FRA'], ['2025-01-01'], { version: '3-0' }),
  row('CORINELANDCOVER', 'CORINE Land Cover', [THEMES.landCover], ['GPKG'], ['FXX'], ['2018-01-01']),
  row('COSIA', 'CoSIA', [THEMES.landCover], ['GPKG'], ['D974', 'D075'], ['2025-01-01']),
  row('COURBES', 'Courbes de niveau', [THEMES.elevation], ['SHP', 'GPKG'], ['D006'], ['2023-01-01']),
  row('EGM', 'EuroGlobalMap', [THEMES.admin, THEMES.transport], ['SHP', 'GDB'], ['EUR'], ['2024-05-01', '2025-05-01'], {
    lang: 'eng',
    description: 'Pan-European 1:1 million topographic database.',
  }),
  row('France-RELIEF_beta', 'France Relief (bêta)', [THEMES.elevation], ['TIF'], ['FXX'], ['2025-06-01']),
  row('GEODESIE', 'Géodésie', [THEMES.geodesy], [], [], [], { description: null }),
  row('GEOFLA', 'GEOFLA®', [THEMES.admin], ['SHP'], ['FXX', 'GLP'], ['2016-01-01'], { version: '2-2' }),
  row('IGNF_FRANCE-RELIEF', 'France Relief', [THEMES.elevation], ['TIF'], ['FXX'], ['2024-06-01']),
  row('IGNF_MASQUE-FORET', 'Masque forêt', [THEMES.landCover], ['TIF'], ['FXX'], ['2024-06-01']),
  row('IRIS-GE', 'IRIS...GE', [THEMES.statUnits], ['SHP'], ['D075', 'D092'], ['2025-01-01'], { version: '3-0' }),
  row('LiDARHD-NUALID', 'LiDAR HD – nuages classés', [THEMES.elevation], [], [], [], {
    description: 'Sous-ressources par blocs LiDAR (AE, AF, BE…), non datées.',
  }),
  row('MNS-CORREL', 'MNS Corrélation', [THEMES.elevation], ['TIF'], ['D075'], ['2024-01-01']),
];

/** Real product ids after MNT LiDAR HD, up to PARCS.JARDINS. */
export const HEAD_ROWS_D: readonly ProductRow[] = [
  row('NUALID', 'Nuages de points LiDAR HD', [THEMES.elevation], ['COPC'], ['D075'], ['2024-06-01']),
  row('OCSGE', 'OCS GE', [THEMES.landCover, THEMES.landUse], ['GPKG'], ['D013', 'D031', 'D033'], ['2021-01-01', '2024-01-01'], {
    version: '2-0',
    max: 6,
  }),
  row('OCSGE-ARTIFICIALISATION', 'OCS GE Artificialisation', [THEMES.landUse], ['GPKG'], ['D013'], ['2021-01-01', '2024-01-01']),
  row('PARCELLAIRE-EXPRESS', 'PARCELLAIRE EXPRESS (PCI)', [THEMES.parcels], ['SHP'], ['D075', 'D092', 'D093', 'D094'], ['2026-07-01'], {
    version: '1-1',
  }),
];

/** Real product ids after RGE ALTI. */
export const HEAD_ROWS_E: readonly ProductRow[] = [
  row('ROUTE500', 'ROUTE 500®', [THEMES.transport], ['SHP'], ['FXX'], ['2021-01-01'], { version: '3-0' }),
  row('RPG', 'RPG (Registre parcellaire graphique)', [THEMES.landUse], ['GPKG'], ['FXX', 'GLP'], ['2023-01-01', '2024-01-01'], {
    version: '2-2',
  }),
  row('SCAN1000', 'SCAN 1000®', [THEMES.names], ['TIFF'], ['FXX'], ['2023-01-01']),
  row('SCAN50', 'SCAN 50®', [THEMES.names], ['TIFF'], ['D075', 'D006'], ['2022-01-01']),
];

/** Real product ids that close the catalogue, just before cartes and cartes_anciennes (as in the last-page sample). */
export const TAIL_ROWS: readonly ProductRow[] = [
  row('SCAN50-HISTORIQUE', 'SCAN 50® Historique', [THEMES.names], ['jp2'], ['FXX'], ['1950-01-01']),
  row('SCANEM10K', 'SCAN EM 10K', [THEMES.names], ['TIFF'], ['D075'], ['2025-06-01']),
  row('SCANEM40K', 'SCAN EM 40K', [THEMES.names], ['TIFF'], ['FXX'], ['2025-06-01']),
  row('SCANREG', 'SCAN Régional®', [THEMES.names], ['TIFF'], ['FXX', 'GLP', 'MTQ'], ['2025-02-01']),
];

/** A deterministic PRNG (mulberry32): same seed, same sequence, in every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Private: one element of a non-empty list, chosen by `rng`. */
function pick<T>(rng: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new TypeError('expected a non-empty list, got an empty one');
  return item;
}

/** Private: the facets generated products draw from. */
const GEN_FORMATS = ['GPKG', 'SHP', 'TIFF', 'ASC', 'GeoParquet', 'FlatGeoBuf'] as const;
const GEN_ZONES = ['FRA', 'FXX', 'GLP', 'REU', ...METRO_DEPARTMENTS];

/** A plausible filler product `PRODUIT-NNN` with 0–6 editions, drawn from `rng`. */
export function generatedProduct(index: number, rng: () => number): FakeResource {
  const id = String(index).padStart(3, '0');
  const name = `PRODUIT-${id}`;
  const count = Math.floor(rng() * 7);
  const lang = rng() < 0.15 ? 'eng' : 'fre';
  const editions: FakeEdition[] = [];
  for (let k = 0; k < count; k++) {
    const zone = pick(rng, GEN_ZONES);
    const month = String(1 + Math.floor(rng() * 12)).padStart(2, '0');
    editions.push(
      seriesEdition({
        resource: name,
        version: `1-${k}`,
        variant: '',
        format: pick(rng, GEN_FORMATS),
        crs: defaultCrsToken(zone),
        zone,
        date: `${2018 + Math.floor(rng() * 8)}-${month}-01`,
        lang,
        md5Companion: k < count - 1,
      }),
    );
  }
  const theme = pick(rng, Object.values(THEMES));
  return makeResource(
    {
      name,
      title: `Produit ${id}`,
      description: rng() < 0.3 ? null : `Jeu de données généré n°${index} (${theme}).`,
      thematic: [theme],
    },
    editions,
    `20${18 + (index % 8)}-0${1 + (index % 9)}-15`,
  );
}
