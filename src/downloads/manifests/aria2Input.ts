import type { FileEntry } from '../../upstream/format/model';
import { aria2OutPath, safeDownloadUrl } from './safeFileName';

/**
 * An aria2c input file (`aria2c -i`) for `files`: each URL on its own line, then its options indented:
 * `out=` (a checked file name, `aria2OutPath`) and `checksum=md5=…` when the file has an md5. aria2c verifies the checksum
 * after the download and resumes a partial file (`-c`). `title` names what the files are (one line); with
 * `inEditionFolders`, each `out=` is `EDITION/NAME`: many editions, each in a folder of its own.
 */
export function aria2Input(title: string, files: readonly FileEntry[], inEditionFolders = false): string {
  const lines = [`# ${files.length} files of ${title.replace(/[\r\n\u2028\u2029]/g, ' ')}: aria2c -c -i THIS_FILE`];
  for (const file of files) {
    lines.push(safeDownloadUrl(file.url), `  out=${aria2OutPath(file, inEditionFolders)}`);
    if (file.md5 !== null && /^[0-9a-f]{32}$/.test(file.md5)) lines.push(`  checksum=md5=${file.md5}`);
  }
  lines.push('');
  return lines.join('\n');
}
