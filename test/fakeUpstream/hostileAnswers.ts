import { capabilitiesFeed, resourceFeed, subResourceFeed } from './atomFeed';
import type { FakeEdition, FakeFile, FakeResource } from './catalogue';
import type { Fault } from './FakeGeopfServer';

/**
 * What a hostile or compromised upstream (or anything between us and it) answers, as `Fault`s for
 * `FakeGeopfServer.setFault`: feeds in the real Atom format carrying hostile names, URLs or totals, XML
 * bombs of nesting, attributes or namespace declarations, redirects and absurd `Retry-After`s.
 */

/**
 * Names that would run a command, or break a line, in a shell script or an md5sum file, if written unquoted:
 * those holding a control character, a backslash, or a dot segment are refused (`nameProblem`); the others are
 * names, served as data and quoted at every sink.
 */
export const HOSTILE_NAMES: readonly string[] = [
  'x\nMD5\ntouch pwned',
  'E\ntouch pwned',
  "it'$(touch pwned)'",
  '`touch pwned`',
  'a;touch pwned',
  '-rf',
  '..',
  'a\\b',
  'tab\there',
  'esc\u001b[31m',
  '$HOME',
];

/** Bases of download links outside the upstream's `download/` path (`{base}/download/…` is appended). */
export function hostileLinkBases(realBase: string): string[] {
  const real = new URL(realBase);
  return [
    'file:///etc',
    'javascript:alert(1)//',
    'https://evil.example/telechargement',
    `${real.protocol === 'http:' ? 'https:' : 'http:'}//${real.host}${real.pathname}`,
    `${real.protocol}//user:pw@${real.host}${real.pathname}`,
    `${realBase}/..`,
  ];
}

/** A one-page feed of an edition whose one file is named `fileName`, its link under `linkBase`. */
export function fileFeed(linkBase: string, fileName: string, resourceName = 'R', editionName = 'E'): string {
  return filesFeed(linkBase, [fileName], resourceName, editionName);
}

/** A one-page feed of an edition whose files are named `fileNames`, in that order, their links under `linkBase`. */
export function filesFeed(linkBase: string, fileNames: readonly string[], resourceName = 'R', editionName = 'E'): string {
  const files: FakeFile[] = fileNames.map((name) => ({
    name,
    length: 10,
    md5: '0123456789abcdef0123456789abcdef',
    type: 'application/x-7z-compressed',
    rel: 'alternate',
    mimeTypes: [],
  }));
  return subResourceFeed(linkBase, resource(resourceName, [edition(editionName, files)]), edition(editionName, files), paging(files.length), files);
}

/** A one-page feed of a product whose one edition is named `editionName`. */
export function editionFeed(base: string, editionName: string, resourceName = 'R'): string {
  const product = resource(resourceName, [edition(editionName, [])]);
  return resourceFeed(base, product, paging(1), product.editions);
}

/** A capabilities page of one product named `name`, claiming `totalEntries` (any text, e.g. `1e21`). */
export function capabilitiesFeedClaiming(base: string, name: string, totalEntries: string): string {
  return capabilitiesFeed(base, paging(1), [resource(name, [])], '2025-01-01T00:00:00+01:00').replace(
    /gpf_dl:totalentries="\d+"/,
    `gpf_dl:totalentries="${totalEntries}"`,
  );
}

/** A capabilities feed whose first entry holds `count` nested elements (`<a><a>…</a></a>`, 7 bytes each). */
export function deeplyNestedFeed(count: number): string {
  return feedAround(`<entry><id>https://h/resource/X</id>${'<a>'.repeat(count)}${'</a>'.repeat(count)}</entry>`);
}

/** A capabilities feed whose entry carries `count` attributes on one element. */
export function manyAttributesFeed(count: number): string {
  return feedAround(`<entry><id>https://h/resource/X</id><x ${Array.from({ length: count }, (_, index) => `a${index}="1"`).join(' ')}/></entry>`);
}

/** A capabilities feed whose entry declares `count` namespaces, one per element (16 bytes each). */
export function manyNamespacesFeed(count: number): string {
  return feedAround(`<entry><id>https://h/resource/X</id>${'<x xmlns:a="u"/>'.repeat(count)}</entry>`);
}

/** A redirect to `location`. */
export function redirectTo(location: string, status = 302): Fault {
  return { status, body: '', contentType: 'text/plain', headers: { location } };
}

/** A 429 asking for a pause of `retryAfter` (seconds or an HTTP date, as sent). */
export function rateLimitedFor(retryAfter: string): Fault {
  return { status: 429, body: 'erreur HTML 429', contentType: 'text/html;charset=UTF-8', headers: { 'retry-after': retryAfter } };
}

// Private: a well-formed capabilities feed of one entry written by the caller.
function feedAround(entry: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:gpf_dl="https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd" ` +
    `gpf_dl:page="1" gpf_dl:pagesize="50" gpf_dl:pagecount="1" gpf_dl:totalentries="1"><title>t</title>${entry}</feed>`
  );
}

function paging(totalEntries: number) {
  return { page: 1, pageSize: 50, pageCount: 1, totalEntries };
}

function edition(name: string, files: FakeFile[]): FakeEdition {
  return { name, updated: '2025-01-01T00:00:00+01:00', editionDate: '2025-01-01', zone: null, format: null, crs: null, lang: 'fre', bbox: [0, 0, 1, 1], files };
}

function resource(name: string, editions: FakeEdition[]): FakeResource {
  return { name, title: name, description: null, updated: '2025-01-01T00:00:00+01:00', thematic: [], editions };
}
