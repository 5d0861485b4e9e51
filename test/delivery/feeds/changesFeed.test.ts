import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ChangeKind } from '../../../src/catalogue/changes/ChangeEvent';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { createChangesFeedHandler } from '../../../src/delivery/feeds/createChangesFeedHandler';
import { ATOM_NS, CHANGE_KIND_SCHEME } from '../../../src/delivery/feeds/renderChangesFeed';
import { joinBaseUrl } from '../../../src/upstream/format/listingPath';
import { editionAdded } from '../../catalogue/changes/sampleEvents';
import { hostileName } from '../../helpers/hostileNames';
import { seededRandom } from '../../helpers/seededRandom';

const BASE = 'https://upstream.test/telechargement';

let source: MemoryChangeSource;
let server: Server;
let origin: string;

beforeEach(async () => {
  source = new MemoryChangeSource();
  const feed = createChangesFeedHandler({ source, listingUrl: (segments) => joinBaseUrl(BASE, segments.map(encodeURIComponent).join('/')) });
  server = createServer((request, response) => {
    if (feed.handles(request)) void feed.serve(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('GET /feeds/changes.atom', () => {
  it('is a valid Atom 1.0 feed of the matching events, newest first, linking each to its edition listing', async () => {
    source.record(editionAdded('D029', 'GPKG', '2026-03-15T04:00:00.000Z'));
    source.record(editionAdded('D075', 'GPKG', '2026-03-15T05:00:00.000Z'));
    source.record(editionAdded('D029', 'SHP', '2026-03-15T06:00:00.000Z'));
    source.record(editionAdded('D029', 'GPKG', '2026-04-15T04:00:00.000Z'));

    const answer = await fetch(`${origin}/feeds/changes.atom?resource=BDTOPO&zone=29&format=GPKG`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = parseAtom(await answer.text());

    expect(text(feed, 'title')).toBe('Catalogue changes: BDTOPO, 29, GPKG');
    expect(text(feed, 'updated')).toBe('2026-04-15T04:00:00.000Z');
    const entries = children(feed, 'entry');
    expect(entries.map((entry) => text(entry, 'updated'))).toEqual(['2026-04-15T04:00:00.000Z', '2026-03-15T04:00:00.000Z']);
    expect(text(entries[1] as Element, 'title')).toBe('BDTOPO: new edition BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15');
    expect(text(entries[1] as Element, 'summary')).toContain('zone D029, format GPKG, CRS EPSG:2154, edition date 2026-03-15');
    expect(links(entries[1] as Element)).toEqual({ alternate: `${BASE}/resource/BDTOPO/BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15` });
    const category = children(entries[1] as Element, 'category')[0];
    expect([category?.getAttribute('scheme'), category?.getAttribute('term')]).toEqual([CHANGE_KIND_SCHEME, ChangeKind.EDITION_ADDED]);
    expect(links(feed)['self']).toBe('/feeds/changes.atom?resource=BDTOPO&zone=29&format=GPKG');
    expect(links(feed)['next']).toBeUndefined();
  });

  it('pages older entries through rel="next", each page a valid feed with the same id', async () => {
    for (let day = 1; day <= 5; day += 1) source.record(editionAdded('D029', 'GPKG', `2026-03-0${day}T04:00:00.000Z`));

    const seen: string[] = [];
    const feedIds = new Set<string>();
    let href: string | undefined = '/feeds/changes.atom?zone=Finist%C3%A8re&limit=2';
    while (href !== undefined) {
      const feed = parseAtom(await (await fetch(new URL(href, origin))).text());
      feedIds.add(text(feed, 'id'));
      seen.push(...children(feed, 'entry').map((entry) => text(entry, 'updated').slice(0, 10)));
      href = links(feed)['next'];
    }
    expect(seen).toEqual(['2026-03-05', '2026-03-04', '2026-03-03', '2026-03-02', '2026-03-01']);
    expect(feedIds.size).toBe(1);
  });

  it('answers 304 to If-None-Match and If-Modified-Since while nothing new matches, 200 once something does', async () => {
    source.record(editionAdded('D029', 'GPKG', '2026-03-15T04:00:00.000Z'));
    const url = `${origin}/feeds/changes.atom?zone=29`;
    const first = await fetch(url);
    await first.text();
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    expect(lastModified).toBe('Sun, 15 Mar 2026 04:00:00 GMT');

    source.record(editionAdded('D075', 'GPKG', '2026-03-16T04:00:00.000Z'));
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);

    source.record(editionAdded('D029', 'GPKG', '2026-03-17T04:00:00.000Z'));
    const changed = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await fetch(url, { headers: { 'if-modified-since': lastModified } })).status).toBe(200);
  });

  it('escapes what it did not write itself', async () => {
    source.record({
      ...editionAdded('D029'),
      kind: ChangeKind.EDITION_CHANGED,
      changes: [{ field: 'title', before: 'a < b & "c"', after: "]]></summary><x>'\u0001" }],
    });
    const feed = parseAtom(await (await fetch(`${origin}/feeds/changes.atom`)).text());
    expect(text(children(feed, 'entry')[0] as Element, 'summary')).toContain('title: a < b & "c" → ]]></summary><x>\'.');
  });

  it('writes any product and edition name the upstream may list as text of its entry, and as one segment of its link', async () => {
    const rand = seededRandom(4287);
    const recorded = Array.from({ length: 100 }, () => {
      const [product, edition] = [hostileName(rand), hostileName(rand)];
      source.record({ ...editionAdded('D029'), resourceName: product, editionName: edition });
      return { product, edition };
    });
    const feed = parseAtom(await (await fetch(`${origin}/feeds/changes.atom?limit=100`)).text());
    const entries = children(feed, 'entry').reverse();
    expect(entries).toHaveLength(100);
    entries.forEach((entry, index) => {
      const { product, edition } = recorded[index]!;
      expect(text(entry, 'title')).toBe(`${product}: new edition ${edition}`);
      const segments = new URL(links(entry)['alternate'] as string).pathname.split('/').slice(-3).map(decodeURIComponent);
      expect(segments).toEqual(['resource', product, edition]);
    });
  });

  it.each([
    ['zone=Atlantis', /^zone: expected a zone code or name/],
    ['resource=..', /^resource: expected an upstream name/],
    ['format=%3Cb%3E', /^format: expected a format code/],
    ['kind=EATEN', /^kind: expected one of EDITION_ADDED/],
    ['zone=', /^zone: expected one or more comma-separated values/],
    ['limit=0', /^limit: expected an integer from 1 to 200/],
    ['before=x', /^before: expected a change number/],
    ['color=red', /^color: unknown parameter/],
  ])('answers 400 to %s with a plain message naming the parameter', async (search, message) => {
    const answer = await fetch(`${origin}/feeds/changes.atom?${search}`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await answer.text()).toMatch(message);
  });
});

/** Parses `xml` (failing on any XML error) and checks what RFC 4287 requires of a feed and of each entry. */
function parseAtom(xml: string): Element {
  const problems: string[] = [];
  const document = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(xml, 'application/xml');
  expect(problems).toEqual([]);
  const feed = document.documentElement as Element;
  expect([feed.namespaceURI, feed.localName]).toEqual([ATOM_NS, 'feed']);
  for (const name of ['id', 'title', 'updated']) expect(children(feed, name)).toHaveLength(1);
  expect(children(feed, 'author').length).toBeGreaterThan(0);
  expect(text(children(feed, 'author')[0] as Element, 'name')).not.toBe('');
  expect(links(feed)['self']).toBeDefined();
  expect(text(feed, 'id')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const ids = new Set<string>();
  for (const entry of children(feed, 'entry')) {
    for (const name of ['id', 'title', 'updated']) expect(children(entry, name)).toHaveLength(1);
    expect(text(entry, 'updated')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    // No atom:content, so an alternate link is required (§4.1.1.1).
    expect(links(entry)['alternate']).toMatch(/^https?:\/\//);
    ids.add(text(entry, 'id'));
  }
  expect(ids.size).toBe(children(feed, 'entry').length);
  return feed;
}

function children(parent: Element, localName: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element => node.nodeType === 1 && (node as Element).namespaceURI === ATOM_NS && (node as Element).localName === localName,
  );
}

function text(parent: Element, localName: string): string {
  return children(parent, localName)[0]?.textContent ?? '';
}

function links(parent: Element): Record<string, string> {
  return Object.fromEntries(children(parent, 'link').map((link) => [link.getAttribute('rel') ?? 'alternate', link.getAttribute('href') ?? '']));
}
