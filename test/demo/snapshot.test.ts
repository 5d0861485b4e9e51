import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_FILE, buildSnapshot, parseSnapshot, projectRoot, serializeSnapshot } from '../../demo/snapshot';
import { buildCatalogue } from '../fakeUpstream/catalogue';

const committed = readFileSync(join(projectRoot(), SNAPSHOT_FILE), 'utf8');

describe('demo/snapshot.json', () => {
  it('is what `npm run demo:snapshot` makes of the test catalogue (run it after changing the catalogue)', () => {
    expect(committed === serializeSnapshot(buildSnapshot())).toBe(true);
  });

  it('reads back into the test catalogue', () => {
    expect(parseSnapshot(committed, SNAPSHOT_FILE)).toEqual(buildCatalogue());
  });

  it('is realistic enough to explore: products needing paging, editions in many zones, formats and CRS, a split archive', () => {
    const resources = parseSnapshot(committed, SNAPSHOT_FILE);
    const editions = resources.flatMap((resource) => resource.editions);
    const distinct = (values: Array<string | undefined>) => new Set(values.filter((value) => value !== undefined)).size;
    expect(resources.length).toBeGreaterThan(50);
    expect(Math.max(...resources.map((resource) => resource.editions.length))).toBeGreaterThan(50);
    expect(distinct(editions.map((edition) => edition.zone?.term))).toBeGreaterThan(10);
    expect(distinct(editions.map((edition) => edition.format?.term))).toBeGreaterThan(5);
    expect(distinct(editions.map((edition) => edition.crs?.term))).toBeGreaterThan(5);
    expect(Math.max(...editions.map((edition) => edition.files.filter((file) => file.rel === 'section').length))).toBe(22);
    for (const file of editions.flatMap((edition) => edition.files)) expect(file.md5).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('parseSnapshot()', () => {
  it.each([
    ['not JSON', '{', /^x\.json: expected JSON, got /],
    ['no resources', '{}', /^x\.json: resources: expected a non-empty array, got undefined$/],
    ['an array', '[]', /^x\.json: top level: expected an object, got \[\]$/],
    ['a nameless resource', '{"resources":[{"editions":[]}]}', /^x\.json: resources\[0\]: expected an object with a string name, got/],
    ['editions not a list', '{"resources":[{"name":"A","editions":{}}]}', /^x\.json: resources\[0\]\.editions: expected an array, got \{\}$/],
    [
      'a file without size',
      '{"resources":[{"name":"A","editions":[{"name":"E","files":[{"name":"f","md5":"0"}]}]}]}',
      /^x\.json: resources\[0\]\.editions\[0\]\.files\[0\]: expected an object with a string name and md5 and a number length, got/,
    ],
  ])('refuses %s, saying where', (_case, text, message) => {
    expect(() => parseSnapshot(text, 'x.json')).toThrow(message);
  });
});
