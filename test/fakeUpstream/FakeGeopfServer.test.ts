import { GPF_DL_NS } from './atomFeed';
import { buildCatalogue, findEdition, findResource } from './catalogue';
import type { FakeResource } from './catalogue';
import { FakeGeopfServer } from './FakeGeopfServer';
import type { Fault } from './FakeGeopfServer';
import { elements, entriesOf, entryIds, entryTitles, pagingOf, parseXml, str, strings } from './feedTestHelpers';
import { BDORTHO_MULTIPART, LIDAR_TILED_EDITION, ODD_FILE_NAME } from './specialResources';

const catalogue = buildCatalogue();

/** Private: a resource of the default catalogue, or a failed test. */
function resourceNamed(name: string): FakeResource {
  const r = findResource(catalogue, name);
  if (r === undefined) throw new Error(`expected ${name} in the catalogue`);
  return r;
}

/** A clock the test moves by hand; `step` is added on every read so plain tests never hit the rate limit. */
class ManualClock {
  constructor(
    public t = 0,
    private readonly step = 0,
  ) {}

  readonly now = (): number => {
    const value = this.t;
    this.t += this.step;
    return value;
  };
}

/** Private: a GET with optional headers; returns status, headers and text. */
async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Private: GET an Atom feed that must answer 200, parsed strictly. */
async function feed(url: string): Promise<Node> {
  const res = await get(url);
  if (res.status !== 200) throw new Error(`expected 200 from ${url}, got ${res.status}: ${res.body}`);
  return parseXml(res.body);
}

describe('FakeGeopfServer', () => {
  // 200 ms per request: 5 per second, below the default rate of 10.
  const clock = new ManualClock(0, 200);
  const server = new FakeGeopfServer({ catalogue, now: clock.now });
  let base = '';

  beforeAll(async () => {
    base = await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.setFault(undefined);
    server.clearRequests();
  });

  describe('start()', () => {
    it('listens on 127.0.0.1 and resolves to the base URL with /telechargement', () => {
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/telechargement$/);
    });
  });

  describe('GET /capabilities paging', () => {
    it('uses 10 entries per page when limit is absent and reports 116 entries in 12 pages', async () => {
      const doc = await feed(`${base}/capabilities`);
      expect(pagingOf(doc)).toEqual({ page: '1', pagesize: '10', pagecount: '12', totalentries: '116' });
      expect(entriesOf(doc)).toHaveLength(10);
      expect(entryIds(doc)[0]).toBe(`${base}/resource/ADMIN-EXPRESS`);
    });

    it('clamps limit above 50 to 50 silently', async () => {
      const doc = await feed(`${base}/capabilities?limit=200`);
      expect(pagingOf(doc)).toEqual({ page: '1', pagesize: '50', pagecount: '3', totalentries: '116' });
      expect(entriesOf(doc)).toHaveLength(50);
    });

    it('serves the short last page (6 entries ending with cartes, cartes_anciennes)', async () => {
      const doc = await feed(`${base}/capabilities?page=12`);
      expect(entryIds(doc).map((id) => id.split('/').pop())).toEqual(['SCAN50-HISTORIQUE', 'SCANEM10K', 'SCANEM40K', 'SCANREG', 'cartes', 'cartes_anciennes']);
      expect(entryTitles(doc).slice(-2)).toEqual(['Cartes IGN', 'Cartes anciennes']);
    });

    it('answers a page past the last with 200, no entries and the same totals', async () => {
      const doc = await feed(`${base}/capabilities?page=13`);
      expect(pagingOf(doc)).toEqual({ page: '13', pagesize: '10', pagecount: '12', totalentries: '116' });
      expect(entriesOf(doc)).toEqual([]);
    });

    it('lists every resource once, in catalogue order, across the pages', async () => {
      const pages = await Promise.all([1, 2, 3].map((p) => feed(`${base}/capabilities?limit=50&page=${p}`)));
      const names = pages.flatMap((doc) => entryIds(doc)).map((id) => decodeURIComponent(id.split('/').pop() ?? ''));
      expect(names).toEqual(catalogue.map((r) => r.name));
    });

    it.each(['page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=', 'limit=0', 'limit=x', 'limit=2.5'])('answers 400 in plain text for %s', async (query) => {
      const res = await get(`${base}/capabilities?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.body).toMatch(/^expected (page|limit) to be an integer >= 1, got /);
    });
  });

  describe('GET /capabilities entries', () => {
    it('gives each entry the display title, an id and a drill-down link to /resource/{NAME}', async () => {
      const doc = await feed(`${base}/capabilities?page=1&limit=10`);
      const bdortho = entriesOf(doc).find((e) => str('a:id', e).endsWith('/resource/BDORTHO'));
      expect(bdortho).toBeDefined();
      expect(str('a:title', bdortho as Node)).toBe('BD ORTHO®');
      expect(str('a:link[@rel="alternate"]/@href', bdortho as Node)).toBe(`${base}/resource/BDORTHO`);
      expect(str('a:link/@type', bdortho as Node)).toBe('application/atom+xml');
    });

    it('lists the zones, formats and CRS of all editions of the resource', async () => {
      const doc = await feed(`${base}/capabilities?limit=3`);
      const cog = entriesOf(doc)[1] as Node;
      expect(strings('gpf_dl:zone/@term', cog)).toEqual(['FRA', 'FXX', 'GLP', 'MTQ', 'GUF', 'REU', 'MYT']);
      expect(strings('gpf_dl:format/@term', cog).sort()).toEqual(['GPKG', 'SHP']);
      expect(strings('a:category/@term', cog)).toContain('EPSG:2154');
    });

    it('puts <id> before <link> on every other entry', async () => {
      const doc = await feed(`${base}/capabilities?limit=2`);
      expect(entriesOf(doc).map((e) => e.firstChild?.nodeName)).toEqual(['title', 'id']);
    });
  });

  describe('capabilities filters', () => {
    /** Private: every resource name the filtered capabilities return (50 per page, all pages). */
    async function namesFor(query: string): Promise<string[]> {
      const first = await feed(`${base}/capabilities?limit=50&${query}`);
      const pageCount = Number(pagingOf(first).pagecount);
      const rest = await Promise.all(
        Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => feed(`${base}/capabilities?limit=50&page=${i + 2}&${query}`)),
      );
      return [first, ...rest].flatMap((doc) => entryIds(doc)).map((id) => decodeURIComponent(id.split('/').pop() ?? ''));
    }

    /** Private: the names of the resources with at least one edition passing `test`. */
    function expected(test: (r: FakeResource) => boolean): string[] {
      return catalogue.filter(test).map((r) => r.name);
    }

    it('keeps resources with an edition in the zone (zone=D986 -> BDORTHO only)', async () => {
      expect(await namesFor('zone=D986')).toEqual(['BDORTHO']);
    });

    it('matches format case-insensitively (format=JP2 finds the jp2 products)', async () => {
      const names = await namesFor('format=JP2');
      expect(names).toEqual(expected((r) => r.editions.some((e) => e.format?.term === 'jp2')));
      expect(names).toEqual(expect.arrayContaining(['BDORTHO', 'SCAN50-HISTORIQUE']));
    });

    it('accepts crs as EPSG:2154 or 2154 alike', async () => {
      const withPrefix = await namesFor('crs=EPSG:2154');
      expect(withPrefix).toEqual(expected((r) => r.editions.some((e) => e.crs?.term === 'EPSG:2154')));
      expect(await namesFor('crs=2154')).toEqual(withPrefix);
      expect(withPrefix).not.toContain('cartes');
    });

    it('keeps resources with an edition in the language (lang=eng)', async () => {
      const names = await namesFor('lang=eng');
      expect(names).toEqual(expected((r) => r.editions.some((e) => e.lang === 'eng')));
      expect(names).toContain('EGM');
      expect(names).not.toContain('BDORTHO');
    });

    it('filters editionDateFrom/To inclusively on at least one edition', async () => {
      const names = await namesFor('editionDateFrom=2023-05-03&editionDateTo=2023-05-03');
      expect(names).toEqual(expected((r) => r.editions.some((e) => e.editionDate === '2023-05-03')));
      expect(names).toContain('ADMIN-EXPRESS-COG');
    });

    it('filters updatedFrom/To on the day part of the resource <updated>', async () => {
      const names = await namesFor('updatedFrom=2024-09-30&updatedTo=2024-09-30');
      expect(names).toEqual(expected((r) => r.updated.startsWith('2024-09-30')));
      expect(names).toEqual(expect.arrayContaining(['cartes', 'cartes_anciennes']));
    });

    it('matches thematic case-insensitively against the INSPIRE themes', async () => {
      const names = await namesFor('thematic=altitude');
      expect(names).toEqual(expected((r) => r.thematic.includes('Altitude')));
      expect(names).toEqual(expect.arrayContaining(['RGEALTI', 'BDALTI']));
    });

    it('keeps resources with an edition whose extent meets the polygon', async () => {
      // A small box over Wallis-et-Futuna: only the D986 BD ORTHO edition and the WLD products lie there.
      const names = await namesFor('polygon=-176.5,-13.5;-176.0,-13.5;-176.0,-13.0;-176.5,-13.0;-176.5,-13.5');
      expect(names).toContain('BDORTHO');
      expect(names).toEqual(expected((r) => r.editions.some((e) => e.bbox[0] <= -176.0 && e.bbox[2] >= -176.5 && e.bbox[1] <= -13.0 && e.bbox[3] >= -13.5)));
    });

    it('combines filters (zone=FXX&format=GPKG&lang=fre)', async () => {
      const names = await namesFor('zone=FXX&format=GPKG&lang=fre');
      expect(names).toEqual(expected((r) => r.editions.some((e) => e.zone?.term === 'FXX' && e.format?.term === 'GPKG' && e.lang === 'fre')));
    });

    it('ignores unknown parameters', async () => {
      const doc = await feed(`${base}/capabilities?foo=bar&pageSize=200`);
      expect(pagingOf(doc)).toEqual({ page: '1', pagesize: '10', pagecount: '12', totalentries: '116' });
    });

    it.each([
      ['polygon=1,2;3,4', 'polygon'],
      ['polygon=a,b;c,d;e,f', 'polygon'],
      ['polygon=200,0;1,1;2,2', 'polygon'],
      ['updatedFrom=2025-13-01', 'updatedFrom'],
      ['editionDateTo=2025/01/01', 'editionDateTo'],
      ['lang=fr', 'lang'],
    ])('answers 400 for the malformed %s', async (query, key) => {
      const res = await get(`${base}/capabilities?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toContain(`expected ${key}`);
    });
  });

  describe('GET /resource/{name}', () => {
    it('titles the feed with the display title and lists editions oldest first', async () => {
      const doc = await feed(`${base}/resource/ADMIN-EXPRESS-COG?limit=50`);
      expect(str('/a:feed/a:title', doc)).toBe('ADMIN EXPRESS COG');
      expect(pagingOf(doc)).toEqual({ page: '1', pagesize: '50', pagecount: '1', totalentries: '24' });
      const dates = strings('/a:feed/a:entry/gpf_dl:editionDate', doc);
      expect(dates).toHaveLength(24);
      expect(dates).toEqual([...dates].sort());
      expect(entryTitles(doc)[0]).toBe('ADMIN-EXPRESS-COG_3-1__SHP_WGS84G_FRA_2023-05-03');
    });

    it('gives each edition one zone, its format, CRS category and a link/id to /resource/{NAME}/{SUB}', async () => {
      const doc = await feed(`${base}/resource/ADMIN-EXPRESS-COG?zone=FXX&format=GPKG&editionDateTo=2025-12-31`);
      const [e] = entriesOf(doc);
      const sub = 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01';
      expect(entriesOf(doc)).toHaveLength(1);
      expect(str('a:title', e as Node)).toBe(sub);
      expect(str('a:id', e as Node)).toBe(`${base}/resource/ADMIN-EXPRESS-COG/${sub}`);
      expect(str('a:link/@href', e as Node)).toBe(`${base}/resource/ADMIN-EXPRESS-COG/${sub}`);
      expect(strings('gpf_dl:zone/@label', e as Node)).toEqual(['FXX France métropolitaine']);
      expect(str('a:category/@term', e as Node)).toBe('EPSG:2154');
      expect(str('gpf_dl:editionDate', e as Node)).toBe('2025-01-01');
    });

    it('pages BD ORTHO over 3+ pages of 50 without losing or repeating editions', async () => {
      const first = await feed(`${base}/resource/BDORTHO?limit=50`);
      const total = Number(pagingOf(first).totalentries);
      expect(total).toBe(resourceNamed('BDORTHO').editions.length);
      expect(Number(pagingOf(first).pagecount)).toBe(Math.ceil(total / 50));
      const rest = await Promise.all([2, 3].map((p) => feed(`${base}/resource/BDORTHO?limit=50&page=${p}`)));
      const titles = [first, ...rest].flatMap((doc) => entryTitles(doc));
      expect(titles).toHaveLength(total);
      expect(new Set(titles).size).toBe(total);
    });

    it('sorts editions by edition date, oldest first, even when the catalogue stores them otherwise', async () => {
      const pages = await Promise.all([1, 2, 3].map((p) => feed(`${base}/resource/BDORTHO?limit=50&page=${p}`)));
      const dates = pages.flatMap((doc) => strings('/a:feed/a:entry/gpf_dl:editionDate', doc));
      const stored = resourceNamed('BDORTHO').editions.map((e) => e.editionDate);
      expect(dates).not.toEqual(stored);
      expect(dates).toEqual([...dates].sort());
    });

    it('lists undated editions last, keeping their catalogue order', async () => {
      const doc = await feed(`${base}/resource/cartes_anciennes`);
      expect(entryTitles(doc)).toEqual(['cartes_anciennes_SCAN-EM-1950', 'cartes_anciennes_CASSINI', 'cartes_anciennes_ETAT-MAJOR-40K']);
    });

    it('filters zone, format, CRS and dates on the editions (zone=FRA&format=SHP -> 3)', async () => {
      const doc = await feed(`${base}/resource/ADMIN-EXPRESS-COG?zone=FRA&format=shp&crs=4326`);
      expect(entryTitles(doc)).toEqual([
        'ADMIN-EXPRESS-COG_3-1__SHP_WGS84G_FRA_2023-05-03',
        'ADMIN-EXPRESS-COG_4-0__SHP_WGS84G_FRA_2024-01-01',
        'ADMIN-EXPRESS-COG_4-0__SHP_WGS84G_FRA_2026-01-01',
      ]);
    });

    it('filters editions by polygon (a box on La Réunion keeps REU and the FRA editions)', async () => {
      const doc = await feed(`${base}/resource/ADMIN-EXPRESS-COG?limit=50&polygon=55.4,-21.2;55.6,-21.2;55.6,-21.0;55.4,-21.0`);
      const zones = new Set(strings('/a:feed/a:entry/gpf_dl:zone/@term', doc));
      expect([...zones].sort()).toEqual(['FRA', 'REU']);
    });

    it('answers an empty feed (0 entries, pagecount 0) when nothing matches', async () => {
      const doc = await feed(`${base}/resource/BDTOPO?zone=D999&format=GPKG&limit=50`);
      expect(pagingOf(doc)).toEqual({ page: '1', pagesize: '50', pagecount: '0', totalentries: '0' });
      expect(str('/a:feed/a:title', doc)).toBe('BD TOPO®');
      expect(entriesOf(doc)).toEqual([]);
    });

    it('omits zone, format, category and editionDate on untyped editions', async () => {
      const doc = await feed(`${base}/resource/cartes_anciennes`);
      expect(entriesOf(doc)).toHaveLength(3);
      expect(strings('/a:feed/a:entry/gpf_dl:editionDate', doc)).toEqual(['1950-01-01']);
      expect(elements('/a:feed/a:entry/gpf_dl:zone | /a:feed/a:entry/gpf_dl:format | /a:feed/a:entry/a:category', doc)).toEqual([]);
    });

    it('escapes & in titles (PARCS.JARDINS) and serves dotted ids', async () => {
      const doc = await feed(`${base}/resource/PARCS.JARDINS`);
      expect(str('/a:feed/a:title', doc)).toBe('Parcs & jardins remarquables');
    });
  });

  describe('GET /resource/{name}/{sub}', () => {
    it('silently truncates the 23 files of the split archive to 10 by default (3 pages)', async () => {
      const doc = await feed(`${base}/resource/BDORTHO/${BDORTHO_MULTIPART}`);
      expect(pagingOf(doc)).toEqual({ page: '1', pagesize: '10', pagecount: '3', totalentries: '23' });
      expect(entriesOf(doc)).toHaveLength(10);
      expect(str('/a:feed/a:title', doc)).toBe(BDORTHO_MULTIPART);
    });

    it('ends the split archive on page 3 with .7z.021, .7z.022 and the .md5', async () => {
      const doc = await feed(`${base}/resource/BDORTHO/${BDORTHO_MULTIPART}?page=3`);
      expect(entryTitles(doc)).toEqual([`${BDORTHO_MULTIPART}.7z.021`, `${BDORTHO_MULTIPART}.7z.022`, `${BDORTHO_MULTIPART}.md5`]);
      expect(strings('/a:feed/a:entry/a:link/@rel', doc)).toEqual(['section', 'section', 'alternate']);
    });

    it('writes the size in the namespaced gpf_dl:length attribute (no plain length)', async () => {
      const doc = await feed(`${base}/resource/BDORTHO/${BDORTHO_MULTIPART}?limit=1`);
      const link = elements('/a:feed/a:entry/a:link', doc)[0];
      expect(link?.getAttributeNS(GPF_DL_NS, 'length')).toBe('4294967296');
      expect(link?.hasAttributeNS(null, 'length')).toBe(false);
      expect(link?.getAttribute('type')).toBe('application/x-7z-compressed');
    });

    it('gives file entries the download URL as link and id, the MD5 as content, mime types, and updated only when known', async () => {
      const sub = 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01';
      const doc = await feed(`${base}/resource/ADMIN-EXPRESS-COG/${sub}?limit=50`);
      const [archive, md5] = entriesOf(doc);
      if (archive === undefined || md5 === undefined) throw new Error('expected 2 file entries');
      const files = findEdition(resourceNamed('ADMIN-EXPRESS-COG'), sub)?.files ?? [];
      expect(str('a:id', archive)).toBe(`${base}/download/ADMIN-EXPRESS-COG/${sub}/${sub}.7z`);
      expect(str('a:link/@href', archive)).toBe(str('a:id', archive));
      expect(str('a:link/@gpf_dl:length', archive)).toBe('245318112');
      expect(str('a:content', archive)).toBe(files[0]?.md5);
      expect(strings('gpf_dl:mime_type', archive)).toEqual(['application/geopackage+sqlite3']);
      expect(elements('a:updated', archive)).toHaveLength(1);
      expect(str('a:title', md5)).toBe(`${sub}.md5`);
      expect(elements('a:updated | gpf_dl:mime_type', md5)).toEqual([]);
    });

    it('needs 2 pages of 50 for the edition with more than 50 files', async () => {
      const doc = await feed(`${base}/resource/MNT-LIDARHD/${LIDAR_TILED_EDITION}?limit=50&page=2`);
      expect(pagingOf(doc)).toEqual({ page: '2', pagesize: '50', pagecount: '2', totalentries: '57' });
      expect(entriesOf(doc)).toHaveLength(7);
    });
  });

  describe('percent-encoded names', () => {
    it('percent-encodes path segments in hrefs and decodes them in requests', async () => {
      const sub = 'cartes_anciennes_CASSINI';
      const doc = await feed(`${base}/resource/cartes_anciennes/${sub}`);
      const encoded = 'notice%20Cassini%20%26%20l%C3%A9gende.pdf';
      const href = strings('/a:feed/a:entry/a:link/@href', doc).find((h) => h.endsWith('.pdf'));
      expect(href).toBe(`${base}/download/cartes_anciennes/${sub}/${encoded}`);
      expect(strings('/a:feed/a:entry/a:title', doc)).toContain(ODD_FILE_NAME);

      server.clearRequests();
      const res = await get(href ?? '');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(server.requests[0]?.path).toBe(`/telechargement/download/cartes_anciennes/${sub}/${ODD_FILE_NAME}`);
      expect(server.requests[0]?.rawUrl).toBe(`/telechargement/download/cartes_anciennes/${sub}/${encoded}`);
    });

    it('decodes an encoded resource name in the route', async () => {
      const doc = await feed(`${base}/resource/PARCS%2EJARDINS`);
      expect(str('/a:feed/a:title', doc)).toBe('Parcs & jardins remarquables');
    });
  });

  describe('GET /download/{name}/{sub}/{file}', () => {
    it('serves a placeholder body with its Content-Length and the file type', async () => {
      const sub = 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2026-01-01';
      const res = await get(`${base}/download/ADMIN-EXPRESS-COG/${sub}/${sub}.7z`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-7z-compressed');
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.body));
      expect(res.body).toContain(`${sub}.7z`);
    });
  });

  describe('404s', () => {
    it.each([
      ['an unknown resource', '/telechargement/resource/NOPE'],
      ['a resource in the wrong case', '/telechargement/resource/bdortho'],
      ['an unknown sub-resource', '/telechargement/resource/BDORTHO/NOPE'],
      ['an unknown file', `/telechargement/download/BDORTHO/${BDORTHO_MULTIPART}/nope.7z`],
      ['a file of another sub-resource', `/telechargement/download/BDTOPO/${BDORTHO_MULTIPART}/${BDORTHO_MULTIPART}.md5`],
      ['an unknown route', '/telechargement/nope'],
      ['a path outside the base path', '/other/capabilities'],
      ['a path too deep', '/telechargement/resource/BDORTHO/a/b'],
    ])('answers 404 in plain text for %s', async (_, path) => {
      const res = await get(`${new URL(base).origin}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    it('answers 404 to methods other than GET and HEAD', async () => {
      const res = await fetch(`${base}/capabilities`, { method: 'POST', body: 'x' });
      expect(res.status).toBe(404);
    });
  });

  describe('content negotiation', () => {
    it('answers Atom with application/atom+xml;charset=UTF-8 by default', async () => {
      const res = await get(`${base}/capabilities`);
      expect(res.headers.get('content-type')).toBe('application/atom+xml;charset=UTF-8');
      expect(res.body.startsWith('<?xml')).toBe(true);
    });

    it.each(['application/atom+xml', 'application/atom+xml, application/xml, */*', 'application/json, application/xml'])(
      'answers Atom to Accept: %s',
      async (accept) => {
        const res = await get(`${base}/capabilities`, { accept });
        expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
      },
    );

    it('answers JSON with the samples keys to Accept: application/json', async () => {
      const res = await get(`${base}/resource/BDORTHO?limit=2`, { accept: 'application/json, text/plain, */*' });
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      const body = JSON.parse(res.body) as { pagecount: number; totalentries: number; entry: Array<Record<string, unknown>> };
      expect(Object.keys(body)).toEqual(['pagecount', 'totalentries', 'entry']);
      expect(body.totalentries).toBe(resourceNamed('BDORTHO').editions.length);
      expect(body.pagecount).toBe(Math.ceil(body.totalentries / 2));
      expect(body.entry).toHaveLength(2);
      expect(Object.keys(body.entry[0] ?? {})).toEqual(['title', 'id', 'link', 'zone', 'format', 'category', 'editionDate']);
    });

    it('puts the file size in link[].length in JSON', async () => {
      const res = await get(`${base}/resource/BDORTHO/${BDORTHO_MULTIPART}?limit=1&outputFormat=application/json`);
      const body = JSON.parse(res.body) as { entry: Array<{ link: Array<{ length?: number; rel: string }> }> };
      expect(body.entry[0]?.link[0]).toMatchObject({ length: 4294967296, rel: 'section' });
    });
  });

  describe('request log', () => {
    it('records method, decoded path, raw URL, first query values, headers and clock time', async () => {
      const before = clock.t;
      await get(`${base}/capabilities?page=2&limit=5&limit=7&zone=D075`, { 'user-agent': 'subgraph-test/1.0' });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({
        method: 'GET',
        path: '/telechargement/capabilities',
        rawUrl: '/telechargement/capabilities?page=2&limit=5&limit=7&zone=D075',
        query: { page: '2', limit: '5', zone: 'D075' },
        status: 200,
        at: before,
      });
      expect(server.requests[0]?.headers['user-agent']).toBe('subgraph-test/1.0');
    });

    it('empties the log on clearRequests()', async () => {
      await get(`${base}/capabilities`);
      server.clearRequests();
      expect(server.requests).toEqual([]);
    });
  });

  describe('fault injection', () => {
    it('replaces the answer of matching requests only, and records the faulted status', async () => {
      server.setFault((req) => (req.path.endsWith('/resource/BDORTHO') ? { status: 503, body: 'indisponible' } : undefined));
      const faulted = await get(`${base}/resource/BDORTHO`);
      const normal = await get(`${base}/resource/BDTOPO`);
      expect([faulted.status, faulted.body]).toEqual([503, 'indisponible']);
      expect(normal.status).toBe(200);
      expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
    });

    it('serves a broken body as Atom with status 200 when only body is set', async () => {
      server.setFault(() => ({ body: '<feed><entry>' }));
      const res = await get(`${base}/capabilities`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
      expect(() => parseXml(res.body)).toThrow();
    });

    it('passes path and query to the picker', async () => {
      const seen: Array<{ path: string; query: Record<string, string> }> = [];
      server.setFault((req) => {
        seen.push(req);
        return undefined;
      });
      await get(`${base}/resource/BDORTHO?zone=D075`);
      expect(seen).toEqual([{ path: '/telechargement/resource/BDORTHO', query: { zone: 'D075' } }]);
    });

    it('adds headers to the real answer when no status or body is set', async () => {
      server.setFault(() => ({ headers: { 'X-Fault': 'yes' } }));
      const res = await get(`${base}/capabilities?limit=1`);
      expect(res.headers.get('x-fault')).toBe('yes');
      expect(entriesOf(parseXml(res.body))).toHaveLength(1);
    });

    it('delays the real answer by delayMs', async () => {
      server.setFault(() => ({ delayMs: 120 }));
      const started = performance.now();
      const res = await get(`${base}/capabilities?limit=1`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(100);
      expect(res.status).toBe(200);
    });

    it('stops applying faults after setFault(undefined)', async () => {
      server.setFault(() => ({ status: 500 }));
      server.setFault(undefined);
      expect((await get(`${base}/capabilities`)).status).toBe(200);
    });
  });
});

describe('FakeGeopfServer rate limit', () => {
  let server: FakeGeopfServer;
  let clock: ManualClock;
  let base = '';

  /** Private: GET /capabilities at clock time `t`, returning the status. */
  async function statusAt(t: number): Promise<number> {
    clock.t = t;
    const res = await fetch(`${base}/capabilities?limit=1`);
    await res.arrayBuffer();
    return res.status;
  }

  beforeEach(async () => {
    clock = new ManualClock();
    server = new FakeGeopfServer({ catalogue: buildCatalogue({ resourceCount: 3 }), now: clock.now });
    base = await server.start();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('answers 429 with Retry-After: 5 to the 11th request within 1000 ms', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await statusAt(i * 10));
    expect(statuses.every((s) => s === 200)).toBe(true);
    clock.t = 999;
    const res = await fetch(`${base}/capabilities`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.text()).toBe('erreur HTML 429');
  });

  it('lets requests through again once the window has slid past them', async () => {
    for (let i = 0; i < 10; i++) await statusAt(0);
    expect(await statusAt(999)).toBe(429);
    // At 1999 the window (999, 1999] holds this request alone.
    expect(await statusAt(1999)).toBe(200);
  });

  it('counts rejected requests in the window too', async () => {
    const limited = new FakeGeopfServer({ catalogue: buildCatalogue({ resourceCount: 3 }), now: clock.now, ratePerSecond: 2 });
    base = await limited.start();
    try {
      const statuses = [];
      for (const t of [0, 0, 600, 700, 1000, 1700]) statuses.push(await statusAt(t));
      // At 1000 only the two 429s (600, 700) are in the window: still over the limit because they count.
      expect(statuses).toEqual([200, 200, 429, 429, 429, 200]);
      expect(limited.requests.map((r) => r.status)).toEqual(statuses);
    } finally {
      await limited.stop();
    }
  });

  it('records 429s in the log and reports the busiest window', async () => {
    for (const t of [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950, 2000]) await statusAt(t);
    expect(server.requests.map((r) => r.status).filter((s) => s === 429)).toHaveLength(1);
    expect(server.maxRequestsInAnyWindow()).toBe(11);
    expect(server.maxRequestsInAnyWindow(100)).toBe(2);
  });

  it('answers 429 before consulting the fault picker', async () => {
    const picked: string[] = [];
    server.setFault((req) => {
      picked.push(req.path);
      return { status: 500 } satisfies Fault;
    });
    for (let i = 0; i < 10; i++) expect(await statusAt(0)).toBe(500);
    expect(await statusAt(0)).toBe(429);
    expect(picked).toHaveLength(10);
  });
});

describe('FakeGeopfServer sized downloads', () => {
  const sub = 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01';
  const archive = findEdition(resourceNamed('ADMIN-EXPRESS-COG'), sub)?.files.find((file) => file.name === `${sub}.7z`);
  const server = new FakeGeopfServer({ catalogue, now: new ManualClock(0, 200).now, sizedDownloads: true });
  let url = '';

  beforeAll(async () => {
    url = `${await server.start()}/download/ADMIN-EXPRESS-COG/${sub}`;
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => server.setDeviations(undefined));

  it('answers HEAD with the listed size, the file type and validators', async () => {
    const res = await fetch(`${url}/${sub}.7z`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(archive?.length));
    expect(res.headers.get('content-type')).toBe('application/x-7z-compressed');
    expect(res.headers.get('etag')).toBe(`"${archive?.md5}"`);
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
  });

  it('answers a Range with 206, the listed total and a 7z signature', async () => {
    const res = await fetch(`${url}/${sub}.7z`, { headers: { range: 'bytes=0-7' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-7/${archive?.length}`);
    expect(Buffer.from(await res.arrayBuffer()).toString('hex')).toBe('377abcaf271c0607');
  });

  it('still answers the .md5 companion with its md5sum text', async () => {
    const res = await get(`${url}/${sub}.md5`);
    expect(res.body).toBe(`${archive?.md5}  ${sub}.7z\n`);
  });

  it('departs from the real service only as the deviations in force say', async () => {
    server.setDeviations({ ignoreRange: true, noDownloadValidators: true, md5Style: 'bsd' });
    const whole = await fetch(`${url}/${sub}.7z`, { headers: { range: 'bytes=0-7' } });
    await whole.body?.cancel();
    expect([whole.status, whole.headers.get('etag'), whole.headers.get('last-modified')]).toEqual([200, null, null]);
    expect((await get(`${url}/${sub}.md5`)).body).toBe(`MD5 (${sub}.7z) = ${archive?.md5}\n`);
    server.setDeviations({ downloadRedirect: 'https://storage.example/a.7z' });
    const redirected = await fetch(`${url}/${sub}.7z`, { redirect: 'manual' });
    expect([redirected.status, redirected.headers.get('location')]).toEqual([302, 'https://storage.example/a.7z']);
  });
});

describe('FakeGeopfServer lifecycle', () => {
  it('stop() closes hanging requests and keep-alive sockets promptly', async () => {
    const server = new FakeGeopfServer({ catalogue: buildCatalogue({ resourceCount: 3 }) });
    const base = await server.start();
    await (await fetch(`${base}/capabilities`)).text(); // leaves a keep-alive socket
    server.setFault(() => ({ hang: true }));
    const hanging = fetch(`${base}/capabilities`).then(
      (r) => `answered ${r.status}`,
      (e: unknown) => `failed: ${String(e)}`,
    );
    await waitFor(() => server.requests.length === 2);
    const started = performance.now();
    await server.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toMatch(/^failed: /);
    expect(server.requests[1]?.status).toBe(0);
    await expect(fetch(`${base}/capabilities`)).rejects.toThrow();
  });

  it('serves another base path when asked', async () => {
    const server = new FakeGeopfServer({ catalogue: buildCatalogue({ resourceCount: 3 }), basePath: '/private/telechargement' });
    const base = await server.start();
    try {
      expect(base).toMatch(/\/private\/telechargement$/);
      expect((await fetch(`${base}/capabilities`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('rejects a non-positive rate', () => {
    expect(() => new FakeGeopfServer({ ratePerSecond: 0 })).toThrow('expected ratePerSecond > 0, got 0');
  });
});

/** Private: polls `done` on the event loop (no fixed sleep) until it holds, for at most 2 s. */
async function waitFor(done: () => boolean): Promise<void> {
  const deadline = performance.now() + 2000;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('expected the condition within 2 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
