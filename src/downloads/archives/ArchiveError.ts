import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../core/errors';

/** Why an archive's table of contents could not be read (`extensions.archive.reason`). */
export type ArchiveErrorReason =
  /** The upstream answered a Range request with the whole file (200): reading stopped at once. */
  | 'RANGE_IGNORED'
  /** The header (or the bytes needed to reach it) exceeds `GEOPF_ARCHIVE_HEADER_MAX_BYTES`. */
  | 'HEADER_TOO_LARGE'
  /** Wrong magic, a checksum mismatch, counts or offsets out of bounds, a truncated structure. */
  | 'CORRUPT'
  /** A valid archive using something this reader does not decode (encrypted header, multi-disk zip…). */
  | 'UNSUPPORTED'
  /** A split archive with a missing volume, or a volume without a size: volume boundaries are unknown. */
  | 'INCOMPLETE'
  /** The table of contents holds more entries than `GEOPF_ARCHIVE_MAX_ENTRIES`: refused before it is parsed whole. */
  | 'TOO_MANY_ENTRIES';

/** A table of contents that cannot be read; thrown from `contents` only, coded `ARCHIVE_UNREADABLE`. */
export class ArchiveError extends GraphQLError {
  readonly reason: ArchiveErrorReason;

  constructor(reason: ArchiveErrorReason, message: string) {
    super(message, { extensions: { code: ErrorCode.ARCHIVE_UNREADABLE, archive: { reason } } });
    this.name = 'ArchiveError';
    this.reason = reason;
  }
}

/** The table of contents of `count` entries (at least) is over `maxEntries`. */
export function tooManyEntries(count: number, maxEntries: number): ArchiveError {
  return new ArchiveError(
    'TOO_MANY_ENTRIES',
    `The archive lists ${count} entries, more than the ${maxEntries} a table of contents may hold here (GEOPF_ARCHIVE_MAX_ENTRIES).`,
  );
}

/** Shorthand for the commonest fault: a header that does not hold together. */
export function corrupt(message: string): ArchiveError {
  return new ArchiveError('CORRUPT', `The archive header is corrupt: ${message}.`);
}
