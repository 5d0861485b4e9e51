import { ArchiveError } from './ArchiveError';

/** Reads `length` bytes at `offset` of the archive (as one stream, volumes joined); one upstream request or more. */
export type RangeFetcher = (offset: number, length: number) => Promise<Uint8Array>;

/** What reading a table of contents cost. */
export interface ReadCost {
  /** Range requests sent (cache hits excluded, see `ArchiveReader`). */
  requests: number;
  /** Bytes asked for from the upstream. */
  bytesRead: number;
}

/**
 * An archive's bytes, read on demand by range, within a budget: every byte asked for counts, and a read that
 * would pass `maxBytes` fails with `HEADER_TOO_LARGE` before any request. Bytes already read are served again
 * without a request (a parser may look twice at the same structure).
 */
export class ByteSource {
  private readonly chunks: Array<{ start: number; bytes: Uint8Array }> = [];
  private spent = 0;

  constructor(
    /** Size of the archive (all volumes together), from the listing. */
    readonly size: number,
    private readonly fetch: RangeFetcher,
    private readonly maxBytes: number,
  ) {}

  /** Bytes asked for so far. */
  get bytesRead(): number {
    return this.spent;
  }

  /**
   * Exactly `length` bytes at `offset`. `readAheadBefore` widens the request backwards (within the budget),
   * when the caller expects to need the bytes just before (a 7z packed header lies before its stub).
   */
  async read(offset: number, length: number, readAheadBefore = 0): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new ArchiveError('CORRUPT', `The archive header points outside the archive (bytes ${offset}+${length} of ${this.size}).`);
    }
    const held = this.held(offset, length);
    if (held) return held;
    if (this.spent + length > this.maxBytes) {
      throw new ArchiveError(
        'HEADER_TOO_LARGE',
        `Reading this archive's table of contents needs more than ${this.maxBytes} bytes (GEOPF_ARCHIVE_HEADER_MAX_BYTES).`,
      );
    }
    const before = Math.max(0, Math.min(readAheadBefore, offset, this.maxBytes - this.spent - length));
    const start = offset - before;
    this.spent += length + before;
    const bytes = await this.fetch(start, length + before);
    if (bytes.length !== length + before) {
      throw new ArchiveError('CORRUPT', `The upstream sent ${bytes.length} bytes for a range of ${length + before}.`);
    }
    this.chunks.push({ start, bytes });
    return bytes.subarray(before);
  }

  // Private: the bytes when one chunk already read holds them all.
  private held(offset: number, length: number): Uint8Array | null {
    for (const chunk of this.chunks) {
      if (offset >= chunk.start && offset + length <= chunk.start + chunk.bytes.length) {
        return chunk.bytes.subarray(offset - chunk.start, offset - chunk.start + length);
      }
    }
    return null;
  }
}
