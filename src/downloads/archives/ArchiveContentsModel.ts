/** One entry of an archive's table of contents (the GraphQL `ArchiveEntry`). */
export interface ArchiveEntryModel {
  /** Path inside the archive, `/`-separated, as the archive stores it. */
  path: string;
  /** Uncompressed size in bytes; null when the header gives none. */
  size: number | null;
  /** Compressed size, when the format tells it for this entry alone (zip; 7z non-solid blocks). */
  compressedSize: number | null;
  /** CRC-32 as 8 hex digits; null when the archive stores none (directories, some empty files). */
  crc32: string | null;
  /** Modification time, RFC 3339 in UTC; null when the archive stores none. */
  modified: string | null;
  isDirectory: boolean;
}

/** Formats whose table of contents can be read. */
export type ArchiveFormat = 'ZIP' | 'SEVEN_ZIP';

/** The table of contents of an archive (the GraphQL `ArchiveContents`). */
export interface ArchiveContentsModel {
  format: ArchiveFormat;
  entries: ArchiveEntryModel[];
  /** Range requests sent to the upstream for it (0 when every range came from the cache). */
  rangeRequests: number;
  /** Bytes those requests asked for. */
  bytesRead: number;
}

/** What a format's parser returns: the entries (the cost is the reader's business). */
export interface ParsedContents {
  format: ArchiveFormat;
  entries: ArchiveEntryModel[];
}
