import type { IndexedEdition } from '../../catalogue/store/CatalogueStore';
import type { FileEntry } from '../../upstream/format/model';
import { zoneFootprint } from '../../zones';
import { footprintGeometry } from './stacJson';
import { ITEM_EXTENSIONS, MEDIA, STAC_VERSION } from './stacConformance';
import type { StacUrls } from './StacUrls';

/** A STAC link. */
export interface StacLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
  method?: string;
  body?: unknown;
  merge?: boolean;
}

/** The editions of one lineage (same product, zone, format and CRS), by edition date, oldest first. */
export interface EditionLineage {
  previous: string | null;
  next: string | null;
  latest: string | null;
}

/**
 * An edition as a STAC Item: `id` the edition's name, `collection` its product; `datetime` its edition date at
 * 00:00 UTC (undated editions: the upstream's `updated`, else when first seen); geometry and bbox the zone's
 * footprint (`geometry: null`, no bbox, without one); `created` when first seen, `updated` the upstream's;
 * `deprecated` once withdrawn. `files`, when known, become its assets (`file:size`, `file:checksum` as the md5
 * multihash `d50110` + hex); the download plan is a Metalink link. Version links when `lineage` is given. Write it
 * with `stacJson` (its geometry is a mark until then).
 */
export function stacItem(edition: IndexedEdition, urls: StacUrls, files: readonly FileEntry[] | null, lineage: EditionLineage | null): Record<string, unknown> {
  const code = edition.zone ? footprintCode(edition.zone.code) : null;
  const footprint = code ? zoneFootprint(code) : null;
  const links: StacLink[] = [
    { rel: 'self', href: urls.item(edition.product, edition.name), type: MEDIA.geojson },
    { rel: 'parent', href: urls.collection(edition.product), type: MEDIA.json },
    { rel: 'collection', href: urls.collection(edition.product), type: MEDIA.json },
    { rel: 'root', href: urls.landing, type: MEDIA.json },
    { rel: 'alternate', href: urls.metalink(edition.product, edition.name), type: MEDIA.metalink, title: 'Download plan (Metalink 4)' },
  ];
  if (lineage?.previous) links.push({ rel: 'predecessor-version', href: urls.item(edition.product, lineage.previous), type: MEDIA.geojson });
  if (lineage?.next) links.push({ rel: 'successor-version', href: urls.item(edition.product, lineage.next), type: MEDIA.geojson });
  if (lineage?.latest) links.push({ rel: 'latest-version', href: urls.item(edition.product, lineage.latest), type: MEDIA.geojson });
  const properties: Record<string, unknown> = {
    title: edition.title ?? edition.name,
    datetime: datetimeOf(edition),
    created: isoInstant(edition.firstSeenAt),
    ...(edition.updated ? { updated: isoInstant(edition.updated) } : {}),
    'proj:code': edition.crs?.code ?? null,
    'geopf:zone': edition.zone?.code ?? null,
    'geopf:format': edition.format?.code ?? null,
    'geopf:withdrawnAt': edition.withdrawnAt ? isoInstant(edition.withdrawnAt) : null,
    ...(edition.withdrawnAt ? { deprecated: true } : {}),
  };
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: ITEM_EXTENSIONS,
    id: edition.name,
    collection: edition.product,
    // Written by `stacJson` (the outline's text serialized once per zone).
    geometry: footprint && code ? footprintGeometry(code) : null,
    ...(footprint ? { bbox: footprint.bbox } : {}),
    properties,
    links,
    assets: files ? assetsOf(files) : {},
  };
}

/** The assets of an edition's files, keyed by file name. */
function assetsOf(files: readonly FileEntry[]): Record<string, unknown> {
  const assets: Record<string, unknown> = {};
  for (const file of files) {
    assets[file.name] = {
      href: file.url,
      title: file.title ?? file.name,
      ...(file.mediaType ? { type: file.mediaType } : {}),
      roles: [/\.md5$/i.test(file.name) ? 'metadata' : 'data'],
      ...(file.size !== null ? { 'file:size': file.size } : {}),
      ...(file.md5 ? { 'file:checksum': `d50110${file.md5}` } : {}),
    };
  }
  return assets;
}

// Private: the footprint's code of an upstream zone code (`D0971` is filed as D971).
function footprintCode(code: string): string {
  return /^D09\d\d$/.test(code) ? `D${code.slice(2)}` : code;
}

// Private: the item's datetime (see `stacItem`).
function datetimeOf(edition: IndexedEdition): string {
  if (edition.editionDate) return `${edition.editionDate}T00:00:00Z`;
  return isoInstant(edition.updated ?? edition.firstSeenAt);
}

/** An instant as RFC 3339 in UTC (`Z`); a text that is not one passes as it is. */
export function isoInstant(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}
