import type { AtomEntry } from './parseAtomFeed';
import { checkDownloadUrl, downloadRootOf } from './checkDownloadUrl';
import { UpstreamError } from '../../core/errors';
import { checkEntryName } from './checkEntryName';
import type { AtomLink, FileEntry, ResourceEntry, SubResourceEntry } from './model';

/**
 * Gives an Atom entry its meaning at each level of the upstream tree. Names come from the entry's `<id>` or
 * link (the last path segment), never from a display title; zone, format and date from their elements.
 * Names and download URLs are checked here (`checkEntryName`, `checkDownloadUrl`): an entry that fails is
 * refused alone (`Refusal`, its `UPSTREAM_BAD_RESPONSE` naming it), and keeps its place in its page as a typed
 * error while its siblings are answered; never silently dropped.
 */

/** An entry refused: the typed error that takes its place. */
export interface Refusal {
  refused: UpstreamError;
}

/** True for a refused entry. */
export function isRefusal(mapped: object): mapped is Refusal {
  return 'refused' in mapped;
}

/** A capabilities entry → a product. The `<title>` is a display title (`BD ORTHO®`), not the name. */
export function toResourceEntry(entry: AtomEntry): ResourceEntry | Refusal {
  const name = nameOf(entry, [entry.id, drillDownLink(entry)?.href], entry.title);
  const refused = checkEntryName(name, 'capabilities', 'a product');
  if (refused) return { refused };
  return {
    name,
    title: entry.title,
    description: entry.content,
    updated: entry.updated,
    zones: entry.zones,
    formats: entry.formats,
    crs: entry.categories,
  };
}

/** An entry of a product's feed → an edition. Exactly one zone is expected; the first one wins. */
export function toSubResourceEntry(entry: AtomEntry, resourceName: string): SubResourceEntry | Refusal {
  const name = nameOf(entry, [entry.id, drillDownLink(entry)?.href], entry.title);
  const refused = checkEntryName(name, 'resource', 'an edition');
  if (refused) return { refused };
  return {
    resourceName,
    name,
    title: entry.title,
    updated: entry.updated,
    editionDate: calendarDate(entry.editionDate),
    zone: entry.zones[0] ?? null,
    format: entry.formats[0] ?? null,
    crs: entry.categories[0] ?? null,
  };
}

/**
 * An entry of an edition's feed → a file. `<content>` is the file's MD5 here; the size is the namespaced
 * `gpf_dl:length`; split-archive volumes carry `rel="section"`. `fallbackUrl` builds a file's download URL
 * (`{base}/download/{resource}/{edition}/{file}`): used when the entry gives none, and its `download/`
 * root bounds the URL the entry gives.
 */
export function toFileEntry(entry: AtomEntry, resourceName: string, subResourceName: string, fallbackUrl: (fileName: string) => string): FileEntry | Refusal {
  const link = downloadLink(entry);
  const name = nameOf(entry, [link?.href, entry.id], entry.title);
  const refusedName = checkEntryName(name, 'subResource', 'a file');
  if (refusedName) return { refused: refusedName };
  const built = fallbackUrl(name);
  const given = link?.href ?? (isHttpUrl(entry.id) ? (entry.id as string) : null);
  let url = built;
  try {
    if (given !== null) url = checkDownloadUrl(given, downloadRootOf(built), name);
  } catch (error) {
    if (error instanceof UpstreamError) return { refused: error };
    throw error;
  }
  return {
    resourceName,
    subResourceName,
    name,
    title: entry.title,
    url,
    size: byteCount(link?.length ?? null),
    mediaType: link?.type ?? null,
    md5: md5Of(entry.content),
    contentMediaTypes: entry.mimeTypes,
    isArchiveVolume: link?.rel === 'section',
    updated: entry.updated,
  };
}

// Private: the link to a sub-feed (type Atom), else the first alternate one.
function drillDownLink(entry: AtomEntry): AtomLink | undefined {
  return entry.links.find((link) => link.type?.startsWith('application/atom+xml')) ?? entry.links.find((link) => link.rel === 'alternate');
}

// Private: the link that downloads the file: alternate, or section for a split-archive volume.
function downloadLink(entry: AtomEntry): AtomLink | undefined {
  return entry.links.find((link) => link.rel === 'alternate' || link.rel === 'section') ?? entry.links[0];
}

// Private: the last path segment of the first usable URL; the title only when no URL names the entry.
function nameOf(entry: AtomEntry, urls: Array<string | null | undefined>, title: string | null): string {
  for (const url of urls) {
    const segment = lastPathSegment(url);
    if (segment) return segment;
  }
  return title ?? entry.id ?? '';
}

// Private: the decoded last segment of `url`'s path. A dot segment as written (`…/resource/..`, `%2e%2e`) is
// returned as is, to be refused: the URL parser resolves it, which would name the entry after its parent.
function lastPathSegment(url: string | null | undefined): string | null {
  if (!url) return null;
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const written = decoded(
    url
      .replace(/[?#][\s\S]*$/, '')
      .split(/[/\\]/)
      .filter(Boolean)
      .pop() ?? '',
  );
  if (written === '.' || written === '..') return written;
  const segment = pathname.split('/').filter(Boolean).pop();
  return segment ? decoded(segment) : null;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isHttpUrl(value: string | null): boolean {
  return value !== null && /^https?:\/\//i.test(value);
}

function calendarDate(value: string | null): string | null {
  const match = value?.match(/^(\d{4}-\d{2}-\d{2})/);
  return match?.[1] ?? null;
}

function byteCount(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const bytes = Number(value);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

function md5Of(content: string | null): string | null {
  return content !== null && /^[0-9a-f]{32}$/i.test(content) ? content.toLowerCase() : null;
}
