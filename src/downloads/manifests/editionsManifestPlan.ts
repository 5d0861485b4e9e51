import { ErrorCode, UpstreamError } from '../../core/errors';
import { sumSizes } from '../files/archives';
import { downloadPlan, editionScriptLines, foldedPath, md5Line, SCRIPT_PREAMBLE } from '../files/downloadPlan';
import type { FileEntry } from '../../upstream/format/model';
import { aria2Input } from './aria2Input';
import type { DownloadPlanFormat, ManifestPlanModel } from './ManifestPlanModel';
import { metalink } from './metalink';
import { manifestPath, safeDownloadUrl, safeFileName } from './safeFileName';

/** One edition of a window and every file of its listing. */
export interface EditionFiles {
  name: string;
  files: readonly FileEntry[];
}

/**
 * The download plan of many editions (the window of an `editions` search), each edition's files in a folder
 * named after it: Metalink names and aria2 `out=` are `EDITION/NAME`, the md5sum lines too (check them from the
 * parent folder), and the script fetches and verifies each edition in a subshell that `mkdir`s and enters its
 * folder. Every name and URL is checked as in a one-edition manifest (`manifestPath`, `safeDownloadUrl`), in
 * every format: one that fails fails the whole plan (`UPSTREAM_BAD_RESPONSE`), never a plan without it; so do
 * two files written at one path (editions of two products with one name, a file listed twice, two paths equal
 * once case and Unicode forms are folded, `foldedPath`).
 */
export function editionsManifestPlan(editions: readonly EditionFiles[], format: DownloadPlanFormat): ManifestPlanModel {
  // The folder is checked even for an edition without files (its script still makes it).
  const plans = editions.map((edition) => ({ name: safeFileName(edition.name), plan: downloadPlan(edition.name, edition.files) }));
  const files = plans.flatMap(({ plan }) => plan.files);
  const paths = new Set<string>();
  for (const file of files) {
    const path = manifestPath(file, true);
    safeDownloadUrl(file.url);
    if (paths.has(foldedPath(path))) throw samePath(path);
    paths.add(foldedPath(path));
  }
  const script = [
    '#!/usr/bin/env bash',
    `# Download and verify ${plans.length} editions of the Géoplateforme (${files.length} files), each in a folder of its own.`,
    SCRIPT_PREAMBLE,
    ...plans.flatMap(({ name, plan }) => ['(', ...editionScriptLines(name, plan.files).map((line) => `  ${line}`), ')']),
    '',
  ].join('\n');
  const md5sum = files
    .filter((file) => file.md5 !== null)
    .map((file) => `${md5Line(file.md5 as string, manifestPath(file, true))}\n`)
    .join('');
  const title = `${plans.length} editions`;
  const manifest =
    format === 'METALINK' ? metalink(files, true)
    : format === 'ARIA2' ? aria2Input(title, files, true)
    : script;
  return { files, totalSize: sumSizes(files), urls: files.map((file) => `${file.url}\n`).join(''), md5sum, script, format, manifest };
}

// Private: two files of the window would be written at `path`, one over the other.
function samePath(path: string): UpstreamError {
  return new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `Two files of these editions would be written at ${JSON.stringify(path.slice(0, 160))}: no manifest is written for them.`,
    { call: 'subResource' },
  );
}
