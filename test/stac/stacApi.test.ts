import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { buildCatalogue, type FakeEdition, type FakeResource } from '../fakeUpstream/catalogue';
import { addEdition, withdrawEdition } from '../fakeUpstream/catalogueChanges';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { DIALECTS, storesForSuite } from '../helpers/testStores';
import { searchStacItems, type PageLinks } from '../../src/server/stac/searchStacItems';
import { searchFromQuery } from '../../src/server/stac/StacSearchRequest';
import { stacJson } from '../../src/server/stac/stacJson';
import { StacUrls } from '../../src/server/stac/StacUrls';

// Our own STAC API conformance test: every check of docs/stac.md against the real server on the fake upstream,
// on both stores. The structure is checked here (required fields, link relations, types, conformance URIs):
// the JSON Schemas are not available offline (see stacValidation.test.ts, which runs when they are).

jest.setTimeout(120_000);

/** The conformance classes, as STAC API 1.0.0 and OGC API Features 1.0 spell them. */
const CONFORMS_TO = [
  'https://api.stacspec.org/v1.0.0/core',
  'https://api.stacspec.org/v1.0.0/collections',
  'https://api.stacspec.org/v1.0.0/ogcapi-features',
  'https://api.stacspec.org/v1.0.0/item-search',
  'https://api.stacspec.org/v1.0.0/item-search#sort',
  'https://api.stacspec.org/v1.0.0-rc.1/item-search#free-text',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

interface Answer {
  status: number;
  headers: Headers;
  json: any;
}

type Link = { rel: string; href: string; type?: string; method?: string; body?: any; merge?: boolean };

const rels = (links: Link[]) => links.map((link) => link.rel);
const link = (links: Link[], rel: string) => links.find((each) => each.rel === rel);

/** The fake catalogue's listed editions of `product`. */
function editionsOf(catalogue: readonly FakeResource[], product: string): FakeEdition[] {
  return catalogue.find((resource) => resource.name === product)?.editions ?? [];
}

describe.each(DIALECTS)('the STAC API under /stac, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let subgraph: SubgraphUnderTest;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  let root: string;
  /** The product with the most editions, and one with zones, formats and CRS on every edition. */
  let big: FakeResource;
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };

  const get = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(path.startsWith('http') ? path : `${root}${path}`, init);
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, json };
  };
  const post = (path: string, body: unknown) => get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    catalogue = buildCatalogue({ resourceCount: 30 });
    store = await stores.open();
    subgraph = await startSubgraph({ upstreamRate: 500, fake: { catalogue }, catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } } });
    await subgraph.server.catalogue!.syncer.runOnce();
    await subgraph.server.catalogue!.knowledge.settled();
    root = `http://127.0.0.1:${subgraph.server.port}`;
    big = [...catalogue].sort((a, b) => b.editions.length - a.editions.length)[0]!;
  });
  afterAll(async () => {
    await subgraph?.stop();
  });
  beforeEach(() => subgraph.clearUpstream());

  it('answers the landing page: a Catalog with conformsTo and every link STAC API asks for, without the upstream', async () => {
    const landing = await get('/stac');
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toBe('application/json');
    expect(landing.json).toMatchObject({ type: 'Catalog', stac_version: '1.1.0', id: expect.any(String), description: expect.any(String) });
    expect([...landing.json.conformsTo].sort()).toEqual([...CONFORMS_TO].sort());
    const links: Link[] = landing.json.links;
    expect(rels(links)).toEqual(expect.arrayContaining(['self', 'root', 'data', 'conformance', 'search', 'service-desc', 'service-doc']));
    expect(link(links, 'self')!.href).toBe(`${root}/stac`);
    expect(link(links, 'data')!.href).toBe(`${root}/stac/collections`);
    expect(
      links
        .filter((each) => each.rel === 'search')
        .map((each) => each.method)
        .sort(),
    ).toEqual(['GET', 'POST']);
    expect(link(links, 'service-desc')!.type).toBe('application/vnd.oai.openapi+json;version=3.0');
    expect(link(links, 'service-doc')!.type).toBe('text/html');
    const conformance = await get('/stac/conformance');
    expect(conformance.json.conformsTo).toEqual(landing.json.conformsTo);
    const openapi = await get(link(links, 'service-desc')!.href);
    expect(openapi.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    expect(openapi.json.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(openapi.json.paths)).toEqual(expect.arrayContaining(['/search', '/collections/{collectionId}/items/{itemId}']));
    const doc = await get(link(links, 'service-doc')!.href);
    expect(doc.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(doc.json).toContain('<h1>');
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('ends a page early past its size bound (national outlines are 157 kB an item), its next link resuming after its last item', async () => {
    const index = subgraph.server.catalogue!.index;
    const urls = new StacUrls('http://localhost/stac');
    const links: PageLinks = { self: { rel: 'self', href: 'self' }, others: [], next: (token) => ({ rel: 'next', href: token }) };
    // Every item, page after page, as a client following `next` sees them; the size of each page's text.
    const walk = async (limit: number, maxChars: number) => {
      const ids: string[] = [];
      const pages: Array<{ items: number; chars: number }> = [];
      let token: string | undefined;
      do {
        const page = (await searchStacItems(index, { ...searchFromQuery(new URLSearchParams({ limit: String(limit) })), token }, urls, links, maxChars)) as {
          features: Array<{ id: string }>;
          links: Array<{ rel: string; href: string }>;
        };
        ids.push(...page.features.map((feature) => feature.id));
        pages.push({ items: page.features.length, chars: stacJson(page).length });
        token = page.links.find((each) => each.rel === 'next')?.href;
      } while (token !== undefined);
      return { ids, pages };
    };
    const whole = await walk(250, Number.POSITIVE_INFINITY);
    const bounded = await walk(100, 600_000);
    expect(bounded.ids).toEqual(whole.ids);
    expect(new Set(bounded.ids).size).toBe(bounded.ids.length);
    // Some pages were cut short (the catalogue's national editions), and none holding more than one item outgrew
    // the bound by more than the page's own fields.
    expect(bounded.pages.filter((page, at) => page.items < 100 && at < bounded.pages.length - 1).length).toBeGreaterThan(0);
    for (const page of bounded.pages) if (page.items > 1) expect(page.chars).toBeLessThan(600_000 + 2_000);
  });

  it('lists every product as a Collection with its licence, extent and links, without the upstream', async () => {
    const answer = await get('/stac/collections');
    expect(answer.status).toBe(200);
    const ids = answer.json.collections.map((collection: { id: string }) => collection.id);
    expect([...ids].sort()).toEqual(catalogue.map((product) => product.name).sort());
    for (const collection of answer.json.collections) {
      expect(collection).toMatchObject({ type: 'Collection', stac_version: '1.1.0', license: 'etalab-2.0', description: expect.any(String) });
      expect(collection.extent.spatial.bbox[0]).toHaveLength(4);
      expect(collection.extent.temporal.interval[0]).toHaveLength(2);
      expect(rels(collection.links)).toEqual(expect.arrayContaining(['self', 'root', 'parent', 'items', 'license']));
    }
    const one = await get(`/stac/collections/${encodeURIComponent(big.name)}`);
    expect(one.json.id).toBe(big.name);
    expect(one.json.title).toBe(big.title);
    const dates = big.editions
      .map((edition) => edition.editionDate)
      .filter((date): date is string => date !== null)
      .sort();
    expect(one.json.extent.temporal.interval[0]).toEqual([`${dates[0]}T00:00:00Z`, `${dates[dates.length - 1]}T00:00:00Z`]);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('answers an unknown collection or item 404 with a STAC error, and CORS headers on it', async () => {
    const collection = await get('/stac/collections/NO-SUCH-PRODUCT');
    expect(collection.status).toBe(404);
    expect(collection.json).toMatchObject({ code: 'NOT_FOUND', description: expect.stringContaining('NO-SUCH-PRODUCT') });
    expect(collection.headers.get('access-control-allow-origin')).toBe('*');
    const items = await get('/stac/collections/NO-SUCH-PRODUCT/items');
    expect(items.status).toBe(404);
    const item = await get(`/stac/collections/${big.name}/items/NO-SUCH-EDITION`);
    expect(item.status).toBe(404);
    expect(item.json.code).toBe('NOT_FOUND');
    expect((await get('/stac/nothing/here')).status).toBe(404);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('pages through a collection by its next links: every edition once, newest first, without the upstream', async () => {
    const seen: string[] = [];
    let next: string | undefined = `/stac/collections/${encodeURIComponent(big.name)}/items?limit=7`;
    let pages = 0;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('application/geo+json');
      expect(page.json.type).toBe('FeatureCollection');
      expect(page.json.features.length).toBeLessThanOrEqual(7);
      expect(page.json.numberReturned).toBe(page.json.features.length);
      for (const item of page.json.features) {
        expect(item).toMatchObject({ type: 'Feature', stac_version: '1.1.0', collection: big.name, assets: expect.any(Object) });
        expect(item.properties.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        expect(item.properties.created).toMatch(/Z$/);
        if (item.geometry === null) expect(item.bbox).toBeUndefined();
        else {
          expect(item.geometry.type).toMatch(/Polygon$/);
          expect(item.bbox).toHaveLength(4);
        }
        expect(rels(item.links)).toEqual(expect.arrayContaining(['self', 'parent', 'collection', 'root', 'alternate']));
        const plan = item.links.find((each: Link) => each.type === 'application/metalink4+xml');
        expect(plan.href).toBe(`${root}/downloads/${encodeURIComponent(big.name)}/${encodeURIComponent(item.id)}.meta4`);
        seen.push(item.id);
      }
      next = link(page.json.links, 'next')?.href;
      pages += 1;
    }
    const expected = editionsOf(catalogue, big.name);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected.map((edition) => edition.name)));
    // A page reads one item more than it answers: the last page is the last one holding items, never an empty one.
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('reads one item with its files as assets (size, md5 multihash) through one listing read, and its version links', async () => {
    const edition = big.editions.find((each) => each.files.length > 0 && each.zone && each.format && each.crs)!;
    const answer = await get(`/stac/collections/${encodeURIComponent(big.name)}/items/${encodeURIComponent(edition.name)}`);
    expect(answer.status).toBe(200);
    expect(answer.json.id).toBe(edition.name);
    const assets: Array<Record<string, unknown>> = Object.values(answer.json.assets);
    expect(assets.map((asset) => asset['title']).sort()).toEqual(edition.files.map((file) => file.name).sort());
    for (const file of edition.files) {
      expect(answer.json.assets[file.name]).toMatchObject({
        'file:size': file.length,
        'file:checksum': `d50110${file.md5}`,
        href: expect.stringContaining(file.name),
      });
    }
    expect(answer.json.properties['proj:code']).toBe(edition.crs!.term);
    expect(answer.json.properties['geopf:zone']).toBe(edition.zone!.term);
    // The listing of one edition: its pages, nothing else.
    const log = subgraph.upstreamLog();
    // One request per 50 files (the upstream's page), as docs/stac.md says.
    expect(log).toHaveLength(Math.ceil(edition.files.length / 50));
    for (const request of log) expect(request).toContain(encodeURIComponent(edition.name));
    const lineage = big.editions
      .filter((each) => each.zone?.term === edition.zone!.term && each.format?.term === edition.format!.term && each.crs?.term === edition.crs!.term)
      .sort((a, b) => (a.editionDate ?? '').localeCompare(b.editionDate ?? '') || (a.name < b.name ? -1 : 1));
    const at = lineage.findIndex((each) => each.name === edition.name);
    const hrefOf = (rel: string) => link(answer.json.links, rel)?.href;
    expect(hrefOf('predecessor-version')).toEqual(at > 0 ? expect.stringContaining(encodeURIComponent(lineage[at - 1]!.name)) : undefined);
    expect(hrefOf('successor-version')).toEqual(at < lineage.length - 1 ? expect.stringContaining(encodeURIComponent(lineage[at + 1]!.name)) : undefined);
    // The same version links on the item as a search page carries it.
    const versions = (links: Link[]) => links.filter((each) => each.rel.endsWith('-version'));
    const listed = await post('/stac/search', { ids: [edition.name] });
    expect(versions(listed.json.features[0].links)).toEqual(versions(answer.json.links));
    expect(versions(answer.json.links).length).toBeGreaterThan(0);
  });

  it('searches by GET and POST: collections, ids, datetime, limit, sortby', async () => {
    const editions = editionsOf(catalogue, big.name);
    const dated = editions.filter((edition) => edition.editionDate !== null);
    const ascending = await get(`/stac/search?collections=${encodeURIComponent(big.name)}&sortby=properties.datetime&limit=3`);
    expect(ascending.json.features.map((item: any) => item.properties.datetime)).toEqual(
      dated
        .map((edition) => `${edition.editionDate}T00:00:00Z`)
        .sort()
        .slice(0, 3),
    );
    const descending = await post('/stac/search', { collections: [big.name], sortby: [{ field: 'properties.datetime', direction: 'desc' }], limit: 3 });
    expect(descending.json.features.map((item: any) => item.properties.datetime)).toEqual(
      dated
        .map((edition) => `${edition.editionDate}T00:00:00Z`)
        .sort()
        .reverse()
        .slice(0, 3),
    );
    const byId = await get(`/stac/search?collections=${encodeURIComponent(big.name)}&sortby=id&limit=4`);
    expect(byId.json.features.map((item: any) => item.id)).toEqual(
      editions
        .map((edition) => edition.name)
        .sort()
        .slice(0, 4),
    );
    // Newest upstream `updated` first, by GET and POST; the store answers it (the in-memory copy does not hold it).
    const updated = await get(`/stac/search?collections=${encodeURIComponent(big.name)}&sortby=-properties.updated&limit=5`);
    expect(updated.json.features.map((item: any) => item.id)).toEqual(
      [...editions]
        .sort((a, b) =>
          a.updated !== b.updated ?
            a.updated < b.updated ?
              1
            : -1
          : a.name < b.name ? 1
          : -1,
        )
        .slice(0, 5)
        .map((edition) => edition.name),
    );
    const updatedNext = await get(link(updated.json.links, 'next')!.href);
    expect(updatedNext.json.features[0].properties.updated <= updated.json.features[4].properties.updated).toBe(true);
    const updatedPost = await post('/stac/search', { collections: [big.name], sortby: [{ field: 'properties.updated', direction: 'desc' }], limit: 5 });
    expect(updatedPost.json.features.map((item: any) => item.id)).toEqual(updated.json.features.map((item: any) => item.id));
    const two = [editions[0]!.name, editions[editions.length - 1]!.name];
    const ids = await post('/stac/search', { ids: two });
    expect(ids.json.features.map((item: any) => item.id).sort()).toEqual([...two].sort());
    const day = dated[0]!.editionDate!;
    const instant = await get(`/stac/search?collections=${encodeURIComponent(big.name)}&datetime=${day}T00:00:00Z&limit=100`);
    expect(instant.json.features.map((item: any) => item.id).sort()).toEqual(
      dated
        .filter((edition) => edition.editionDate === day)
        .map((edition) => edition.name)
        .sort(),
    );
    const openStart = await get(`/stac/search?collections=${encodeURIComponent(big.name)}&datetime=../${day}T12:00:00Z&limit=100`);
    expect(openStart.json.features.map((item: any) => item.id).sort()).toEqual(
      dated
        .filter((edition) => edition.editionDate! <= day)
        .map((edition) => edition.name)
        .sort(),
    );
    const openEnd = await post('/stac/search', { collections: [big.name], datetime: `${day}T00:00:01Z/`, limit: 100 });
    expect(openEnd.json.features.map((item: any) => item.id).sort()).toEqual(
      dated
        .filter((edition) => edition.editionDate! > day)
        .map((edition) => edition.name)
        .sort(),
    );
    const clamped = await get('/stac/search?limit=100000');
    expect(clamped.status).toBe(200);
    expect(clamped.json.features.length).toBeLessThanOrEqual(250);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('pages a POST search by its next link (body with merge) and refuses a token of another search', async () => {
    const first = await post('/stac/search', { collections: [big.name], limit: 5 });
    const next: Link = link(first.json.links, 'next')!;
    expect(next).toMatchObject({ method: 'POST', merge: true, body: { token: expect.any(String) } });
    // Pinned: the token is the editions cursor, base64 of ["e1", tag, sort key, product, name].
    const decoded = JSON.parse(Buffer.from(next.body.token, 'base64').toString('utf8'));
    const last = first.json.features[first.json.features.length - 1];
    expect(decoded).toEqual(['e1', expect.stringMatching(/^[0-9a-f]{8}$/), last.properties.datetime.slice(0, 10), big.name, last.id]);
    const second = await post(next.href, { collections: [big.name], limit: 5, ...next.body });
    expect(second.json.features.map((item: any) => item.id)).not.toContain(last.id);
    const other = await post('/stac/search', { collections: [big.name], limit: 5, sortby: [{ field: 'id', direction: 'asc' }], ...next.body });
    expect(other.status).toBe(400);
    expect(other.json).toMatchObject({ code: 'BAD_USER_INPUT', parameter: 'token' });
  });

  it('never skips or repeats an item while a sync adds editions between pages', async () => {
    const before = editionsOf(catalogue, big.name).map((edition) => edition.name);
    const first = await get(`/stac/search?collections=${encodeURIComponent(big.name)}&limit=4`);
    const seen: string[] = first.json.features.map((item: any) => item.id);
    // A sync adds an edition newer than all (before the cursor) and one older than all (after it).
    const template = big.editions[0]!;
    clock.now = new Date(clock.now.getTime() + 12 * 3600_000);
    const when = clock.now.toISOString();
    addEdition(catalogue, big.name, `${template.name}-NEWEST`, { when, edition: { editionDate: '2099-01-01' } });
    addEdition(catalogue, big.name, `${template.name}-OLDEST`, { when, edition: { editionDate: '1901-01-01' } });
    await subgraph.server.catalogue!.syncer.runOnce();
    await subgraph.server.catalogue!.knowledge.settled();
    let next: string | undefined = link(first.json.links, 'next')?.href;
    while (next) {
      const page = await get(next);
      seen.push(...page.json.features.map((item: any) => item.id));
      next = link(page.json.links, 'next')?.href;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(before));
    expect(seen).toContain(`${template.name}-OLDEST`);
    expect(seen).not.toContain(`${template.name}-NEWEST`);
  });

  it('keeps a withdrawn edition as a deprecated item without assets, out of searches, at 0 upstream requests', async () => {
    const edition = big.editions.find((each) => each.files.length > 0)!;
    clock.now = new Date(clock.now.getTime() + 12 * 3600_000);
    withdrawEdition(catalogue, big.name, edition.name, { when: clock.now.toISOString() });
    await subgraph.server.catalogue!.syncer.runOnce();
    await subgraph.server.catalogue!.knowledge.settled();
    subgraph.clearUpstream();
    const item = await get(`/stac/collections/${encodeURIComponent(big.name)}/items/${encodeURIComponent(edition.name)}`);
    expect(item.status).toBe(200);
    expect(item.json.properties).toMatchObject({ deprecated: true, 'geopf:withdrawnAt': expect.stringMatching(/Z$/) });
    expect(item.json.assets).toEqual({});
    expect(subgraph.upstreamLog()).toEqual([]);
    const search = await post('/stac/search', { ids: [edition.name] });
    expect(search.json.features).toEqual([]);
  });

  it('searches by bbox, intersects and q through the place and words filters', async () => {
    // Brest (Finistère, D029): the editions of D029 and of the zones covering it.
    const bbox = await get('/stac/search?bbox=-4.52,48.37,-4.44,48.42&limit=250');
    expect(bbox.status).toBe(200);
    const zones = new Set(bbox.json.features.map((item: any) => item.properties['geopf:zone']));
    expect(bbox.json.features.length).toBeGreaterThan(0);
    expect([...zones].every((zone) => ['D029', 'R53', 'FXX', 'FRA'].includes(zone as string))).toBe(true);
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [-4.52, 48.37],
          [-4.44, 48.37],
          [-4.44, 48.42],
          [-4.52, 48.42],
          [-4.52, 48.37],
        ],
      ],
    };
    const intersects = await post('/stac/search', { intersects: polygon, limit: 250 });
    expect(intersects.json.features.map((item: any) => item.id).sort()).toEqual(bbox.json.features.map((item: any) => item.id).sort());
    const words = await get(`/stac/search?q=${encodeURIComponent(big.title)}&limit=250`);
    expect(words.status).toBe(200);
    expect(words.json.features.map((item: any) => item.collection)).toContain(big.name);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it.each([
    ['/stac/search?bbox=10,10,5,5', 'bbox'],
    ['/stac/search?bbox=1,2,3', 'bbox'],
    ['/stac/search?bbox=a,b,c,d', 'bbox'],
    [`/stac/search?bbox=0,40,5,50&intersects=${encodeURIComponent('{"type":"Point","coordinates":[1,2]}')}`, 'intersects'],
    ['/stac/search?intersects=notjson', 'intersects'],
    ['/stac/search?datetime=2024-13-01T00:00:00Z', 'datetime'],
    ['/stac/search?datetime=2024-01-01', 'datetime'],
    ['/stac/search?datetime=../..', 'datetime'],
    ['/stac/search?datetime=2024-02-01T00:00:00Z/2024-01-01T00:00:00Z', 'datetime'],
    ['/stac/search?limit=-1', 'limit'],
    ['/stac/search?limit=0', 'limit'],
    ['/stac/search?limit=ten', 'limit'],
    ['/stac/search?sortby=-properties.cloud_cover', 'sortby'],
    ['/stac/search?token=garbage', 'token'],
    ['/stac/search?collections=a/b', 'collections'],
  ])('answers %s 400 with a STAC error naming %s', async (path, parameter) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: 'BAD_USER_INPUT', description: expect.stringContaining(parameter), parameter });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses bad POST bodies naming the parameter', async () => {
    expect((await post('/stac/search', { bbox: [0, 40, 5, 50], intersects: { type: 'Polygon', coordinates: [] } })).json.parameter).toBe('intersects');
    expect((await post('/stac/search', { sortby: [{ field: 'eo:cloud_cover', direction: 'desc' }] })).json.parameter).toBe('sortby');
    expect((await post('/stac/search', { limit: -1 })).json.parameter).toBe('limit');
    expect((await post('/stac/search', { collections: 'BDTOPO' })).json.parameter).toBe('collections');
    const notJson = await get('/stac/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.parameter).toBe('body');
  });

  it('answers an OPTIONS preflight 204 with CORS headers, and CORS on every answer', async () => {
    const preflight = await fetch(`${root}/stac/search`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const itemPreflight = await fetch(`${root}/stac/collections/${big.name}/items/${big.editions[0]!.name}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'GET' },
    });
    expect(itemPreflight.status).toBe(204);
    for (const path of ['/stac', '/stac/collections', '/stac/search', `/stac/collections/${big.name}/items`]) {
      expect((await get(path)).headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});
