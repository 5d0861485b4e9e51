import { ErrorCode, UpstreamError } from '../../core/errors';
import type { FileEntry } from '../../upstream/format/model';
import { sumSizes } from './archives';
import { fileRole } from './fileRole';
import { nameProblem } from '../../upstream/format/nameProblem';
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
 * known), whatever the names and URLs hold (quotes, `$(…)`, backquotes, `;`, `|`, `&`, `#`, `%`, spaces, a
 * leading `-`, right-to-left marks): every value is one `shellQuote`d word, every path is given as `./NAME`
 * (so `-` or `-rf` is never an option, stdout or `cd -`), no value reaches a comment or a heredoc, and the md5
 * file is written by the `printf` builtin. Its md5sum lines give each name as is (`./-` for the name `-`, which
 * md5sum would read as standard input). Names must be names (`nameProblem`: not empty, `.` or `..`, no `/`,
 * `\` or control character, which could leave the folder or cut an md5sum line) and URLs `http(s)://…`, or it
 * throws a `TypeError`; the upstream mapping (`checkEntryName`, `checkDownloadUrl`) guarantees both long before.
 * Two files the same once case and Unicode forms are folded (`foldedPath`) are `UPSTREAM_BAD_RESPONSE`: on
 * macOS or Windows the second would replace the first.
 */
export function downloadPlan(editionName: string, files: readonly FileEntry[]): DownloadPlanModel {
  const ordered = [...files].sort((a, b) => ORDER[fileRole(a)] - ORDER[fileRole(b)] || a.name.localeCompare(b.name));
  plainName(editionName);
  const paths = new Map<string, string>();
  for (const file of ordered) {
    plainName(file.name);
    if (!/^https?:\/\//i.test(file.url)) throw new TypeError(`downloadPlan: expected an http(s) URL, got ${JSON.stringify(file.url.slice(0, 80))}`);
    const other = paths.get(foldedPath(file.name));
    if (other !== undefined) throw samePath(other, file.name);
    paths.set(foldedPath(file.name), file.name);
  }
  const md5Lines = ordered.filter((file) => file.md5 !== null).map((file) => md5Line(file.md5 as string, file.name));
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
  const md5Lines = ordered.filter((file) => file.md5 !== null).map((file) => md5Line(file.md5 as string, file.name));
  const md5File = shellQuote(`./${editionName}.inline.md5`);
  return [
    `mkdir -p -- ${shellQuote(`./${editionName}`)}`,
    `cd -- ${shellQuote(`./${editionName}`)}`,
    ...ordered.flatMap((file) => [['curl', ...CURL_OPTIONS, '-o', shellQuote(`./${file.name}`), shellQuote(file.url)].join(' '), 'sleep 1']),
    ...(md5Lines.length === 0 ?
      ['# The upstream gives no md5 for these files: nothing to verify.']
    : [`printf '%s\\n' ${md5Lines.map(shellQuote).join(' ')} > ${md5File}`, `md5sum -c -- ${md5File}`]),
  ];
}

/**
 * One md5sum line (`<md5>  <path>`, text mode) for `path`, relative to the folder md5sum runs in: as is, but
 * `./-` for `-` (md5sum reads `-` as standard input). Paths are names (`nameProblem`), or `EDITION/NAME`: no
 * newline or backslash, which md5sum would read as another line or an escape.
 */
export function md5Line(md5: string, path: string): string {
  return `${md5}  ${path === '-' ? './-' : path}`;
}

/**
 * The key two paths share when a filesystem may take them for one: the same once Unicode-normalised (macOS) and
 * case-folded (macOS, Windows). A plan never writes two files at one key: the second would replace the first.
 */
export function foldedPath(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

// Private: two files of the listing would land on one file.
function samePath(first: string, second: string): UpstreamError {
  return new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `The upstream lists two files that would be written at one path (${JSON.stringify(first.slice(0, 80))} and ${JSON.stringify(second.slice(0, 80))}, the same once case and Unicode forms are folded): no plan is written for them.`,
    { call: 'subResource' },
  );
}

// Private: throws unless `name` is a name (`nameProblem`): a file or folder of its own, on one md5sum line.
function plainName(name: string): void {
  const problem = nameProblem(name);
  if (problem !== null) throw new TypeError(`downloadPlan: expected a file name, got ${JSON.stringify(name.slice(0, 80))}: ${problem}`);
}
