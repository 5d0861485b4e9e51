import type { FileEntry } from '../../upstream/format/model';
import { manifestPath, safeDownloadUrl } from './safeFileName';

/**
 * A Metalink 4 document (RFC 5854, `application/metalink4+xml`) for `files`: per file its name, size, md5
 * (`<hash type="md5">`) and URL, so `aria2c -M` verifies each file and resumes interrupted ones. Names and
 * URLs are checked (see `safeFileName`), and all text is XML-escaped. With `inEditionFolders`, each name is
 * `EDITION/NAME`: the files of many editions, each edition in a folder of its own.
 */
export function metalink(files: readonly FileEntry[], inEditionFolders = false): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metalink xmlns="urn:ietf:params:xml:ns:metalink">',
    '  <generator>geopf-download-subgraph</generator>',
  ];
  for (const file of files) {
    lines.push(`  <file name="${escapeXml(manifestPath(file, inEditionFolders))}">`);
    if (file.size !== null) lines.push(`    <size>${file.size}</size>`);
    if (file.md5 !== null && /^[0-9a-f]{32}$/.test(file.md5)) lines.push(`    <hash type="md5">${file.md5}</hash>`);
    lines.push(`    <url>${escapeXml(safeDownloadUrl(file.url))}</url>`, '  </file>');
  }
  lines.push('</metalink>', '');
  return lines.join('\n');
}

/** Text safe in XML content and in double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
