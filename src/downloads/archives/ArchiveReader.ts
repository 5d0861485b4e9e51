import type { RequestScope } from '../../upstream/client/GeopfClient';
import type { FileEntry } from '../../upstream/format/model';
import type { RangeAnswer } from '../../upstream/client/readRangeBody';
import { ArchiveError } from './ArchiveError';
import type { ArchiveContentsModel, ArchiveFormat } from './ArchiveContentsModel';
import { ByteSource } from './ByteSource';
import { ContentsCache } from './ContentsCache';
import { inThreadParsing, type HeaderParsing } from './HeaderParsing';
import type { RangeCache } from './RangeCache';
import { readSevenZipContents } from './readSevenZipContents';
import { readZipContents } from './readZipContents';
import { VolumeSet } from './VolumeSet';

/** Default of `GEOPF_ARCHIVE_HEADER_MAX_BYTES`: most bytes read (and decoded) for one table of contents. */
export const DEFAULT_ARCHIVE_HEADER_MAX_BYTES = 4 * 1024 * 1024;
/** Default of `GEOPF_ARCHIVE_MAX_ENTRIES`: most entries of one table of contents. */
export const DEFAULT_ARCHIVE_MAX_ENTRIES = 50_000;

/** The upstream's range read, as `GeopfClient.readRange` gives it. */
export type FileRangeReader = (file: FileEntry, start: number, length: number, scope: RequestScope) => Promise<RangeAnswer>;

export interface ArchiveReaderOptions {
  readRange: FileRangeReader;
  /** Most bytes read from the upstream for one archive, and largest decoded header. */
  maxHeaderBytes: number;
  /** Most entries of one table of contents (`GEOPF_ARCHIVE_MAX_ENTRIES`); default 50,000. */
  maxEntries?: number;
  /** Where headers are parsed and decoded: the process's `HeaderWorkers` in the server; the calling thread by default. */
  parsing?: HeaderParsing;
  /** Ranges already read, per process; none by default. */
  cache?: RangeCache | null;
  /** Tables of contents already parsed, per process; none by default. */
  contentsCache?: ContentsCache | null;
}

/**
 * Tables of contents of an edition's archives, read by HTTP Range requests (through the client, hence the
 * gate) without downloading them: a .zip's end, or a .7z's start and end headers, a split .7z's volumes
 * joined by their listed sizes; parsed by `parsing` (worker threads in the server), at most `maxEntries`
 * entries. Each archive is read and parsed once per operation however often it is asked (aliases,
 * representations: keyed by the scope's owner), and served from `contentsCache` by archive identity after
 * that. One per process.
 */
export class ArchiveReader {
  /** Per operation (its scope's owner), the tables of contents it asked for, by archive identity. */
  private readonly asked = new WeakMap<object, Map<string, Promise<ArchiveContentsModel>>>();
  /** Tables of contents read and parsed (not served from a memo or the cache) since start. */
  reads = 0;

  constructor(private readonly options: ArchiveReaderOptions) {}

  /** Most bytes read for one table of contents (`GEOPF_ARCHIVE_HEADER_MAX_BYTES`): with the volumes' sizes, it bounds the Range requests. */
  get maxHeaderBytes(): number {
    return this.options.maxHeaderBytes;
  }

  /** Most entries of one table of contents (also the most lines of an md5 companion). */
  get maxEntries(): number {
    return this.options.maxEntries ?? DEFAULT_ARCHIVE_MAX_ENTRIES;
  }

  /** The format a name implies, or null for a file that is not a readable archive (an `.md5`, a PDF…). */
  static formatOf(name: string): ArchiveFormat | null {
    if (/\.zip(\.\d{3})?$/i.test(name)) return 'ZIP';
    if (/\.7z(\.\d{3})?$/i.test(name)) return 'SEVEN_ZIP';
    return null;
  }

  /**
   * The table of contents of the archive made of `parts` (one file, or the volumes in order), or null when
   * its name is not a .zip or .7z. Throws `ArchiveError` (and `UpstreamError` for upstream faults).
   */
  async contents(parts: readonly FileEntry[], scope: RequestScope = {}): Promise<ArchiveContentsModel | null> {
    const format = parts[0] ? ArchiveReader.formatOf(parts[0].name) : null;
    if (format === null) return null;
    if (format === 'ZIP' && parts.length > 1) throw new ArchiveError('UNSUPPORTED', 'A zip split in volumes cannot be read.');
    const identity = ContentsCache.identity(parts);
    const owner = scope.owner;
    let memo = owner ? this.asked.get(owner) : undefined;
    if (owner && !memo) this.asked.set(owner, (memo = new Map<string, Promise<ArchiveContentsModel>>()));
    const asked = memo?.get(identity);
    if (asked) return asked;
    const reading = this.cachedOrRead(format, parts, identity, scope);
    memo?.set(identity, reading);
    return reading;
  }

  // Private: the table of contents from the cache (no request), else read and parsed, then cached.
  private async cachedOrRead(format: ArchiveFormat, parts: readonly FileEntry[], identity: string, scope: RequestScope): Promise<ArchiveContentsModel> {
    const cached = this.options.contentsCache?.get(identity);
    if (cached) return { ...cached, rangeRequests: 0, bytesRead: 0 };
    const read = await this.read(format, parts, scope);
    this.options.contentsCache?.set(identity, { format: read.format, entries: read.entries });
    return read;
  }

  // Private: reads the headers by range and parses them.
  private async read(format: ArchiveFormat, parts: readonly FileEntry[], scope: RequestScope): Promise<ArchiveContentsModel> {
    this.reads += 1;
    const volumes = new VolumeSet(parts.map((part) => part.size));
    let requests = 0;
    let bytesFetched = 0;
    const source = new ByteSource(
      volumes.size,
      async (offset, length) => {
        const slices = volumes.slices(offset, length);
        const pieces = await Promise.all(
          slices.map(async (slice) => {
            const file = parts[slice.volume] as FileEntry;
            const cached = this.options.cache?.get(file.url, slice.start, slice.length);
            if (cached) return cached;
            requests += 1;
            bytesFetched += slice.length;
            const answer = await this.options.readRange(file, slice.start, slice.length, scope);
            if (answer.kind === 'rangeIgnored') {
              throw new ArchiveError(
                'RANGE_IGNORED',
                `The upstream answered a Range request for ${file.name} with the whole file (HTTP ${answer.status}); reading stopped.`,
              );
            }
            this.options.cache?.set(file.url, slice.start, slice.length, answer.bytes);
            return answer.bytes;
          }),
        );
        return pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces);
      },
      this.options.maxHeaderBytes,
    );
    const options = {
      parsing: this.options.parsing ?? inThreadParsing,
      maxEntries: this.options.maxEntries ?? DEFAULT_ARCHIVE_MAX_ENTRIES,
      ...(scope.signal ? { signal: scope.signal } : {}),
    };
    const parsed = format === 'ZIP' ? await readZipContents(source, options) : await readSevenZipContents(source, this.options.maxHeaderBytes, options);
    return { ...parsed, rangeRequests: requests, bytesRead: bytesFetched };
  }
}
