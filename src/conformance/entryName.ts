import type { AtomEntry } from '../upstream/format/parseAtomFeed';
import type { ListingCall } from './ProbeSession';

/**
 * The name the subgraph gives an entry of a listing at `call`'s level, found as `toModel` finds it: the last
 * path segment of the entry's `<id>` or drill-down link (of its download link, for a file), decoded; the
 * `<title>` only when no URL names it. Unchecked: the checks want to see names `checkEntryName` refuses.
 */
export function entryName(entry: AtomEntry, call: ListingCall): string {
  const urls =
    call === 'subResource' ?
      [downloadLink(entry)?.href, entry.id]
    : [entry.id, (entry.links.find((link) => link.type?.startsWith('application/atom+xml')) ?? entry.links.find((link) => link.rel === 'alternate'))?.href];
  for (const url of urls) {
    const segment = lastPathSegment(url);
    if (segment) return segment;
  }
  return entry.title ?? entry.id ?? '';
}

/** The link that downloads a file entry: `alternate`, or `section` for a volume of a split archive. */
export function downloadLink(entry: AtomEntry): AtomEntry['links'][number] | undefined {
  return entry.links.find((link) => link.rel === 'alternate' || link.rel === 'section') ?? entry.links[0];
}

// Private: the decoded last segment of an absolute URL's path; null when there is none.
function lastPathSegment(url: string | null | undefined): string | null {
  if (!url) return null;
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const segment = pathname.split('/').filter(Boolean).pop();
  if (!segment) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
