import { listingPath } from '../upstream/format/listingPath';
import type { AtomEntry } from '../upstream/format/parseAtomFeed';
import { downloadLink, entryName } from './entryName';
import type { Exchange, Listing, ProbeSession } from './ProbeSession';
import { MAX_EDITIONS_TRIED, ORDER_TARGETS, type ListingTarget } from './targets';

/** Bytes asked of an archive with `Range`: enough to show its signature (`7z¼¯'` or `PK`). */
export const RANGE_BYTES = 16;
/** Most bytes read of an `.md5` companion (133–151 bytes upstream). */
export const MAX_COMPANION_BYTES = 4096;

/** One product listing filtered by a zone and a format, chosen from what the product lists. */
export interface OrderSample {
  target: ListingTarget;
  /** The listing the zone and format were chosen from (filtered by the target's zone, if any). */
  discovery: Listing;
  /** The zone and format chosen: those with the most edition dates on the discovery page; null when none. */
  filter: { zone: string; format: string } | null;
  /** The listing filtered by both; null when no filter could be chosen. */
  filtered: Listing | null;
}

/** A file of an edition, as its listing gives it. */
export interface ListedFile {
  name: string;
  /** `gpf_dl:length`, when it is a byte count. */
  length: number | null;
  type: string | null;
}

/** An edition's file listing, read to find download targets. */
export interface EditionFiles {
  resource: string;
  edition: string;
  listing: Listing;
  files: ListedFile[];
}

/** What the download checks use: an archive of some edition, and an `.md5` companion of some edition. */
export interface DownloadTargets {
  archive: { edition: EditionFiles; file: ListedFile } | null;
  companion: { edition: EditionFiles; file: ListedFile } | null;
  /** The file listings read to find them. */
  read: EditionFiles[];
  /** Why something was not found, for "could not tell". */
  note: string;
}

/**
 * What several checks share: the listings and downloads discovered once per run (each read at most once), on top
 * of the session. Every method is memoised, its failure (a `ProbeStopped`) included.
 */
export class ProbeContext {
  constructor(readonly session: ProbeSession) {}

  /** `GET capabilities?limit=50&page=1`: the first request of a run, the one telling whether the upstream answers. */
  readonly capabilities = once(() => this.session.listing('capabilities', listingPath(['capabilities'], {}, 1)));

  /** One sample per `ORDER_TARGETS` entry, each costing 1 or 2 listings. */
  readonly orderSamples = once(async (): Promise<OrderSample[]> => {
    const samples: OrderSample[] = [];
    for (const target of ORDER_TARGETS) samples.push(await this.sample(target));
    return samples;
  });

  /**
   * The first target's editions, oldest first, have their files read (at most `MAX_EDITIONS_TRIED`) until one
   * lists an archive and one an `.md5` companion: old editions keep their companion, the latest often has none.
   */
  readonly downloadTargets = once(async (): Promise<DownloadTargets> => {
    const [first] = await this.orderSamples();
    const source = first?.filtered?.feed ? first.filtered : first?.discovery;
    if (!first || !source?.feed)
      return { archive: null, companion: null, read: [], note: `no listing of ${first?.target.resource ?? 'a product'} to take editions from` };
    const resource = first.target.resource;
    const editions = uniqueOldestFirst(source.feed.entries);
    const targets: DownloadTargets = { archive: null, companion: null, read: [], note: '' };
    for (const edition of editions.slice(0, MAX_EDITIONS_TRIED)) {
      const listing = await this.session.listing('subResource', listingPath(['resource', resource, edition], {}, 1));
      const files = (listing.feed?.entries ?? []).map(listedFile);
      const read: EditionFiles = { resource, edition, listing, files };
      targets.read.push(read);
      const archive = archiveOf(files, edition);
      if (!targets.archive && archive) targets.archive = { edition: read, file: archive };
      const companion = files.find((file) => file.name === `${edition}.md5`);
      if (!targets.companion && companion) targets.companion = { edition: read, file: companion };
      if (targets.archive && targets.companion) break;
    }
    const tried = `${targets.read.length} edition(s) of ${resource} read (${targets.read.map((read) => read.edition).join(', ') || 'none'})`;
    targets.note =
      !targets.archive ? `no archive among the files of ${tried}`
      : !targets.companion ? `no {edition}.md5 companion among the files of ${tried}`
      : '';
    return targets;
  });

  /** `HEAD` of the archive; null without an archive. */
  readonly archiveHead = once(async (): Promise<Exchange | null> => {
    const { archive } = await this.downloadTargets();
    return archive ? this.session.download('HEAD', downloadPath(archive.edition, archive.file), 0) : null;
  });

  /** `GET` of the archive's first `RANGE_BYTES` bytes, uncompressed; null without an archive. */
  readonly archiveRange = once(async (): Promise<Exchange | null> => {
    const { archive } = await this.downloadTargets();
    if (!archive) return null;
    const headers = { range: `bytes=0-${RANGE_BYTES - 1}`, 'accept-encoding': 'identity' };
    return this.session.download('GET', downloadPath(archive.edition, archive.file), RANGE_BYTES, headers);
  });

  /** `GET` of the `.md5` companion (a few hundred bytes at most read); null without one. */
  readonly companionText = once(async (): Promise<Exchange | null> => {
    const { companion } = await this.downloadTargets();
    return companion ? this.session.download('GET', downloadPath(companion.edition, companion.file), MAX_COMPANION_BYTES) : null;
  });

  // Private: the discovery listing, the zone and format with the most edition dates on it, and that listing.
  private async sample(target: ListingTarget): Promise<OrderSample> {
    const segments = ['resource', target.resource];
    const discovery = await this.session.listing('resource', listingPath(segments, target.zone ? { zone: target.zone } : {}, 1));
    const filter = discovery.feed ? busiestZoneAndFormat(discovery.feed.entries, target.zone) : null;
    const filtered = filter ? await this.session.listing('resource', listingPath(segments, filter, 1)) : null;
    return { target, discovery, filter, filtered };
  }
}

/** `download/{resource}/{edition}/{file}`, each name one encoded segment, as the client builds it. */
export function downloadPath(edition: EditionFiles, file: ListedFile): string {
  return ['download', edition.resource, edition.edition, file.name].map(encodeURIComponent).join('/');
}

// Private: memoises an async function of no argument, its rejection included.
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= run());
}

// Private: the (zone, format) pair whose entries carry the most distinct edition dates; the first seen on ties.
function busiestZoneAndFormat(entries: readonly AtomEntry[], zone: string | undefined): { zone: string; format: string } | null {
  const dates = new Map<string, { zone: string; format: string; dates: Set<string> }>();
  for (const entry of entries) {
    const entryZone = entry.zones[0]?.code;
    const format = entry.formats[0]?.code;
    if (!entryZone || !format || (zone !== undefined && entryZone !== zone)) continue;
    const key = `${entryZone}\u0000${format}`;
    const group = dates.get(key) ?? { zone: entryZone, format, dates: new Set<string>() };
    if (entry.editionDate) group.dates.add(entry.editionDate);
    dates.set(key, group);
  }
  let best: { zone: string; format: string; dates: Set<string> } | null = null;
  for (const group of dates.values()) if (!best || group.dates.size > best.dates.size) best = group;
  return best ? { zone: best.zone, format: best.format } : null;
}

// Private: edition names, oldest edition date first (undated last), each once.
function uniqueOldestFirst(entries: readonly AtomEntry[]): string[] {
  const dated = entries.map((entry, index) => ({ name: entryName(entry, 'resource'), date: entry.editionDate ?? '\uffff', index }));
  dated.sort((a, b) =>
    a.date < b.date ? -1
    : a.date > b.date ? 1
    : a.index - b.index,
  );
  return [...new Set(dated.map((edition) => edition.name))];
}

// Private: a file entry's name, size and type.
function listedFile(entry: AtomEntry): ListedFile {
  const link = downloadLink(entry);
  const length = link?.length && /^\d+$/.test(link.length) ? Number(link.length) : null;
  return { name: entryName(entry, 'subResource'), length: length !== null && Number.isSafeInteger(length) ? length : null, type: link?.type ?? null };
}

// Private: `{edition}.7z`, else another archive, else the first data file with a size (never the companion).
function archiveOf(files: readonly ListedFile[], edition: string): ListedFile | null {
  const data = files.filter((file) => !file.name.toLowerCase().endsWith('.md5') && file.length !== null && file.length > 0);
  return data.find((file) => file.name === `${edition}.7z`) ?? data.find((file) => /\.(7z|zip)(\.001)?$/i.test(file.name)) ?? data[0] ?? null;
}
