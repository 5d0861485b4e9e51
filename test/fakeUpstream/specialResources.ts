import type { FakeEdition, FakeFile, FakeResource } from './catalogue';
import { archiveFiles, plainFile, seriesEdition, splitArchiveFiles, untypedEdition, upstreamTimestamp } from './editionFactory';
import type { SeriesSpec } from './editionFactory';
import { METRO_DEPARTMENTS, THEMES, zoneInfo } from './referenceData';

/** Assembles a resource whose `updated` is its latest edition's (or `fallbackUpdated` when it has none). */
export function makeResource(fields: Omit<FakeResource, 'updated' | 'editions'>, editions: FakeEdition[], fallbackUpdated = '2024-09-30'): FakeResource {
  const latest = editions
    .map((e) => e.updated)
    .sort()
    .pop();
  return { ...fields, updated: latest ?? upstreamTimestamp(fallbackUpdated), editions };
}

/** Private: [version, format, crs token, zone, date] rows of a product's editions. */
type Row = [string, string, string, string, string];

/** Private: editions from rows; the latest date gets no .md5 companion, as upstream does. */
function editionsFromRows(resource: string, rows: Row[], extra: Partial<SeriesSpec> = {}): FakeEdition[] {
  const latest = rows
    .map((r) => r[4])
    .sort()
    .pop();
  return rows.map(([version, format, crs, zone, date]) =>
    seriesEdition({ resource, version, variant: '', format, crs, zone, date, md5Companion: date !== latest, ...extra }),
  );
}

/** ADMIN EXPRESS: 4 editions, each with files. */
export function adminExpress(): FakeResource {
  const rows: Row[] = [
    ['3-2', 'GPKG', 'LAMB93', 'FXX', '2025-06-17'],
    ['3-2', 'SHP', 'LAMB93', 'FXX', '2025-06-17'],
    ['3-2', 'GPKG', 'WGS84G', 'FRA', '2026-06-15'],
    ['3-2', 'GPKG', 'RGAF09UTM20', 'GLP', '2026-06-15'],
  ];
  return makeResource(
    {
      name: 'ADMIN-EXPRESS',
      title: 'ADMIN EXPRESS',
      description: 'Découpage administratif du territoire français (communes, arrondissements, départements, régions).',
      thematic: [THEMES.admin],
    },
    editionsFromRows('ADMIN-EXPRESS', rows),
  );
}

/** Private: the overseas zones of ADMIN EXPRESS COG with their CRS token. */
const COG_OVERSEAS: ReadonlyArray<[string, string]> = [
  ['RGAF09UTM20', 'GLP'],
  ['RGAF09UTM20', 'MTQ'],
  ['RGFG95UTM22', 'GUF'],
  ['RGR92UTM40S', 'REU'],
  ['RGM04UTM38S', 'MYT'],
];

/** ADMIN EXPRESS COG: 24 editions (SHP/GPKG, 7 zones, 6 CRS, 2023-05-03 … 2026-01-01), no .md5 on 2026. */
export function adminExpressCog(): FakeResource {
  const rows: Row[] = [
    ['3-1', 'SHP', 'WGS84G', 'FRA', '2023-05-03'],
    ['4-0', 'GPKG', 'WGS84G', 'FRA', '2024-01-01'],
    ['4-0', 'SHP', 'WGS84G', 'FRA', '2024-01-01'],
    ['4-0', 'GPKG', 'LAMB93', 'FXX', '2025-01-01'],
    ['4-0', 'SHP', 'LAMB93', 'FXX', '2025-01-01'],
    ...COG_OVERSEAS.map(([crs, zone]): Row => ['4-0', 'GPKG', crs, zone, '2025-01-01']),
    ...COG_OVERSEAS.map(([crs, zone]): Row => ['4-0', 'SHP', crs, zone, '2025-01-01']),
    ['4-0', 'GPKG', 'LAMB93', 'FXX', '2026-01-01'],
    ['4-0', 'SHP', 'LAMB93', 'FXX', '2026-01-01'],
    ['4-0', 'GPKG', 'WGS84G', 'FRA', '2026-01-01'],
    ['4-0', 'SHP', 'WGS84G', 'FRA', '2026-01-01'],
    ...COG_OVERSEAS.map(([crs, zone]): Row => ['4-0', 'GPKG', crs, zone, '2026-01-01']),
  ];
  const editions = editionsFromRows('ADMIN-EXPRESS-COG', rows);
  // Sizes of the two editions the shared samples show.
  setArchiveBytes(editions, 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01', 245318112);
  setArchiveBytes(editions, 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2026-01-01', 238501377);
  return makeResource(
    {
      name: 'ADMIN-EXPRESS-COG',
      title: 'ADMIN EXPRESS COG',
      description: "Découpage administratif conforme au Code officiel géographique de l'INSEE.",
      thematic: [THEMES.admin],
    },
    editions,
  );
}

/** Private: overrides the `.7z` size of one edition. */
function setArchiveBytes(editions: FakeEdition[], sub: string, bytes: number): void {
  const file = editions.find((e) => e.name === sub)?.files.find((f) => f.name === `${sub}.7z`);
  if (file === undefined) throw new TypeError(`expected an edition ${sub} with a .7z, got none`);
  file.length = bytes;
}

/** ADMIN EXPRESS COG CARTO: 4 editions incl. GeoParquet and FlatGeoBuf. */
export function adminExpressCogCarto(): FakeResource {
  const base = { resource: 'ADMIN-EXPRESS-COG-CARTO', version: '4-0', variant: '' };
  return makeResource(
    {
      name: 'ADMIN-EXPRESS-COG-CARTO',
      title: 'ADMIN EXPRESS COG CARTO',
      description: 'Découpage administratif généralisé pour la cartographie.',
      thematic: [THEMES.admin],
    },
    [
      seriesEdition({ ...base, format: 'GPKG', crs: 'LAMB93', zone: 'FXX', date: '2025-01-01' }),
      seriesEdition({ ...base, format: 'SHP', crs: 'WGS84G', zone: 'FRA', date: '2025-01-01' }),
      seriesEdition({ ...base, format: 'GeoParquet', crs: 'WGS84G', zone: 'FRA', date: '2026-01-01', md5Companion: false }),
      seriesEdition({ ...base, format: 'FlatGeoBuf', crs: 'WGS84G', zone: 'FRA', date: '2026-01-01', md5Companion: false }),
    ],
  );
}

/** Name of the BD ORTHO edition split into 22 volumes (`.7z.001`…`.7z.022`) plus a `.md5`. */
export const BDORTHO_MULTIPART = 'BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01';

/** BD ORTHO: 126 editions over 36 zones (3 pages of 50), a 22-volume archive, a zone with an empty label. */
export function bdOrtho(): FakeResource {
  const editions: FakeEdition[] = [];
  const base = { resource: 'BDORTHO', format: 'JP2-E080', crs: 'LAMB93' };
  METRO_DEPARTMENTS.forEach((zone, i) => {
    const year = String(2021 + (i % 4));
    const date = `${year}-01-01`;
    const rvb = seriesEdition({ ...base, version: '2-0', variant: 'RVB-0M20', zone, date });
    if (zone === 'D075') rvb.files.push(plainFile(rvb.name, 'readme.pdf', 'application/pdf', []));
    editions.push(
      rvb,
      seriesEdition({ ...base, version: '2-0', variant: 'IRC-0M20', zone, date }),
      seriesEdition({ ...base, version: '1-0', variant: 'RVB-0M50', format: 'JP2-E100', zone, date: `${2006 + (i % 10)}-01-01` }),
      // No format token in this name upstream: never parse names.
      seriesEdition({
        ...base,
        version: '2-0',
        variant: 'GRAPHE-MOSAIQUAGE',
        format: 'GPKG',
        zone,
        date,
        name: `BDORTHO_2-0_GRAPHE-MOSAIQUAGE_LAMB93_${zone}_${date}`,
      }),
    );
  });
  // [crs, zone, variant, format, date]; D986 has an empty zone label and the lower-case 'jp2' format upstream.
  const overseas: Array<[string, string, string, string, string]> = [
    ['UTM20W84GUAD', 'D971', 'RVB-0M50', 'JP2-E080', '2022-01-01'],
    ['RGAF09UTM20', 'D972', 'RVB-0M20', 'JP2-E080', '2022-01-01'],
    ['RGR92UTM40S', 'D974', 'RVB-0M20', 'JP2-E080', '2022-01-01'],
    ['RGM04UTM38S', 'D976', 'RVB-0M20', 'JP2-E080', '2023-01-01'],
    ['RGWF96UTM1S', 'D986', 'RVB-0M20', 'jp2', '2021-01-01'],
  ];
  for (const [crs, zone, variant, format, date] of overseas) {
    editions.push(seriesEdition({ ...base, version: '2-0', variant, format, crs, zone, date, nameFormat: 'JP2-E080' }));
  }
  editions.push(
    seriesEdition({
      ...base,
      version: '2-0',
      variant: 'RVB-0M20',
      crs: 'UTM22RGFG95',
      zone: 'D973',
      date: '2023-01-01',
      files: (sub) => splitArchiveFiles(sub, 22, 1873425530),
    }),
  );
  return makeResource(
    {
      name: 'BDORTHO',
      title: 'BD ORTHO®',
      description: 'Orthophotographies départementales à 20 cm et 50 cm de résolution.',
      thematic: [THEMES.ortho],
    },
    editions,
  );
}

/** BD TOPO: 5 editions, one archive above 2^33 bytes, the latest without .md5. */
export function bdTopo(): FakeResource {
  const base = { resource: 'BDTOPO', variant: 'TOUSTHEMES' };
  return makeResource(
    {
      name: 'BDTOPO',
      title: 'BD TOPO®',
      description: 'Description vectorielle 3D des éléments du territoire et de ses infrastructures.',
      thematic: [THEMES.buildings, THEMES.transport, THEMES.hydro],
    },
    [
      seriesEdition({ ...base, version: '3-4', format: 'SQL', crs: 'LAMB93', zone: 'D075', date: '2025-03-15' }),
      seriesEdition({ ...base, version: '3-5', format: 'SHP', crs: 'LAMB93', zone: 'D075', date: '2025-12-15' }),
      seriesEdition({ ...base, version: '3-5', format: 'GPKG', crs: 'RGAF09UTM20', zone: 'D971', date: '2025-12-15' }),
      seriesEdition({
        ...base,
        version: '3-5',
        format: 'GPKG',
        crs: 'LAMB93',
        zone: 'FXX',
        date: '2026-03-15',
        archiveBytes: 9876543210,
      }),
      seriesEdition({ ...base, version: '3-5', format: 'GPKG', crs: 'LAMB93', zone: 'D092', date: '2026-06-15', md5Companion: false }),
    ],
  );
}

/** RGE ALTI: a 4,145,934,963-byte archive (between 2^31 and 2^32) and two quadrants sharing a file name. */
export function rgeAlti(): FakeResource {
  const base = { resource: 'RGEALTI', version: '2-0', format: 'ASC', crs: 'LAMB93-IGN69' };
  const quadrant = (q: string): FakeEdition =>
    seriesEdition({
      ...base,
      variant: '1M',
      crs: 'RGFG95UTM22',
      zone: 'D973',
      date: '2023-01-01',
      name: `RGEALTI_D973_${q}_2023-01-01`,
      // Same file name in both quadrants, different content (seen upstream).
      files: (sub, updated) => [plainFile(sub, 'RGEALTI_2-0_1M_ASC_RGFG95UTM22_D973.7z', 'application/x-7z-compressed', ['text/plain'], updated)],
    });
  return makeResource(
    {
      name: 'RGEALTI',
      title: 'RGE ALTI®',
      description: 'Modèle numérique de terrain maillé à 1 m et 5 m.',
      thematic: [THEMES.elevation],
    },
    [
      seriesEdition({ ...base, variant: '5M', zone: 'D005', date: '2020-10-14' }),
      seriesEdition({ ...base, variant: '1M', zone: 'D006', date: '2024-02-02', archiveBytes: 4145934963 }),
      quadrant('NE'),
      quadrant('SE'),
    ],
  );
}

/** Name of the edition whose file list needs 2 pages of 50 (57 tiles). */
export const LIDAR_TILED_EDITION = 'MNT-LIDARHD_1-0__TIF_LAMB93_D075_2025-01-01';

/** MNT LiDAR HD: one edition of 57 tiles, one ordinary edition. */
export function mntLidarHd(): FakeResource {
  const base = { resource: 'MNT-LIDARHD', version: '1-0', variant: '', format: 'TIF', crs: 'LAMB93' };
  const tiles = (sub: string, updated: string): FakeFile[] => {
    const files: FakeFile[] = [];
    for (let y = 6860; y <= 6862; y++) {
      for (let x = 640; x <= 658; x++) {
        const name = `LHD_FXX_${String(x).padStart(4, '0')}_${y}_MNT_O_0M50_LAMB93_IGN69.tif`;
        files.push(plainFile(sub, name, 'application/octet-stream', ['image/tiff'], updated));
      }
    }
    return files;
  };
  return makeResource(
    {
      name: 'MNT-LIDARHD',
      title: 'MNT LiDAR HD',
      description: 'Modèle numérique de terrain issu du programme LiDAR HD, dalles de 1 km.',
      thematic: [THEMES.elevation],
    },
    [seriesEdition({ ...base, zone: 'D075', date: '2025-01-01', files: tiles }), seriesEdition({ ...base, zone: 'D092', date: '2025-01-01' })],
  );
}

/** PARCS.JARDINS: a dotted id, a title with '&', and an archive sub-resource with no date. */
export function parcsJardins(): FakeResource {
  const archive = 'PARCS.JARDINS-ARCHIVE_D074';
  const d074 = zoneInfo('D074');
  return makeResource(
    {
      name: 'PARCS.JARDINS',
      title: 'Parcs & jardins remarquables',
      description: null,
      thematic: [THEMES.protectedSites],
    },
    [
      seriesEdition({ resource: 'PARCS.JARDINS', version: '1-0', variant: '', format: 'SHP', crs: 'LAMB93', zone: 'FXX', date: '2023-06-01' }),
      untypedEdition({
        name: archive,
        updatedDate: '2022-11-03',
        editionDate: null,
        bbox: d074.bbox,
        zone: d074.term,
        files: archiveFiles(archive, { payloadMime: null, updated: upstreamTimestamp('2022-11-03'), md5Companion: true }),
      }),
    ],
  );
}

/** Private: a box covering metropolitan France, for untyped map series. */
const FXX_BBOX = zoneInfo('FXX').bbox;

/** cartes: untyped editions (no zone, format, CRS), one with no edition date. */
export function cartes(): FakeResource {
  const edition = (name: string, editionDate: string | null): FakeEdition =>
    untypedEdition({
      name,
      updatedDate: '2024-09-30',
      editionDate,
      bbox: FXX_BBOX,
      files: [plainFile(name, `${name}.7z`, 'application/x-7z-compressed', ['image/tiff'], upstreamTimestamp('2024-09-30'))],
    });
  return makeResource({ name: 'cartes', title: 'Cartes IGN', description: 'Cartes topographiques au format image.', thematic: [] }, [
    edition('cartes_TOP25-3630OT_2019', '2019-06-01'),
    edition('cartes_TOP100-108_2021', '2021-03-01'),
    edition('cartes_PLAN-IGN_FXX', null),
  ]);
}

/** Name of the cartes_anciennes file whose name needs percent-encoding (space, '&', 'é'). */
export const ODD_FILE_NAME = 'notice Cassini & légende.pdf';

/** cartes_anciennes: untyped, mostly undated series; one file name with a space, '&' and 'é'. */
export function cartesAnciennes(): FakeResource {
  const edition = (name: string, editionDate: string | null, extra: FakeFile[] = []): FakeEdition =>
    untypedEdition({
      name,
      updatedDate: '2024-09-30',
      editionDate,
      bbox: FXX_BBOX,
      files: [plainFile(name, `${name}.7z`, 'application/x-7z-compressed', ['image/tiff']), ...extra],
    });
  const cassini = 'cartes_anciennes_CASSINI';
  return makeResource({ name: 'cartes_anciennes', title: 'Cartes anciennes', description: null, thematic: [] }, [
    edition(cassini, null, [plainFile(cassini, ODD_FILE_NAME, 'application/pdf', [])]),
    edition('cartes_anciennes_ETAT-MAJOR-40K', null),
    edition('cartes_anciennes_SCAN-EM-1950', '1950-01-01'),
  ]);
}
