import type { FakeTerm } from './catalogue';

/** A lon/lat box in EPSG:4326: [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

/** A zone code with its upstream label (`"{CODE} {Name}"`, or '' where upstream leaves it empty) and extent. */
export interface ZoneInfo {
  term: FakeTerm;
  bbox: BBox;
}

/** Private: a box of half-size (dx, dy) around a centre. */
function around(lon: number, lat: number, dx = 0.45, dy = 0.3): BBox {
  return [round(lon - dx), round(lat - dy), round(lon + dx), round(lat + dy)];
}

/** Private: rounds to 3 decimals so boxes stay readable in test output. */
function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Private: [code, name, bbox]; name '' means upstream sends an empty label (seen for D986 on BD ORTHO). */
const ZONE_ROWS: ReadonlyArray<[string, string, BBox]> = [
  ['FRA', 'France entière', [-61.81, -21.39, 55.84, 51.09]],
  ['FXX', 'France métropolitaine', [-5.15, 41.33, 9.56, 51.09]],
  ['GLP', 'Guadeloupe', [-61.81, 15.83, -61.0, 16.52]],
  ['MTQ', 'Martinique', [-61.23, 14.38, -60.8, 14.88]],
  ['GUF', 'Guyane', [-54.61, 2.11, -51.61, 5.75]],
  ['REU', 'La Réunion', [55.21, -21.39, 55.84, -20.87]],
  ['MYT', 'Mayotte', [44.98, -13.0, 45.3, -12.63]],
  ['SPM', 'Saint-Pierre-et-Miquelon', [-56.42, 46.74, -56.12, 47.15]],
  ['EUR', 'Europe', [-31.3, 27.6, 44.8, 71.2]],
  ['WLD', 'Monde', [-180, -90, 180, 90]],
  ['D001', 'Ain', around(5.35, 46.1)],
  ['D002', 'Aisne', around(3.55, 49.55)],
  ['D005', 'Hautes-Alpes', around(6.25, 44.65)],
  ['D006', 'Alpes-Maritimes', [6.63, 43.48, 7.72, 44.36]],
  ['D013', 'Bouches-du-Rhône', around(5.1, 43.5)],
  ['D014', 'Calvados', around(-0.35, 49.1)],
  ['D021', "Côte-d'Or", around(4.75, 47.45)],
  ['D029', 'Finistère', around(-4.1, 48.25)],
  ['D02A', 'Corse-du-Sud', [8.53, 41.36, 9.41, 42.38]],
  ['D02B', 'Haute-Corse', around(9.25, 42.4, 0.35, 0.45)],
  ['D031', 'Haute-Garonne', around(1.2, 43.35)],
  ['D033', 'Gironde', around(-0.55, 44.85)],
  ['D034', 'Hérault', around(3.45, 43.6)],
  ['D035', 'Ille-et-Vilaine', around(-1.65, 48.15)],
  ['D038', 'Isère', around(5.6, 45.25)],
  ['D044', 'Loire-Atlantique', around(-1.7, 47.35)],
  ['D059', 'Nord', around(3.2, 50.45)],
  ['D063', 'Puy-de-Dôme', around(3.1, 45.7)],
  ['D067', 'Bas-Rhin', around(7.55, 48.65)],
  ['D069', 'Rhône', around(4.65, 45.9)],
  ['D074', 'Haute-Savoie', around(6.4, 46.05)],
  ['D075', 'Paris', [2.224, 48.815, 2.47, 48.902]],
  ['D076', 'Seine-Maritime', around(1.0, 49.65)],
  ['D077', 'Seine-et-Marne', around(2.95, 48.6)],
  ['D078', 'Yvelines', around(1.85, 48.8)],
  ['D083', 'Var', around(6.2, 43.45)],
  ['D091', 'Essonne', around(2.25, 48.5, 0.25, 0.2)],
  ['D092', 'Hauts-de-Seine', around(2.22, 48.84, 0.08, 0.08)],
  ['D093', 'Seine-Saint-Denis', around(2.48, 48.92, 0.08, 0.06)],
  ['D094', 'Val-de-Marne', around(2.47, 48.78, 0.1, 0.06)],
  ['D971', 'Guadeloupe', [-61.81, 15.83, -61.0, 16.52]],
  ['D972', 'Martinique', [-61.23, 14.38, -60.8, 14.88]],
  ['D973', 'Guyane', [-54.61, 2.11, -51.61, 5.75]],
  ['D974', 'La Réunion', [55.21, -21.39, 55.84, -20.87]],
  ['D976', 'Mayotte', [44.98, -13.0, 45.3, -12.63]],
  ['D986', '', [-178.2, -14.4, -176.1, -13.2]],
];

/** Every zone the fake knows, by code. */
export const ZONES: ReadonlyMap<string, ZoneInfo> = new Map(
  ZONE_ROWS.map(([code, name, bbox]) => [code, { term: { term: code, label: name === '' ? '' : `${code} ${name}` }, bbox }]),
);

/** The metropolitan départements used to spread BD ORTHO and generated products over many zones. */
export const METRO_DEPARTMENTS: readonly string[] = ZONE_ROWS.map((row) => row[0]).filter((code) => /^D0/.test(code));

/** Looks a zone up; throws on an unknown code so a typo in the generator fails loudly. */
export function zoneInfo(code: string): ZoneInfo {
  const info = ZONES.get(code);
  if (info === undefined) throw new TypeError(`expected a known zone code, got ${code}`);
  return info;
}

/** CRS name tokens (as in sub-resource names) -> the `<category>` term and label they are published with. */
export const CRS_BY_TOKEN: ReadonlyMap<string, FakeTerm> = new Map([
  ['LAMB93', { term: 'EPSG:2154', label: 'RGF93 v1 / Lambert-93' }],
  ['WGS84G', { term: 'EPSG:4326', label: 'WGS 84' }],
  ['LAMB93-IGN69', { term: 'EPSG:5698', label: 'RGF93 v1 / Lambert-93 + NGF-IGN69 height' }],
  ['UTM20W84GUAD', { term: 'EPSG:32620', label: 'WGS 84 / UTM zone 20N' }],
  ['UTM20W84MART', { term: 'EPSG:32620', label: 'WGS 84 / UTM zone 20N' }],
  ['RGAF09UTM20', { term: 'EPSG:5490', label: 'RGAF09 / UTM zone 20N' }],
  ['RGFG95UTM22', { term: 'EPSG:2972', label: 'RGFG95 / UTM zone 22N' }],
  ['UTM22RGFG95', { term: 'EPSG:2972', label: 'RGFG95 / UTM zone 22N' }],
  ['RGR92UTM40S', { term: 'EPSG:2975', label: 'RGR92 / UTM zone 40S' }],
  ['RGM04UTM38S', { term: 'EPSG:4471', label: 'RGM04 / UTM zone 38S' }],
  ['RGSPM06U21', { term: 'EPSG:4467', label: 'RGSPM06 / UTM zone 21N' }],
  ['RGWF96UTM1S', { term: 'EPSG:8903', label: 'RGWF96 / UTM zone 1S' }],
  ['ETRS89LAEA', { term: 'EPSG:3035', label: 'ETRS89-extended / LAEA Europe' }],
]);

/** Looks a CRS token up; throws on an unknown token. */
export function crsTerm(token: string): FakeTerm {
  const term = CRS_BY_TOKEN.get(token);
  if (term === undefined) throw new TypeError(`expected a known CRS token, got ${token}`);
  return term;
}

/** The CRS token a zone is usually published in. */
export function defaultCrsToken(zone: string): string {
  switch (zone) {
    case 'FRA':
    case 'WLD':
      return 'WGS84G';
    case 'GLP':
    case 'MTQ':
    case 'D971':
    case 'D972':
      return 'RGAF09UTM20';
    case 'GUF':
    case 'D973':
      return 'RGFG95UTM22';
    case 'REU':
    case 'D974':
      return 'RGR92UTM40S';
    case 'MYT':
    case 'D976':
      return 'RGM04UTM38S';
    case 'SPM':
      return 'RGSPM06U21';
    case 'D986':
      return 'RGWF96UTM1S';
    case 'EUR':
      return 'ETRS89LAEA';
    default:
      return 'LAMB93';
  }
}

/** A `<gpf_dl:format>` term, its label and the MIME type of the payload inside archives of that format. */
export interface FormatInfo {
  term: FakeTerm;
  payloadMime: string;
}

/** Private: [term, label, payload MIME]. Case is not uniform upstream (`jp2`, `GeoParquet`). */
const FORMAT_ROWS: ReadonlyArray<[string, string, string]> = [
  ['GPKG', 'GPKG (GeoPackage)', 'application/geopackage+sqlite3'],
  ['SHP', 'SHP (Shapefile)', 'application/x-shapefile'],
  ['SQL', 'SQL (Structured Query Language)', 'application/sql'],
  ['TIFF', 'TIFF (Tagged Image File Format)', 'image/tiff'],
  ['TIF', 'TIF', 'image/tiff'],
  ['JP2-E080', 'JP2-E080', 'image/jp2'],
  ['JP2-E100', 'JP2-E100', 'image/jp2'],
  ['jp2', 'jp2', 'image/jp2'],
  ['ASC', 'ASC', 'text/plain'],
  ['FlatGeoBuf', 'FlatGeoBuf', 'application/flatgeobuf'],
  ['GeoParquet', 'GeoParquet', 'application/vnd.apache.parquet'],
  ['LAZ', 'LAZ', 'application/vnd.laszip'],
  ['COPC', 'COPC', 'application/vnd.laszip+copc'],
  ['GDB', 'GDB', 'application/x-filegdb'],
];

/** Every format the fake knows, by term. */
export const FORMATS: ReadonlyMap<string, FormatInfo> = new Map(
  FORMAT_ROWS.map(([term, label, payloadMime]) => [term, { term: { term, label }, payloadMime }]),
);

/** Looks a format up; throws on an unknown term. */
export function formatInfo(term: string): FormatInfo {
  const info = FORMATS.get(term);
  if (info === undefined) throw new TypeError(`expected a known format term, got ${term}`);
  return info;
}

/** INSPIRE themes (French names) used by the `thematic` filter. */
export const THEMES = {
  admin: 'Unités administratives',
  ortho: 'Ortho-imagerie',
  elevation: 'Altitude',
  addresses: 'Adresses',
  parcels: 'Parcelles cadastrales',
  landCover: 'Occupation des terres',
  landUse: 'Usage des sols',
  transport: 'Réseaux de transport',
  hydro: 'Hydrographie',
  names: 'Dénominations géographiques',
  buildings: 'Bâtiments',
  statUnits: 'Unités statistiques',
  geodesy: 'Référentiels de coordonnées',
  protectedSites: 'Sites protégés',
} as const;
