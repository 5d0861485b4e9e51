/** The STAC version of every object served under `/stac`. */
export const STAC_VERSION = '1.1.0';

/**
 * What the STAC API under `/stac` conforms to, spelled as STAC API 1.0.0 and OGC API Features 1.0 spell their
 * conformance classes (free-text is at its release candidate, the version its extension published).
 */
export const STAC_CONFORMS_TO: readonly string[] = [
  'https://api.stacspec.org/v1.0.0/core',
  'https://api.stacspec.org/v1.0.0/collections',
  'https://api.stacspec.org/v1.0.0/ogcapi-features',
  'https://api.stacspec.org/v1.0.0/item-search',
  'https://api.stacspec.org/v1.0.0/item-search#sort',
  'https://api.stacspec.org/v1.0.0-rc.1/item-search#free-text',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

/** The STAC extensions items use: file (size, checksum), projection (`proj:code`), version (links, `deprecated`). */
export const ITEM_EXTENSIONS: readonly string[] = [
  'https://stac-extensions.github.io/file/v2.1.0/schema.json',
  'https://stac-extensions.github.io/projection/v2.0.0/schema.json',
  'https://stac-extensions.github.io/version/v1.2.0/schema.json',
];

/** Media types of the answers. */
export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
  html: 'text/html',
  metalink: 'application/metalink4+xml',
} as const;

/** The licence of every collection: the Licence Ouverte 2.0 (Etalab), and where to read it. */
export const LICENSE = { id: 'etalab-2.0', href: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' } as const;
