import type { FakeEdition, FakeFile, FakeResource, FakeTerm } from './catalogue';
import { resourceFacets } from './catalogue';

/** The `gpf_dl` namespace URI upstream declares. */
export const GPF_DL_NS = 'https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd';
/** The Atom namespace (default namespace of every feed). */
export const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** The GeoRSS namespace, declared on the root although no element uses it. */
export const GEORSS_NS = 'http://www.georss.org/georss';

/** Title of the capabilities feed (unknown upstream; the samples' invented text). */
export const CAPABILITIES_TITLE = 'Géoplateforme - service de téléchargement';

/** The paging numbers written as `gpf_dl:*` attributes of `<feed>`. */
export interface FeedPaging {
  page: number;
  pageSize: number;
  pageCount: number;
  totalEntries: number;
}

/** Escapes the five XML special characters, for text and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Private: replacement of each special character. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** `{base}/resource/{NAME}` with the name percent-encoded. */
export function resourceUrl(base: string, name: string): string {
  return `${base}/resource/${encodeURIComponent(name)}`;
}

/** `{base}/resource/{NAME}/{SUB}` with each segment percent-encoded. */
export function subResourceUrl(base: string, name: string, sub: string): string {
  return `${resourceUrl(base, name)}/${encodeURIComponent(sub)}`;
}

/** `{base}/download/{NAME}/{SUB}/{FILE}` with each segment percent-encoded. */
export function downloadUrl(base: string, name: string, sub: string, file: string): string {
  return `${base}/download/${[name, sub, file].map(encodeURIComponent).join('/')}`;
}

/** Private: `<feed …>` with title and updated, then the entries, on one line. */
function feed(paging: FeedPaging, title: string, updated: string, entries: string[]): string {
  const root =
    `<feed xmlns:georss="${GEORSS_NS}" xmlns:gpf_dl="${GPF_DL_NS}" xmlns="${ATOM_NS}" xml:lang="en"` +
    ` gpf_dl:page="${paging.page}" gpf_dl:pagesize="${paging.pageSize}"` +
    ` gpf_dl:pagecount="${paging.pageCount}" gpf_dl:totalentries="${paging.totalEntries}">`;
  return (
    `<?xml version='1.0' encoding='UTF-8' standalone='yes'?>${root}` +
    `<title>${escapeXml(title)}</title><updated>${escapeXml(updated)}</updated>${entries.join('')}</feed>`
  );
}

/** Private: `<{tag} term label/>`. */
function termElement(tag: string, t: FakeTerm): string {
  return `<${tag} term="${escapeXml(t.term)}" label="${escapeXml(t.label)}"/>`;
}

/**
 * Private: an `<entry>`. Entries at odd positions put `<id>` first and `<updated>` last, so that parsers
 * relying on child order break in tests as they would on real feeds.
 */
function entry(position: number, head: { title: string; link: string; id: string; updated?: string }, rest: string[]): string {
  const title = `<title>${escapeXml(head.title)}</title>`;
  const id = `<id>${escapeXml(head.id)}</id>`;
  const updated = head.updated === undefined ? '' : `<updated>${escapeXml(head.updated)}</updated>`;
  const children = position % 2 === 0 ? [title, head.link, id, updated, ...rest] : [id, title, head.link, ...rest, updated];
  return `<entry>${children.join('')}</entry>`;
}

/** Private: the drill-down link of capabilities and resource entries. */
function atomLink(href: string): string {
  return `<link href="${escapeXml(href)}" rel="alternate" type="application/atom+xml"/>`;
}

/**
 * GetCapabilities: one entry per product with its drill-down link, and its CRS (`category`), zones and formats
 * derived from its editions; `<content>` when it has a description. `offset` = position of the first entry.
 */
export function capabilitiesFeed(base: string, paging: FeedPaging, resources: readonly FakeResource[], updated: string, offset = 0): string {
  const entries = resources.map((r, i) => {
    const facets = resourceFacets(r);
    const url = resourceUrl(base, r.name);
    return entry(offset + i, { title: r.title, link: atomLink(url), id: url, updated: r.updated }, [
      ...facets.crs.map((t) => termElement('category', t)),
      ...facets.zones.map((t) => termElement('gpf_dl:zone', t)),
      ...facets.formats.map((t) => termElement('gpf_dl:format', t)),
      ...(r.description === null ? [] : [`<content>${escapeXml(r.description)}</content>`]),
    ]);
  });
  return feed(paging, CAPABILITIES_TITLE, updated, entries);
}

/** GetResource: the feed titled with the product's display title, one entry per edition; null facets omitted. */
export function resourceFeed(base: string, resource: FakeResource, paging: FeedPaging, editions: readonly FakeEdition[], offset = 0): string {
  const entries = editions.map((e, i) => {
    const url = subResourceUrl(base, resource.name, e.name);
    return entry(offset + i, { title: e.name, link: atomLink(url), id: url, updated: e.updated }, [
      ...(e.crs === null ? [] : [termElement('category', e.crs)]),
      ...(e.zone === null ? [] : [termElement('gpf_dl:zone', e.zone)]),
      ...(e.format === null ? [] : [termElement('gpf_dl:format', e.format)]),
      ...(e.editionDate === null ? [] : [`<gpf_dl:editionDate>${escapeXml(e.editionDate)}</gpf_dl:editionDate>`]),
    ]);
  });
  return feed(paging, resource.title, resource.updated, entries);
}

/**
 * GetSubResource: the feed titled with the edition name, one entry per file: download link with the namespaced
 * `gpf_dl:length`, `<id>` = download URL, MD5 in `<content>`, `<gpf_dl:mime_type>` per payload type.
 */
export function subResourceFeed(
  base: string,
  resource: FakeResource,
  edition: FakeEdition,
  paging: FeedPaging,
  files: readonly FakeFile[],
  offset = 0,
): string {
  const entries = files.map((f, i) => {
    const url = downloadUrl(base, resource.name, edition.name, f.name);
    const link = `<link href="${escapeXml(url)}" rel="${f.rel}" type="${escapeXml(f.type)}" gpf_dl:length="${f.length}"/>`;
    return entry(offset + i, { title: f.name, link, id: url, ...(f.updated === undefined ? {} : { updated: f.updated }) }, [
      `<content>${escapeXml(f.md5)}</content>`,
      ...f.mimeTypes.map((m) => `<gpf_dl:mime_type>${escapeXml(m)}</gpf_dl:mime_type>`),
    ]);
  });
  return feed(paging, edition.name, edition.updated, entries);
}
