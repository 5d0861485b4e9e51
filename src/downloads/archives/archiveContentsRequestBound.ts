/**
 * Reads of one archive's table of contents, at most (`readZipContents`: its end, a zip64 record, its directory;
 * `readSevenZipContents`: its start header, next header and packed header), each one Range request per volume it
 * touches.
 */
export const ARCHIVE_TABLE_READS = 3;

/**
 * The most Range requests reading the table of contents of an archive made of volumes of these listed sizes can
 * send, `maxHeaderBytes` (`GEOPF_ARCHIVE_HEADER_MAX_BYTES`) bounding the bytes its reads take together: each of
 * its `ARCHIVE_TABLE_READS` sends one request per volume it touches (empty volumes are skipped), and a read touching k
 * volumes spans the k - 2 between its ends whole. So at most `archiveReads` per volume, and at most 2 per read
 * plus one per smallest volume the header cap can span. A single file: `ARCHIVE_TABLE_READS`. What is reserved on the
 * operation's budget before the reads start (`File.contents`, `Archive.contents`).
 */
export function archiveContentsRequestBound(sizes: ReadonlyArray<number | null>, maxHeaderBytes: number): number {
  const reads = ARCHIVE_TABLE_READS;
  const volumes = sizes.filter((size) => size !== 0);
  if (volumes.length <= 1) return reads;
  const perVolume = reads * volumes.length;
  if (volumes.some((size) => size === null)) return perVolume;
  const smallest = Math.min(...(volumes as number[]));
  return Math.min(perVolume, 2 * reads + Math.floor(maxHeaderBytes / smallest));
}
