import { join } from 'node:path';
import { buildCatalogue, type FakeResource } from '../test/fakeUpstream/catalogue';

/** The project root (re-exported for the demo's commands). */
export { projectRoot } from '../src/core/projectRoot';

/** The data `npm run demo` serves: the download API's products, editions and files, frozen in a JSON file. */
export interface DemoSnapshot {
  /** What the file is, for whoever opens it. */
  about: string;
  /** The command that writes it again. */
  generatedBy: string;
  /** In capabilities order, as `FakeGeopfServer` takes them. */
  resources: FakeResource[];
}

/** Where the snapshot lives, relative to the project root. */
export const SNAPSHOT_FILE = join('demo', 'snapshot.json');

/** The snapshot of the test catalogue: 116 products, many editions per zone, format and CRS, a 22-volume split archive. */
export function buildSnapshot(): DemoSnapshot {
  return {
    about:
      'Offline snapshot of the IGN Géoplateforme download API (capabilities → resource → sub-resource → files), ' +
      'served by test/fakeUpstream/FakeGeopfServer for `npm run demo`. Product ids, zones, formats and CRS follow the ' +
      'real service; sizes and md5 checksums are illustrative.',
    generatedBy: 'npm run demo:snapshot (demo/writeSnapshot.ts, from buildCatalogue() in test/fakeUpstream/catalogue.ts)',
    resources: buildCatalogue(),
  };
}

/** The file's text: JSON indented by one space (line-by-line diffs, yet compact), with a final newline. */
export function serializeSnapshot(snapshot: DemoSnapshot): string {
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

/** Reads a snapshot's text back into resources; throws `<source>: <where>: expected X, got Y` on a malformed one. */
export function parseSnapshot(text: string, source: string): FakeResource[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${source}: expected JSON, got ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const fail = (where: string, expected: string, got: unknown): never => {
    throw new TypeError(`${source}: ${where}: expected ${expected}, got ${JSON.stringify(got) ?? String(got)}`.slice(0, 300));
  };
  const resources = isObject(value) ? value['resources'] : fail('top level', 'an object', value);
  if (!Array.isArray(resources) || resources.length === 0) return fail('resources', 'a non-empty array', resources);
  resources.forEach((resource: unknown, r) => {
    if (!isObject(resource) || typeof resource['name'] !== 'string') fail(`resources[${r}]`, 'an object with a string name', resource);
    const editions = (resource as Record<string, unknown>)['editions'];
    if (!Array.isArray(editions)) return fail(`resources[${r}].editions`, 'an array', editions);
    editions.forEach((edition: unknown, e) => {
      if (!isObject(edition) || typeof edition['name'] !== 'string') fail(`resources[${r}].editions[${e}]`, 'an object with a string name', edition);
      const files = (edition as Record<string, unknown>)['files'];
      if (!Array.isArray(files)) return fail(`resources[${r}].editions[${e}].files`, 'an array', files);
      files.forEach((file: unknown, f) => {
        if (!isObject(file) || typeof file['name'] !== 'string' || typeof file['length'] !== 'number' || typeof file['md5'] !== 'string') {
          fail(`resources[${r}].editions[${e}].files[${f}]`, 'an object with a string name and md5 and a number length', file);
        }
      });
    });
  });
  return resources as FakeResource[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
