import { listingIdentity, listingPath } from '../../../src/upstream/format/listingPath';

// What the general path (URLSearchParams, keys sorted) writes, to pin the unfiltered fast path against it.
function throughSearchParams(segments: readonly string[], params: Record<string, string>): string {
  const query = new URLSearchParams();
  for (const key of Object.keys(params).sort()) query.append(key, params[key] as string);
  return `${segments.map((segment) => encodeURIComponent(segment)).join('/')}?${query.toString()}`;
}

describe('listingPath()', () => {
  it.each([
    [['capabilities'], {}, 1, 'capabilities?limit=50&page=1'],
    [['resource', 'BDORTHO'], {}, 12, 'resource/BDORTHO?limit=50&page=12'],
    [['resource', 'A B/C', 'é'], {}, 3, 'resource/A%20B%2FC/%C3%A9?limit=50&page=3'],
    [['resource', 'BDTOPO'], { zone: 'D001', format: 'GPKG' }, 2, 'resource/BDTOPO?format=GPKG&limit=50&page=2&zone=D001'],
    [['capabilities'], { zone: 'a b&c' }, 1, 'capabilities?limit=50&page=1&zone=a+b%26c'],
  ])('writes %j %j page %d as %s', (segments, params, page, expected) => {
    expect(listingPath(segments, params, page)).toBe(expected);
  });

  it('writes an unfiltered listing exactly as the general path would', () => {
    for (const segments of [['capabilities'], ['resource', 'BD ORTHO®'], ['resource', 'X', 'Y_2024-01-01']]) {
      for (const page of [1, 2, 77]) {
        expect(listingPath(segments, {}, page)).toBe(throughSearchParams(segments, { page: String(page), limit: '50' }));
      }
    }
  });
});

describe('listingPath() and listingIdentity() with a filter', () => {
  const values = ['2024-01-01', 'D075', 'GPKG', 'a*b-c.d_e', 'a b', 'x~y', "it's (ok)!", 'é', 'a+b=c&d', '%41', '', '\uD800', 'LAMB93'];
  it('write every filter exactly as URLSearchParams would, whether it needs escaping or not', () => {
    for (const value of values) {
      const filters: Array<Record<string, string>> = [
        { zone: value },
        { format: 'SHP', zone: value, editionDateFrom: value },
        { [`k${value}`]: 'v' },
        { page: '9', limit: 'a b', zone: value },
      ];
      for (const params of filters) {
        expect(listingPath(['resource', 'BDTOPO'], params, 3)).toBe(throughSearchParams(['resource', 'BDTOPO'], { ...params, page: '3', limit: '50' }));
        expect(listingIdentity(['resource', 'BDTOPO'], params)).toBe(throughSearchParams(['resource', 'BDTOPO'], params));
      }
    }
  });
});

describe('listingIdentity()', () => {
  it.each([
    [['capabilities'], {}, 'capabilities?'],
    [['resource', 'A B'], {}, 'resource/A%20B?'],
    [['resource', 'BDTOPO'], { zone: 'D001', format: 'GPKG' }, 'resource/BDTOPO?format=GPKG&zone=D001'],
  ])('identifies %j %j as %s', (segments, params, expected) => {
    expect(listingIdentity(segments, params)).toBe(expected);
    expect(listingIdentity(segments, params)).toBe(throughSearchParams(segments, params));
  });
});
