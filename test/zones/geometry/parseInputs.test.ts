import { BadUserInputError, ErrorCode } from '../../../src/core/errors';
import { MAX_GEOMETRY_POSITIONS, parseGeometryInput } from '../../../src/zones/geometry/parseGeometryInput';
import { parseBBoxInput } from '../../../src/zones/geometry/parseBBoxInput';
import { parsePointInput, parsePointText } from '../../../src/zones/geometry/parsePointInput';
import { square } from './shapes';

// Private: the BadUserInputError a call throws, or a failure when it throws none or another error.
function errorOf(call: () => unknown): BadUserInputError {
  try {
    call();
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error('expected a BadUserInputError, got no error');
}

const ring = square(-5, 45, 1);

describe('parseGeometryInput()', () => {
  it.each([
    ['a Polygon', { type: 'Polygon', coordinates: [ring] }],
    ['a MultiPolygon', { type: 'MultiPolygon', coordinates: [[ring], [square(0, 0, 1)]] }],
    ['a Feature holding a Polygon', { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }],
    ['GeoJSON text', JSON.stringify({ type: 'Polygon', coordinates: [ring] })],
  ])('accepts %s', (_, value) => {
    expect(parseGeometryInput(value).type).toMatch(/Polygon/);
  });

  it('drops altitudes', () => {
    const withAltitude = ring.map(([x, y]) => [x, y, 12]);
    expect(parseGeometryInput({ type: 'Polygon', coordinates: [withAltitude] })).toEqual({ type: 'Polygon', coordinates: [ring] });
  });

  const tooMany = Array.from({ length: 100_000 }, (_, i) => [i / 1e5, 0]);
  tooMany.push([0, 0]);
  it.each([
    ['a Point', { type: 'Point', coordinates: [0, 0] }, /got a "Point"/],
    ['a string that is not JSON', '{"type":', /got text that is not JSON/],
    ['a huge string', 'x'.repeat(2_000_000), /got 2000000 characters/],
    ['null', null, /got null/],
    ['a number', 42, /got number 42/],
    ['an unclosed ring', { type: 'Polygon', coordinates: [ring.slice(0, 4)] }, /ring 0 that is not closed/],
    [
      'a ring of 3 positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      /ring 0 of 3 positions/,
    ],
    ['a longitude out of range', { type: 'Polygon', coordinates: [square(179.5, 0, 1)] }, /out of range \(180.5, 0/],
    ['a latitude out of range', { type: 'Polygon', coordinates: [square(0, 89.5, 1)] }, /out of range/],
    [
      'NaN',
      {
        type: 'Polygon',
        coordinates: [
          [
            [NaN, 0],
            [1, 0],
            [1, 1],
            [NaN, 0],
          ],
        ],
      },
      /not two finite numbers/,
    ],
    [
      'Infinity',
      {
        type: 'Polygon',
        coordinates: [
          [
            [Infinity, 0],
            [1, 0],
            [1, 1],
            [Infinity, 0],
          ],
        ],
      },
      /not two finite numbers/,
    ],
    [
      'strings for numbers',
      {
        type: 'Polygon',
        coordinates: [
          [
            ['0', 0],
            [1, 0],
            [1, 1],
            ['0', 0],
          ],
        ],
      },
      /not two finite numbers/,
    ],
    ['no coordinates', { type: 'Polygon' }, /coordinates that is not a list of rings/],
    ['an empty MultiPolygon', { type: 'MultiPolygon', coordinates: [] }, /without polygons/],
    ['100,001 positions', { type: 'Polygon', coordinates: [tooMany] }, new RegExp(`more than ${MAX_GEOMETRY_POSITIONS} positions`)],
  ])('refuses %s with BAD_USER_INPUT', (_, value, message) => {
    const error = errorOf(() => parseGeometryInput(value, 'filter.intersects'));
    expect(error.message).toMatch(/^filter\.intersects: expected a GeoJSON Polygon or MultiPolygon/);
    expect(error.message).toMatch(message);
    expect(error.message.length).toBeLessThan(400);
    expect(error.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT, argumentName: 'filter.intersects' });
  });

  it('counts positions across all rings and polygons', () => {
    const big = square(0, 0, 1);
    const polygons = Array.from({ length: MAX_GEOMETRY_POSITIONS / 5 + 1 }, () => [big]);
    expect(errorOf(() => parseGeometryInput({ type: 'MultiPolygon', coordinates: polygons })).message).toMatch(/more than 10000 positions/);
  });
});

describe('parseBBoxInput()', () => {
  it('accepts [minLon, minLat, maxLon, maxLat]', () => {
    expect(parseBBoxInput([-5, 47, -1, 49])).toEqual([-5, 47, -1, 49]);
  });

  it.each([
    [[-5, 47, -1], /got an array of 3 items/],
    [[1, 2, 3, 4, 5], /got an array of 5 items/],
    [[170, -20, -170, -10], /got \[170, -20, -170, -10\]/],
    [[0, 10, 1, 5], /got \[0, 10, 1, 5\]/],
    [[NaN, 0, 1, 1], /got an array of 4 items/],
    [[-181, 0, 1, 1], /got \[-181, 0, 1, 1\]/],
    ['0,0,1,1', /got the string "0,0,1,1"/],
    [{ west: 0 }, /got an object/],
  ])('refuses %j', (value, message) => {
    const error = errorOf(() => parseBBoxInput(value, 'filter.bbox'));
    expect(error.message).toMatch(/^filter\.bbox: expected \[minLon, minLat, maxLon, maxLat\]/);
    expect(error.message).toMatch(message);
    expect(error.extensions['argumentName']).toBe('filter.bbox');
  });
});

describe('parsePointInput()', () => {
  it('accepts [lon, lat] and {lon, lat}', () => {
    expect(parsePointInput([-1.68, 48.11])).toEqual([-1.68, 48.11]);
    expect(parsePointInput({ lon: -1.68, lat: 48.11 })).toEqual([-1.68, 48.11]);
  });

  it.each([[[0]], [{ lon: 1 }], ['1,2'], [[Infinity, 0]], [[0, 91]], [[NaN, 0]]])('refuses %j', (value) => {
    expect(errorOf(() => parsePointInput(value)).extensions['code']).toBe(ErrorCode.BAD_USER_INPUT);
  });
});

describe('parsePointText()', () => {
  it.each([
    ['-4.49,48.39', [-4.49, 48.39]],
    [' -4.49 , 48.39 ', [-4.49, 48.39]],
    ['-4.49 48.39', [-4.49, 48.39]],
    ['2,48', [2, 48]],
    ['+2.5,+48', [2.5, 48]],
  ])('reads %j as %j', (text, point) => {
    expect(parsePointText(text)).toEqual(point);
  });

  it.each(['Brest', '29200', '29 200', 'Saint-Denis 974', '2A004', '', 'a,b'])('sees no point in %j', (text) => {
    expect(parsePointText(text)).toBeNull();
  });

  it.each(['1e999,0', 'NaN,0', 'Infinity,1', '200,10', '10,-95', '1e-400.5,0'])('refuses %j with BAD_USER_INPUT', (text) => {
    expect(errorOf(() => parsePointText(text, 'place')).message).toMatch(/^place: expected lon,lat with -180 ≤ lon ≤ 180/);
  });
});
