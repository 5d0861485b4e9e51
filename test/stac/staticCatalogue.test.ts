import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic, type StaticServer } from '../helpers/serveStatic';
import { isLoopbackUrl, StacBrowser } from '../helpers/stacBrowser';
import { createStacValidator, stacSchemasMissing, stacValidatorUnavailable, type StacValidator } from '../helpers/stacValidator';

// The STAC test tools proven on a static STAC 1.1 catalogue (test/fixtures/stac/catalogue), before any STAC API
// of ours exists: STAC Browser reads it as a user would, and stac-node-validator checks every object of it.

// A real browser: generous, since Chromium starts cold.
jest.setTimeout(180_000);

const CATALOGUE = join(__dirname, '..', 'fixtures', 'stac', 'catalogue');
const ITEM_2024 = 'ortho/items/BDORTHO_2-0_RVB-0M20_JP2-E080_LAMB93_D075_2024-01-01.json';

/** Every JSON file of the catalogue, as a path relative to it. */
function catalogueFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  return walk(CATALOGUE)
    .filter((file) => file.endsWith('.json'))
    .map((file) => relative(CATALOGUE, file))
    .sort();
}

function readStac(file: string): Record<string, any> {
  return JSON.parse(readFileSync(join(CATALOGUE, file), 'utf8')) as Record<string, any>;
}

describe('STAC Browser on a static STAC 1.1 catalogue, in headless Chromium', () => {
  let catalogue: StaticServer;
  let stacBrowser: StacBrowser;

  beforeAll(async () => {
    catalogue = await serveStatic(CATALOGUE);
    stacBrowser = await StacBrowser.start(`${catalogue.url}catalog.json`);
  });

  afterAll(async () => {
    await stacBrowser?.close();
    await catalogue?.stop();
  });

  it('opens on the root catalogue, with its collection listed', async () => {
    expect(await stacBrowser.openLanding()).toBe('Géoplateforme downloads (test catalogue)');
    await stacBrowser.page.getByRole('link', { name: 'BD ORTHO® Paris (test)', exact: true }).first().waitFor();
  });

  it('follows the collection link to the collection, which lists both editions', async () => {
    await stacBrowser.openLink('BD ORTHO® Paris (test)');
    expect(stacBrowser.page.url()).toBe(`${stacBrowser.url}#/ortho/collection.json`);
    for (const edition of ['BD ORTHO® Paris, edition 2024', 'BD ORTHO® Paris, edition 2021']) {
      await stacBrowser.page.getByRole('link', { name: edition, exact: true }).first().waitFor();
    }
  });

  it("follows an item link to the item, and shows its archive's size, MD5 checksum and projection", async () => {
    await stacBrowser.openLink('BD ORTHO® Paris, edition 2024');
    const archive = 'BDORTHO_2-0_RVB-0M20_JP2-E080_LAMB93_D075_2024-01-01.7z';
    expect(await stacBrowser.assetTitles()).toEqual([archive]);
    // 1 234 567 890 bytes, in binary units as STAC Browser writes them; the hex digest without its multihash prefix.
    expect(await stacBrowser.assetFields(archive)).toEqual({
      'file:size': '1.15 GB',
      'file:checksum': 'fc016a1dad35db7fc58b50aaaea549ee Hashing algorithm: md5',
      'proj:code': 'EPSG:2154',
    });
  });

  it('read the catalogue from the loopback server, reached nothing else, and drew the pages without errors', () => {
    expect(catalogue.requests).toEqual(expect.arrayContaining(['GET /catalog.json 200', 'GET /ortho/collection.json 200', `GET /${ITEM_2024} 200`]));
    expect(stacBrowser.traffic.requests.length).toBeGreaterThan(0);
    for (const request of stacBrowser.traffic.requests) expect(isLoopbackUrl(request.replace(/^\S+ /, ''))).toBe(true);
    // The map asks for OpenStreetMap's basemap tiles; they are aborted, and the page is drawn without them.
    expect(stacBrowser.traffic.blocked.length).toBeGreaterThan(0);
    for (const request of stacBrowser.traffic.blocked) expect(request).toMatch(/^GET https:\/\/tile\.openstreetmap\.org\//);
    expect(stacBrowser.traffic.pageErrors).toEqual([]);
  });
});

const validatorUnavailable = stacValidatorUnavailable() ?? stacSchemasMissing();
const describeValidator = validatorUnavailable ? describe.skip : describe;

describeValidator(`stac-node-validator on the static STAC 1.1 catalogue${validatorUnavailable ? ` (not run: ${validatorUnavailable})` : ''}`, () => {
  let validator: StacValidator;

  beforeAll(() => {
    validator = createStacValidator();
  });

  it.each(catalogueFiles())('accepts %s', async (file) => {
    expect(await validator.validate(readStac(file))).toEqual({ valid: true, errors: [] });
  });

  it('rejects an item whose checksum is not a multihash (the file extension schema)', async () => {
    const item = readStac(ITEM_2024);
    item.assets.archive['file:checksum'] = 'md5:fc016a1dad35db7fc58b50aaaea549ee';
    const result = await validator.validate(item);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([expect.stringContaining('https://stac-extensions.github.io/file/v2.1.0/schema.json /assets/archive/file:checksum')]),
    );
    // Only the file extension's schema objects: the core schema and the other extensions accept the copy.
    for (const error of result.errors) expect(error).toContain(': https://stac-extensions.github.io/file/v2.1.0/schema.json ');
  });

  it('rejects an item without a datetime (the core item schema)', async () => {
    const item = readStac(ITEM_2024);
    delete item.properties.datetime;
    const result = await validator.validate(item);
    expect(result.valid).toBe(false);
    expect(result.errors.some((error) => error.includes(': core /properties'))).toBe(true);
  });

  it('rejects an object naming an extension schema that is not vendored, rather than fetching it', async () => {
    const item = readStac(ITEM_2024);
    item.stac_extensions.push('https://stac-extensions.github.io/eo/v2.0.0/schema.json');
    const result = await validator.validate(item);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^expected the schema https:\/\/stac-extensions\.github\.io\/eo\/v2\.0\.0\/schema\.json in .*stac-extensions\.github\.io\/eo\/v2\.0\.0\/schema\.json, got no file there/,
        ),
      ]),
    );
  });
});
