import type { FakeEdition, FakeFile, FakeResource, FakeTerm } from './catalogue';
import { resourceFacets } from './catalogue';
import { downloadUrl, resourceUrl, subResourceUrl } from './atomFeed';
import type { FeedPaging } from './atomFeed';

/** A `link[]` item of the JSON representation; `length` only on files. */
export interface JsonLink {
  href: string;
  rel: string;
  type: string;
  length?: number;
}

/** An `entry[]` item: only keys real JSON clients are known to read; empty arrays and nulls are omitted. */
export interface JsonEntry {
  title: string;
  id: string;
  link: JsonLink[];
  zone?: FakeTerm[];
  format?: FakeTerm[];
  category?: FakeTerm[];
  editionDate?: string;
}

/** The JSON representation upstream serves to `Accept: application/json` (samples/resource-BDORTHO-page1-limit2.json). */
export interface JsonFeed {
  pagecount: number;
  totalentries: number;
  entry: JsonEntry[];
}

/** Private: adds the facet arrays that are not empty. */
function withFacets(entry: JsonEntry, facets: { zone: FakeTerm[]; format: FakeTerm[]; category: FakeTerm[] }): JsonEntry {
  if (facets.zone.length > 0) entry.zone = facets.zone;
  if (facets.format.length > 0) entry.format = facets.format;
  if (facets.category.length > 0) entry.category = facets.category;
  return entry;
}

/** Private: the root object. */
function jsonFeed(paging: FeedPaging, entry: JsonEntry[]): JsonFeed {
  return { pagecount: paging.pageCount, totalentries: paging.totalEntries, entry };
}

/** Private: a drill-down link. */
function atomLink(href: string): JsonLink {
  return { href, rel: 'alternate', type: 'application/atom+xml' };
}

/** GetCapabilities as JSON. */
export function capabilitiesJson(base: string, paging: FeedPaging, resources: readonly FakeResource[]): JsonFeed {
  return jsonFeed(
    paging,
    resources.map((r) => {
      const url = resourceUrl(base, r.name);
      const f = resourceFacets(r);
      return withFacets({ title: r.title, id: url, link: [atomLink(url)] }, { zone: f.zones, format: f.formats, category: f.crs });
    }),
  );
}

/** GetResource as JSON. */
export function resourceJson(base: string, resource: FakeResource, paging: FeedPaging, editions: readonly FakeEdition[]): JsonFeed {
  return jsonFeed(
    paging,
    editions.map((e) => {
      const url = subResourceUrl(base, resource.name, e.name);
      const entry = withFacets(
        { title: e.name, id: url, link: [atomLink(url)] },
        { zone: e.zone ? [e.zone] : [], format: e.format ? [e.format] : [], category: e.crs ? [e.crs] : [] },
      );
      if (e.editionDate !== null) entry.editionDate = e.editionDate;
      return entry;
    }),
  );
}

/** GetSubResource as JSON: `link[].length` carries the size. */
export function subResourceJson(base: string, resource: FakeResource, edition: FakeEdition, paging: FeedPaging, files: readonly FakeFile[]): JsonFeed {
  return jsonFeed(
    paging,
    files.map((f) => {
      const url = downloadUrl(base, resource.name, edition.name, f.name);
      return { title: f.name, id: url, link: [{ href: url, rel: f.rel, type: f.type, length: f.length }] };
    }),
  );
}
