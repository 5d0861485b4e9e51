import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { FakeEdition, FakeFile, FakeResource } from '../fakeUpstream/catalogue';

const root = join(__dirname, '..', '..');

/** One file of a test edition: its name and bytes, and optionally an md5 that lies about them. */
export interface TestFile {
  name: string;
  bytes: Buffer;
  listedMd5?: string;
}

/** `size` bytes of a pattern seeded by `seed` (different seeds, different bytes; no randomness). */
export function patternBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < size; index += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

export function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * A BD TOPO-like edition of `product` in département `zone` (`D029`), GeoPackage, Lambert-93, dated `date`,
 * named as the upstream names them, with `files` (real bytes: their entries in `bytes`, keyed
 * `product/edition/file`, for the fake upstream's `fileBytes`).
 */
export function testEdition(product: string, zone: string, date: string, files: (edition: string) => TestFile[], bytes: Map<string, Buffer>): FakeEdition {
  const name = `${product}_3-4_TOUSTHEMES_GPKG_LAMB93_${zone}_${date}`;
  const fakeFiles: FakeFile[] = files(name).map((file) => {
    bytes.set(`${product}/${name}/${file.name}`, file.bytes);
    return {
      name: file.name,
      length: file.bytes.length,
      md5: file.listedMd5 ?? md5(file.bytes),
      type: file.name.endsWith('.md5') ? 'application/octet-stream' : 'application/x-7z-compressed',
      rel: 'alternate',
      mimeTypes: ['application/geopackage+sqlite3'],
      updated: `${date}T10:00:00+02:00`,
    };
  });
  return {
    name,
    updated: `${date}T10:00:00+02:00`,
    editionDate: date,
    zone: { term: zone, label: zone },
    format: { term: 'GPKG', label: 'GeoPackage' },
    crs: { term: 'EPSG:2154', label: 'RGF93 v1 / Lambert-93' },
    lang: 'fre',
    bbox: [-5.2, 47.7, -3.3, 48.9],
    files: fakeFiles,
  };
}

/** A product holding `editions`. */
export function testProduct(name: string, editions: FakeEdition[]): FakeResource {
  return { name, title: name, description: null, updated: '2025-06-17T10:00:00+02:00', thematic: [], editions };
}

/** The usual two files of an edition: its archive and its md5 companion. */
export function archiveAndCompanion(size: number, seed: number): (edition: string) => TestFile[] {
  return (edition) => {
    const archive = patternBytes(size, seed);
    return [
      { name: `${edition}.7z`, bytes: archive },
      { name: `${edition}.md5`, bytes: Buffer.from(`${md5(archive)}  ${edition}.7z\n`) },
    ];
  };
}

/** A run of the command, once it exited. */
export interface CommandRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `geopf-sync ARGS` as a user runs it (the package's bin, `node bin/geopf-sync.mjs`), with the user's environment (no NODE_ENV). */
export function startSync(args: readonly string[], env: Record<string, string> = {}, cwd = root): ChildProcessWithoutNullStreams {
  const { NODE_ENV: _testEnv, ...inherited } = process.env;
  return spawn(process.execPath, [join(root, 'bin', 'geopf-sync.mjs'), ...args], { cwd, env: { ...inherited, ...env }, stdio: 'pipe' });
}

/** Everything a started run printed, and its status, once it has exited. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** `geopf-sync ARGS`, run to its end. */
export function runSync(args: readonly string[], env: Record<string, string> = {}, cwd = root): Promise<CommandRun> {
  return finished(startSync(args, env, cwd));
}
