import { ErrorCode, UpstreamError } from '../../core/errors';
import type { FileEntry } from '../../upstream/format/model';
import { fileRole } from './fileRole';

/** One line of an md5 companion compared with the listing (the GraphQL `ChecksumLine`). */
export interface ChecksumLineModel {
  fileName: string;
  md5: string;
  inlineMd5: string | null;
  agreement: 'AGREE' | 'DISAGREE' | 'NOT_LISTED';
}

/** The GraphQL `ChecksumReport`. */
export interface ChecksumReportModel {
  companion: FileEntry | null;
  lines: ChecksumLineModel[];
  allAgree: boolean | null;
}

/**
 * The lines of an md5sum-style file: `<32 hex>  <name>` or `<32 hex> *<name>` (binary mode), also the BSD
 * form `MD5 (<name>) = <32 hex>`. Paths are reduced to their last segment; blank and unreadable lines are
 * skipped (the companion's exact format is not documented upstream). More than `maxLines` checksum lines is
 * `UPSTREAM_BAD_RESPONSE` (an edition has a few hundred files at most; `GEOPF_ARCHIVE_MAX_ENTRIES`).
 */
export function parseMd5Lines(text: string, maxLines = Number.POSITIVE_INFINITY): Array<{ fileName: string; md5: string }> {
  const lines: Array<{ fileName: string; md5: string }> = [];
  for (const raw of text.split(/\r?\n/)) {
    if (lines.length >= maxLines && /[0-9a-fA-F]{32}/.test(raw)) {
      throw new UpstreamError(
        ErrorCode.UPSTREAM_BAD_RESPONSE,
        `The edition's md5 companion has more than ${maxLines} checksum lines (GEOPF_ARCHIVE_MAX_ENTRIES): it is not read.`,
        { call: 'download' },
      );
    }
    const line = raw.trim();
    const gnu = /^([0-9a-fA-F]{32})\s+\*?(.+)$/.exec(line);
    const bsd = /^MD5\s*\((.+)\)\s*=\s*([0-9a-fA-F]{32})$/.exec(line);
    const [md5, path] =
      gnu ? [gnu[1], gnu[2]]
      : bsd ? [bsd[2], bsd[1]]
      : [null, null];
    if (md5 && path) lines.push({ fileName: path.trim().split(/[\\/]/).pop() as string, md5: md5.toLowerCase() });
  }
  return lines;
}

/** Cross-checks a companion's lines (at most `maxLines`, see `parseMd5Lines`) with the listing's inline md5s. */
export function checksumReport(
  files: readonly FileEntry[],
  companion: FileEntry | null,
  companionText: string | null,
  maxLines = Number.POSITIVE_INFINITY,
): ChecksumReportModel {
  if (!companion || companionText === null) return { companion: null, lines: [], allAgree: null };
  const byName = new Map(files.map((file) => [file.name, file]));
  const lines: ChecksumLineModel[] = parseMd5Lines(companionText, maxLines).map(({ fileName, md5 }) => {
    const inlineMd5 = byName.get(fileName)?.md5 ?? null;
    return {
      fileName,
      md5,
      inlineMd5,
      agreement:
        inlineMd5 === null ? 'NOT_LISTED'
        : inlineMd5 === md5 ? 'AGREE'
        : 'DISAGREE',
    };
  });
  const covered = new Set(lines.map((line) => line.fileName));
  const dataFiles = files.filter((file) => ['DATA', 'PART'].includes(fileRole(file)));
  const allAgree = lines.every((line) => line.agreement === 'AGREE') && dataFiles.every((file) => covered.has(file.name));
  return { companion, lines, allAgree };
}

/** The edition's md5 companion: `{edition}.md5` (not `{archive}.md5`), else any single CHECKSUM file. */
export function findCompanion(files: readonly FileEntry[], editionName: string): FileEntry | null {
  const exact = files.find((file) => file.name === `${editionName}.md5`);
  if (exact) return exact;
  const checksums = files.filter((file) => fileRole(file) === 'CHECKSUM');
  return checksums.length === 1 ? (checksums[0] as FileEntry) : null;
}
