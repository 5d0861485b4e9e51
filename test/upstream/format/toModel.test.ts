import { parseAtomFeed } from '../../../src/upstream/format/parseAtomFeed';
import { isRefusal, toFileEntry as mapFile, toResourceEntry as mapResource, toSubResourceEntry as mapSubResource } from '../../../src/upstream/format/toModel';
import type { Refusal } from '../../../src/upstream/format/toModel';
import { upstreamSample } from '../../helpers/fixtures';

// Private: the mapped entry, which must not be a refusal (the tests of refusals call the `map*` functions).
function accepted<E extends object>(mapped: E | Refusal): E {
  if (isRefusal(mapped)) throw mapped.refused;
  return mapped;
}
const toResourceEntry = (...args: Parameters<typeof mapResource>) => accepted(mapResource(...args));
const toSubResourceEntry = (...args: Parameters<typeof mapSubResource>) => accepted(mapSubResource(...args));
const toFileEntry = (...args: Parameters<typeof mapFile>) => accepted(mapFile(...args));

const BASE = 'https://data.geopf.fr/telechargement';
// The client's builder: `{base}/download/{resource}/{edition}/{file}` (its `download/` root bounds feed URLs).
const noFallback = (name: string) => `${BASE}/download/R/S/${encodeURIComponent(name)}`;
const FEED_OPEN =
  `<feed xmlns:gpf_dl="https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd" xmlns="http://www.w3.org/2005/Atom" ` +
  `gpf_dl:page="1" gpf_dl:pagesize="50" gpf_dl:pagecount="1" gpf_dl:totalentries="1">`;

describe('toResourceEntry()', () => {
  it('takes the name from <id>, not from the display title', () => {
    const entries = parseAtomFeed(upstreamSample('capabilities-page1.xml')).entries.map(toResourceEntry);
    const ortho = entries.find((entry) => entry.title === 'BD ORTHO®');
    expect(ortho).toMatchObject({ name: 'BDORTHO', title: 'BD ORTHO®', updated: '2026-05-28T14:59:00+01:00' });
    expect(entries.map((entry) => entry.name).slice(0, 3)).toEqual(['ADMIN-EXPRESS', 'ADMIN-EXPRESS-COG', 'ADMIN-EXPRESS-COG-CARTO']);
  });

  it('keeps lower-case names and entries without facets', () => {
    const entries = parseAtomFeed(upstreamSample('capabilities-last-page.xml')).entries.map(toResourceEntry);
    expect(entries.slice(-2)).toEqual([
      { name: 'cartes', title: 'cartes', description: null, updated: '2024-09-30T14:59:00+01:00', zones: [], formats: [], crs: [] },
      { name: 'cartes_anciennes', title: 'Cartes anciennes', description: null, updated: '2024-09-30T14:59:00+01:00', zones: [], formats: [], crs: [] },
    ]);
  });

  it('falls back to the drill-down link when <id> is missing, and decodes percent-encoding', () => {
    const xml = `${FEED_OPEN}<entry><title>Parcs</title><link href="https://h/telechargement/resource/PARCS.JARDINS%20X" type="application/atom+xml"/><content>Parcs et jardins</content></entry></feed>`;
    expect(toResourceEntry(parseAtomFeed(xml).entries[0]!)).toMatchObject({ name: 'PARCS.JARDINS X', description: 'Parcs et jardins' });
  });
});

describe('toSubResourceEntry()', () => {
  it('reads zone, format, CRS and edition date from their elements', () => {
    const feed = parseAtomFeed(upstreamSample('resource-ADMIN-EXPRESS-COG-page1.xml'));
    expect(toSubResourceEntry(feed.entries[3]!, 'ADMIN-EXPRESS-COG')).toEqual({
      resourceName: 'ADMIN-EXPRESS-COG',
      name: 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01',
      title: 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01',
      updated: '2025-06-12T14:59:00+01:00',
      editionDate: '2025-01-01',
      zone: { code: 'FXX', label: 'FXX France métropolitaine' },
      format: { code: 'GPKG', label: 'GPKG (GeoPackage)' },
      crs: { code: 'EPSG:2154', label: 'RGF93 v1 / Lambert-93' },
    });
  });

  it('does not parse facets out of a name that lacks them', () => {
    const xml = `${FEED_OPEN}<entry><title>BDORTHO_2-0_GRAPHE-MOSAIQUAGE_LAMB93_D075_2024-01-01</title><id>https://h/resource/BDORTHO/BDORTHO_2-0_GRAPHE-MOSAIQUAGE_LAMB93_D075_2024-01-01</id></entry></feed>`;
    expect(toSubResourceEntry(parseAtomFeed(xml).entries[0]!, 'BDORTHO')).toMatchObject({
      name: 'BDORTHO_2-0_GRAPHE-MOSAIQUAGE_LAMB93_D075_2024-01-01',
      zone: null,
      format: null,
      crs: null,
      editionDate: null,
    });
  });
});

describe('toFileEntry()', () => {
  const sub = 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01';
  const files = parseAtomFeed(upstreamSample(`subresource-${sub}.xml`)).entries.map((entry) => toFileEntry(entry, 'ADMIN-EXPRESS-COG', sub, noFallback));

  it('reads the archive: download URL, exact size, media types and the md5 in <content>', () => {
    expect(files[0]).toEqual({
      resourceName: 'ADMIN-EXPRESS-COG',
      subResourceName: sub,
      name: `${sub}.7z`,
      title: `${sub}.7z`,
      url: `https://data.geopf.fr/telechargement/download/ADMIN-EXPRESS-COG/${sub}/${sub}.7z`,
      size: 245318112,
      mediaType: 'application/x-7z-compressed',
      md5: '02f0366e11dd9e9ac0f2eaecfb2a8e4f',
      contentMediaTypes: ['application/geopackage+sqlite3'],
      isArchiveVolume: false,
      updated: '2025-06-12T14:59:00+01:00',
    });
  });

  it('reads the .md5 companion as a file of its own, with no <updated>', () => {
    expect(files[1]).toMatchObject({ name: `${sub}.md5`, size: 151, md5: '109feef5b733592a467af6c8f7494097', updated: null });
  });

  it('keeps sizes beyond 2^32 exact and marks split-archive volumes', () => {
    const parts = parseAtomFeed(upstreamSample('subresource-BDORTHO-multipart-page3-last.xml')).entries.map((entry) =>
      toFileEntry(entry, 'BDORTHO', 'S', noFallback),
    );
    expect(parts.map((part) => [part.name.slice(-7), part.size, part.isArchiveVolume])).toEqual([
      ['.7z.021', 4294967296, true],
      ['.7z.022', 1873425530, true],
      ['-01.md5', 1873, false],
    ]);
  });

  it('gives a null md5 when <content> is not one, and builds the URL when no link or id names it', () => {
    const xml = `${FEED_OPEN}<entry><title>readme.pdf</title><content>Notice du produit</content></entry></feed>`;
    expect(toFileEntry(parseAtomFeed(xml).entries[0]!, 'R', 'S', noFallback)).toMatchObject({
      name: 'readme.pdf',
      md5: null,
      size: null,
      url: `${BASE}/download/R/S/readme.pdf`,
      isArchiveVolume: false,
    });
  });

  it('accepts a plain length attribute and upper-case md5, and rejects a non-numeric size', () => {
    const xml = `${FEED_OPEN}<entry><link href="${BASE}/download/R/S/a.7z" length="12"/><content>02F0366E11DD9E9AC0F2EAECFB2A8E4F</content></entry><entry><link href="${BASE}/download/R/S/b.7z" gpf_dl:length="12 MB"/></entry></feed>`;
    const [a, b] = parseAtomFeed(xml.replace('totalentries="1"', 'totalentries="2"')).entries.map((entry) => toFileEntry(entry, 'R', 'S', noFallback));
    expect(a).toMatchObject({ name: 'a.7z', size: 12, md5: '02f0366e11dd9e9ac0f2eaecfb2a8e4f' });
    expect(b).toMatchObject({ name: 'b.7z', size: null });
  });
});

describe('hostile names and URLs', () => {
  const entry = (inner: string) => parseAtomFeed(`${FEED_OPEN}<entry>${inner}</entry></feed>`).entries[0]!;
  const fileWithLink = (href: string) => entry(`<title>f</title><link href="${href}" rel="alternate"/>`);

  it.each([
    ['a newline', 'S&#10;touch pwned'],
    ['a heredoc terminator', 'a.7z&#10;MD5&#10;touch pwned'],
    ['a backslash', 'a\\b'],
    ['a dot segment', '..'],
    ['a dot', '.'],
    ['a tab', 'a&#9;b'],
    ['a DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a line separator', 'a\u2028b'],
    ['256 characters', 'x'.repeat(256)],
  ])('refuses a file name with %s: the entry alone, as UPSTREAM_BAD_RESPONSE naming it', (_what, name) => {
    const xml = entry(`<title>${name}</title>`);
    const title = xml.title as string;
    const mapped = mapFile(xml, 'R', 'S', noFallback);
    expect(isRefusal(mapped) && mapped.refused).toMatchObject({
      extensions: { code: 'UPSTREAM_BAD_RESPONSE' },
      message: expect.stringContaining(JSON.stringify(title.length > 80 ? `${title.slice(0, 80)}…` : title)),
    });
  });

  it.each([
    ['a quote', "notice d'utilisation.pdf"],
    ['a double quote', 'say "cheese".zip'],
    ['a command substitution', '$(touch pwned)'],
    ['a backquote', '`id`'],
    ['a semicolon, a pipe and an ampersand', 'a;b|c&d'],
    ['a hash and a percent', '#1 100%.7z'],
    ['a leading dash', '-rf'],
    ['spaces at both ends', '  spaced  '],
    ['a right-to-left override', 'invoice\u202egpj.exe'],
    ['a look-alike', '\u0410DMIN-EXPRESS.7z'],
    ['255 characters', 'x'.repeat(255)],
    ['a single space', ' '],
  ])('accepts a file name with %s, exactly as listed (its link, percent-encoded)', (_what, name) => {
    const file = toFileEntry(fileWithLink(`${BASE}/download/R/S/${encodeURIComponent(name)}`), 'R', 'S', noFallback);
    expect(file.name).toBe(name);
    expect(file.url).toBe(`${BASE}/download/R/S/${encodeURIComponent(name)}`);
  });

  it('refuses hostile product and edition names (a line feed, a slash once decoded), and keeps the real ones', () => {
    expect(mapResource(entry('<title>x</title><id>https://h/resource/A%0Aid</id>'))).toMatchObject({
      refused: { extensions: { code: 'UPSTREAM_BAD_RESPONSE' } },
    });
    expect(mapSubResource(entry('<title>x</title><id>https://h/resource/R/a%2F..%2Fb</id>'), 'R')).toMatchObject({
      refused: { extensions: { code: 'UPSTREAM_BAD_RESPONSE' } },
    });
    expect(toSubResourceEntry(entry("<title>x</title><id>https://h/resource/R/it'%24(id)</id>"), 'R').name).toBe("it'$(id)");
    // A dot segment as written is refused, never resolved by the URL parser to the parent's name.
    for (const id of [
      'https://h/telechargement/resource/..',
      'https://h/telechargement/resource/%2e%2E',
      'https://h/telechargement/resource/./',
      'https://h/resource/..?x#y',
    ])
      expect([id, mapResource(entry(`<title>..</title><id>${id}</id>`))]).toMatchObject([id, { refused: { extensions: { code: 'UPSTREAM_BAD_RESPONSE' } } }]);
    for (const name of [
      'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01.7z.001',
      'PARCS.JARDINS',
      'cartes_anciennes',
      'notice Cassini & légende.pdf',
      'IGNF_FRANCE-RELIEF',
    ]) {
      expect(toFileEntry(entry(`<title>${name.replace('&', '&amp;')}</title>`), 'R', 'S', noFallback).name).toBe(name);
    }
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://evil.example/telechargement/download/R/S/f',
    'http://data.geopf.fr/telechargement/download/R/S/f',
    'https://data.geopf.fr/telechargement/resource/R/S/f',
    'https://data.geopf.fr/telechargement/download/../capabilities',
    'https://data.geopf.fr/telechargement/download/%2e%2e/capabilities',
    'https://user:pw@data.geopf.fr/telechargement/download/R/S/f',
    'https://data.geopf.fr/telechargement/download/',
    'https://data.geopf.fr.evil.example/telechargement/download/R/S/f',
    '/telechargement/download/R/S/f',
  ])('refuses the download URL %s: the entry alone', (href) => {
    expect(mapFile(fileWithLink(href), 'R', 'S', noFallback)).toMatchObject({
      refused: {
        extensions: { code: 'UPSTREAM_BAD_RESPONSE' },
        message: expect.stringMatching(/^The upstream subResource listing gives file ".+" a download URL outside/),
      },
    });
  });

  it('accepts a URL under the download path, whatever its edition, and hands it out normalised', () => {
    expect(toFileEntry(fileWithLink(`${BASE}/download/OTHER/S2/f`), 'R', 'S', noFallback).url).toBe(`${BASE}/download/OTHER/S2/f`);
    expect(toFileEntry(fileWithLink(`${BASE}/download/R/./S/f`), 'R', 'S', noFallback).url).toBe(`${BASE}/download/R/S/f`);
  });
});
