import type { FileEntry } from '../../upstream/format/model';
import { sumSizes } from './archives';
import { fileRole } from './fileRole';
import { shellQuote } from './shellQuote';

/** The GraphQL `DownloadPlan`. */
export interface DownloadPlanModel {
  files: FileEntry[];
  totalSize: number | null;
  urls: string;
  md5sum: string;
  script: string;
}

const ORDER = { CHECKSUM: 0, DATA: 1, PART: 1, DOCUMENTATION: 2, METADATA: 2 } as const;

/** Options of every `curl` line: fail on HTTP errors, follow redirects on http(s) only, resume, retry. */
export const CURL_OPTIONS: readonly string[] = [
  '-fL',
  '--proto',
  '=https,http',
  '--proto-redir',
  '=https,http',
  '--retry',
  '5',
  '--retry-delay',
  '5',
  '-C',
  '-',
];

/**
 * A plan to fetch and verify an edition from a shell: its files (checksum first, then data and volumes in
 * name order, then documents), a URL list, an md5sum file from the inline md5s, and a bash script that
 * resumes interrupted downloads (`curl -C -`), waits between files to stay far below the upstream's rate
 * limit, and checks every file with `md5sum -c`.
 *
 * The script runs exactly `mkdir`, then `curl` and `sleep` per file, then `md5sum -c` (when any md5 is
 * known), whatever the names and URLs hold: every value is one `shellQuote`d word, no value reaches a
 * comment or a heredoc, and the md5 file is written by the `printf` builtin. Names must still be plain
 * file names (not empty, `.` or `..`, no `/`) and URLs `http(s)://…`, or it throws a `TypeError`: a name
 * could otherwise write outside the edition's folder and a URL pass for a curl option. The upstream mapping
 * (`checkEntryName`, `checkDownloadUrl`) guarantees both long before.
 */
export function downloadPlan(editionName: string, files: readonly FileEntry[]): DownloadPlanModel {
  const ordered = [...files].sort((a, b) => ORDER[fileRole(a)] - ORDER[fileRole(b)] || a.name.localeCompare(b.name));
  plainName(editionName);
  for (const file of ordered) {
    plainName(file.name);
    if (!/^https?:\/\//i.test(file.url)) throw new TypeError(`downloadPlan: expected an http(s) URL, got ${JSON.stringify(file.url.slice(0, 80))}`);
  }
  const md5Lines = ordered.filter((file) => file.md5 !== null).map((file) => `${file.md5}  ${file.name}`);
  const script = [
    '#!/usr/bin/env bash',
    `# Download and verify one edition of the Géoplateforme (${ordered.length} files).`,
    SCRIPT_PREAMBLE,
    ...editionScriptLines(editionName, ordered),
    '',
  ].join('\n');
  return {
    files: ordered,
    totalSize: sumSizes(ordered),
    urls: ordered.map((file) => `${file.url}\n`).join(''),
    md5sum: md5Lines.map((line) => `${line}\n`).join(''),
    script,
  };
}

/** The lines every plan script starts with, after its title comment. */
export const SCRIPT_PREAMBLE = ['# Re-run it after an interruption: finished files are skipped, partial ones resumed.', 'set -euo pipefail'].join('\n');

/**
 * The script lines that fetch and verify one edition's `ordered` files (already checked by `downloadPlan`) in
 * the folder `editionName`, from the current directory: `mkdir`, `cd`, `curl` and `sleep` per file, `md5sum -c`.
 */
export function editionScriptLines(editionName: string, ordered: readonly FileEntry[]): string[] {
  const md5Lines = ordered.filter((file) => file.md5 !== null).map((file) => `${file.md5}  ${file.name}`);
  const md5File = shellQuote(`${editionName}.inline.md5`);
  return [
    `mkdir -p -- ${shellQuote(editionName)}`,
    `cd -- ${shellQuote(editionName)}`,
    ...ordered.flatMap((file) => [['curl', ...CURL_OPTIONS, '-o', shellQuote(file.name), shellQuote(file.url)].join(' '), 'sleep 1']),
    ...(md5Lines.length === 0 ?
      ['# The upstream gives no md5 for these files: nothing to verify.']
    : [`printf '%s\\n' ${md5Lines.map(shellQuote).join(' ')} > ${md5File}`, `md5sum -c -- ${md5File}`]),
  ];
}

// Private: throws unless `name` can be a file or folder name of its own (not empty, `.`, `..`; no `/`, NUL).
function plainName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\u0000]/.test(name)) {
    throw new TypeError(`downloadPlan: expected a plain file name, got ${JSON.stringify(name.slice(0, 80))}`);
  }
}
