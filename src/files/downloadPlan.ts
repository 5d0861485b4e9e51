import type { FileEntry } from '../upstream/model';
import { sumSizes } from './archives';
import { fileRole } from './fileRole';

/** The GraphQL `DownloadPlan`. */
export interface DownloadPlanModel {
  files: FileEntry[];
  totalSize: number | null;
  urls: string;
  md5sum: string;
  script: string;
}

const ORDER = { CHECKSUM: 0, DATA: 1, PART: 1, DOCUMENTATION: 2, METADATA: 2 } as const;

/**
 * A plan to fetch and verify an edition from a shell: its files (checksum first, then data and volumes in
 * name order, then documents), a URL list, an md5sum file from the inline md5s, and a bash script that
 * resumes interrupted downloads (`curl -C -`), waits between files to stay far below the upstream's rate
 * limit, and checks every file with `md5sum -c`.
 */
export function downloadPlan(editionName: string, files: readonly FileEntry[]): DownloadPlanModel {
  const ordered = [...files].sort((a, b) => ORDER[fileRole(a)] - ORDER[fileRole(b)] || a.name.localeCompare(b.name));
  const md5sum = ordered.filter((file) => file.md5 !== null).map((file) => `${file.md5}  ${file.name}\n`).join('');
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const script = [
    '#!/usr/bin/env bash',
    `# Download and verify ${editionName} (${ordered.length} files) from the Géoplateforme.`,
    '# Re-run it after an interruption: finished files are skipped, partial ones resumed.',
    'set -euo pipefail',
    `mkdir -p ${quote(editionName)} && cd ${quote(editionName)}`,
    ...ordered.map((file) => `curl -fL --retry 5 --retry-delay 5 -C - -o ${quote(file.name)} ${quote(file.url)} && sleep 1`),
    `cat > ${quote(`${editionName}.inline.md5`)} <<'MD5'`,
    md5sum.trimEnd(),
    'MD5',
    `md5sum -c ${quote(`${editionName}.inline.md5`)}`,
    '',
  ].join('\n');
  return { files: ordered, totalSize: sumSizes(ordered), urls: ordered.map((file) => `${file.url}\n`).join(''), md5sum, script };
}
