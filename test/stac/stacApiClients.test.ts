import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { buildCatalogue, type FakeResource } from '../fakeUpstream/catalogue';
import { isLoopbackUrl, StacBrowser } from '../helpers/stacBrowser';
import { createStacValidator, stacSchemasMissing, stacValidatorUnavailable, type StacValidator } from '../helpers/stacValidator';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { storesForSuite } from '../helpers/testStores';

// Real STAC clients on our STAC API: STAC Browser in headless Chromium (loopback only), and stac-node-validator on
// every object type (when its schemas are present: STAC_SCHEMAS_DIR).

// A real browser: generous, since Chromium starts cold.
jest.setTimeout(240_000);

/** A running subgraph with its index synced from a small fake catalogue, for one describe block. */
function syncedSubgraph() {
  const stores = storesForSuite('sqlite');
  const state: { subgraph: SubgraphUnderTest; store: CatalogueStore; catalogue: FakeResource[]; root: string } = {} as never;
  beforeAll(async () => {
    state.catalogue = buildCatalogue({ resourceCount: 12 });
    state.store = await stores.open();
    state.subgraph = await startSubgraph({ upstreamRate: 500, fake: { catalogue: state.catalogue }, catalogue: { store: state.store, autoStart: false } });
    await state.subgraph.server.catalogue!.syncer.runOnce();
    await state.subgraph.server.catalogue!.knowledge.settled();
    state.root = `http://127.0.0.1:${state.subgraph.server.port}/stac`;
  });
  afterAll(async () => {
    await state.subgraph?.stop();
  });
  return state;
}

async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.json();
}

describe('STAC Browser on the STAC API, in headless Chromium', () => {
  const state = syncedSubgraph();
  let stacBrowser: StacBrowser;

  afterAll(async () => {
    await stacBrowser?.close();
  });

  it('opens the landing page, a collection, and an item showing its files with size and checksum', async () => {
    // A small product whose first edition has files, so its item page lists a few assets.
    const product = state.catalogue.find(
      (each) => each.editions.length > 0 && each.editions.length <= 20 && each.editions.some((edition) => edition.files.length > 0),
    )!;
    stacBrowser = await StacBrowser.start(state.root);
    expect(await stacBrowser.openLanding()).toBe('Géoplateforme downloads');
    const collection = await getJson(`${state.root}/collections/${encodeURIComponent(product.name)}`);
    await stacBrowser.openLink(collection.title);
    const page = await getJson(`${state.root}/collections/${encodeURIComponent(product.name)}/items`);
    const listed = page.features.find((item: any) => product.editions.find((edition) => edition.name === item.id)!.files.length > 0);
    const edition = product.editions.find((each) => each.name === listed.id)!;
    await stacBrowser.openLink(listed.properties.title);
    expect((await stacBrowser.assetTitles()).sort()).toEqual(edition.files.map((file) => file.name).sort());
    const file = edition.files[0]!;
    const fields = await stacBrowser.assetFields(file.name);
    // STAC Browser shows the hex digest without the multihash prefix, and the algorithm.
    expect(fields['file:checksum']).toBe(`${file.md5} Hashing algorithm: md5`);
    expect(fields['file:size']).toMatch(/^\d+(\.\d+)? (B|kB|MB|GB|TB)$/);
    for (const request of stacBrowser.traffic.requests) expect(isLoopbackUrl(request.replace(/^\S+ /, ''))).toBe(true);
    expect(stacBrowser.traffic.requests).toEqual(expect.arrayContaining([`GET ${state.root}`]));
    expect(stacBrowser.traffic.pageErrors).toEqual([]);
  });
});

const validatorUnavailable = stacValidatorUnavailable() ?? stacSchemasMissing();
const describeValidator = validatorUnavailable ? describe.skip : describe;

describeValidator(`stac-node-validator on every object of the STAC API${validatorUnavailable ? ` (not run: ${validatorUnavailable})` : ''}`, () => {
  const state = syncedSubgraph();
  let validator: StacValidator;

  beforeAll(() => {
    validator = createStacValidator();
  });

  it('accepts the landing page, every collection, an items page, a search page and a single item with assets', async () => {
    const objects: Array<[string, unknown]> = [];
    objects.push(['landing', await getJson(state.root)]);
    const collections = await getJson(`${state.root}/collections`);
    for (const collection of collections.collections) objects.push([`collection ${collection.id}`, collection]);
    const product = state.catalogue.find((each) => each.editions.some((edition) => edition.files.length > 0))!;
    const items = await getJson(`${state.root}/collections/${encodeURIComponent(product.name)}/items?limit=20`);
    objects.push(['items page', items]);
    objects.push(['search page', await getJson(`${state.root}/search?limit=50`)]);
    const edition = product.editions.find((each) => each.files.length > 0)!;
    objects.push(['item', await getJson(`${state.root}/collections/${encodeURIComponent(product.name)}/items/${encodeURIComponent(edition.name)}`)]);
    for (const [name, object] of objects) expect({ name, ...(await validator.validate(object)) }).toEqual({ name, valid: true, errors: [] });
  });
});
