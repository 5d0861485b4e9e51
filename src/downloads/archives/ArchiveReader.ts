import type { RequestScope } from '../../upstream/client/GeopfClient';
import type { FileEntry } from '../../upstream/format/model';
import type { RangeAnswer } from '../../upstream/client/readRangeBody';
import { ArchiveError } from './ArchiveError';
import type { ArchiveContentsModel, ArchiveFormat } from './ArchiveContentsModel';
import { ByteSource } from './ByteSource';
import type { RangeCache } from './RangeCache';
import { readSevenZipContents } from './readSevenZipContents';
import { readZipContents } from './readZipContents';
import { VolumeSet } from './VolumeSet';

/** Default of `GEOPF_ARCHIVE_HEADER_MAX_BYTES`: most bytes read (and decoded) for one table of contents. */
export const DEFAULT_ARCHIVE_HEADER_MAX_BYTES = 4 * 1024 * 1024;

/** The upstream's range read, as `GeopfClient.readRange` gives it. */
export type FileRangeReader = (file: FileEntry, start: number, length: number, scope: RequestScope) => Promise<RangeAnswer>;

export interface ArchiveReaderOptions {
  readRange: FileRangeReader;
  /** Most bytes read from the upstream for one archive, and largest decoded header. */
  maxHeaderBytes: number;
  /** Ranges already read, per process; none by default. */
  cache?: RangeCache | null;
}

/**
 * Tables of contents of an edition's archives, read by HTTP Range requests (through the client, hence the
 * gate) without downloading them: a .zip's end, or a .7z's start and end headers, a split .7z's volumes
 * joined by their listed sizes. One per process.
 */
export class ArchiveReader {
  constructor(private readonly options: ArchiveReaderOptions) {}

  /** Most bytes read for one table of contents (`GEOPF_ARCHIVE_HEADER_MAX_BYTES`): with the volumes' sizes, it bounds the Range requests. */
  get maxHeaderBytes(): number {
    return this.options.maxHeaderBytes;
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
    const parsed = format === 'ZIP' ? await readZipContents(source) : await readSevenZipContents(source, this.options.maxHeaderBytes, scope.signal);
    return { ...parsed, rangeRequests: requests, bytesRead: bytesFetched };
  }
}
