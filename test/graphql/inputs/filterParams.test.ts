import { resourceFilterParams, subResourceFilterParams } from '../../../src/graphql/inputs/filterParams';
import { polygonParam } from '../../../src/graphql/inputs/geometryParam';
import { validateName } from '../../../src/upstream/format/validateName';

describe('resourceFilterParams()', () => {
  it('serializes every filter to the upstream form', () => {
    expect(
      resourceFilterParams({
        polygon: [
          { lon: 2.2, lat: 48.8 },
          { lon: 2.5, lat: 48.8 },
          { lon: 2.5, lat: 48.9 },
        ],
        updatedFrom: '2024-01-01',
        updatedTo: '2025-12-31',
        editionDateFrom: '2023-01-01',
        editionDateTo: '2024-01-01',
        lang: 'FRE',
        crs: 'EPSG:2154',
        thematic: 'Unités administratives',
        zone: ' D075 ',
        format: 'SHP',
      }),
    ).toEqual({
      polygon: '2.2,48.8;2.5,48.8;2.5,48.9;2.2,48.8',
      updatedFrom: '2024-01-01',
      updatedTo: '2025-12-31',
      editionDateFrom: '2023-01-01',
      editionDateTo: '2024-01-01',
      lang: 'fre',
      crs: 'EPSG:2154',
      thematic: 'Unités administratives',
      zone: 'D075',
      format: 'SHP',
    });
  });

  it('sends nothing for an absent or empty filter', () => {
    expect(resourceFilterParams(null)).toEqual({});
    expect(subResourceFilterParams({})).toEqual({});
  });

  it.each([
    [
      { updatedFrom: '2025-01-02', updatedTo: '2025-01-01' },
      /^filter.updatedFrom: expected a date on or before filter.updatedTo \(2025-01-01\), got 2025-01-02$/,
    ],
    [{ editionDateFrom: '2025-01-02', editionDateTo: '2025-01-01' }, /^filter.editionDateFrom: expected a date on or before/],
    [{ zone: 'D075&page=9' }, /^filter.zone: expected a zone code or name \(D075, 75, 2A, 971, R11, FRA, FXX, GLP, Paris…\), got "D075&page=9"/],
    [{ zone: 'D099' }, /^filter.zone: expected a zone code or name .*got "D099"; closest: D095 Val-d'Oise/],
    [
      {
        polygon: [
          { lon: 0, lat: 0 },
          { lon: 1, lat: 0 },
          { lon: 1, lat: 1 },
        ],
        bbox: { west: 0, south: 0, east: 1, north: 1 },
      },
      /^filter: expected at most one of polygon, bbox, geoJson, got polygon and bbox$/,
    ],
    [{ format: 'SHP&page=9' }, /^filter.format: expected a code of 1 to 64 letters/],
    [{ format: '' }, /^filter.format: expected a code/],
  ])('refuses %j', (filter, message) => {
    expect(() => resourceFilterParams(filter)).toThrow(message);
  });
});

describe('zone filter', () => {
  it.each([
    ['75', 'D075'],
    ['2a', 'D02A'],
    ['971', 'D971'],
    ['Paris', 'D075'],
    ['ile de france', 'R11'],
    ['fxx', 'FXX'],
    ['D0971', 'D971'],
    ['AE', 'AE'],
    ['EUR', 'EUR'],
  ])('sends %j as the upstream code %s', (input, code) => {
    expect(subResourceFilterParams({ zone: input })).toEqual({ zone: code });
  });
});

/** `count` points on a circle around Paris, written with `digits` decimals, as a GIS export writes them. */
function circle(count: number, digits: number) {
  return Array.from({ length: count }, (_, index) => {
    const angle = (2 * Math.PI * index) / count;
    return { lon: Number((2.35 + 0.1 * Math.cos(angle)).toFixed(digits)), lat: Number((48.85 + 0.1 * Math.sin(angle)).toFixed(digits)) };
  });
}

describe('spatial filters', () => {
  it('sends a polygon of 200 points at 7 decimals: it fits the upstream URL', () => {
    const params = subResourceFilterParams({ polygon: circle(200, 7) });
    expect(params['polygon']?.split(';')).toHaveLength(201);
    expect(new URLSearchParams(params).toString().length).toBeLessThan(6000 + 'polygon='.length);
  });

  it('sends a bbox as its closed ring', () => {
    expect(resourceFilterParams({ bbox: { west: 2.2, south: 48.8, east: 2.5, north: 48.9 } })).toEqual({
      polygon: '2.2,48.8;2.5,48.8;2.5,48.9;2.2,48.9;2.2,48.8',
    });
  });

  it('sends the outer ring of a GeoJSON Polygon, bare or in a Feature', () => {
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [2.2, 48.8],
          [2.5, 48.8],
          [2.5, 48.9],
          [2.2, 48.8],
        ],
        [
          [2.3, 48.85],
          [2.31, 48.85],
          [2.31, 48.86],
          [2.3, 48.85],
        ],
      ],
    };
    expect(resourceFilterParams({ geoJson: JSON.stringify(polygon) })).toEqual({ polygon: '2.2,48.8;2.5,48.8;2.5,48.9;2.2,48.8' });
    expect(resourceFilterParams({ geoJson: JSON.stringify({ type: 'Feature', properties: {}, geometry: polygon }) })).toEqual({
      polygon: '2.2,48.8;2.5,48.8;2.5,48.9;2.2,48.8',
    });
  });

  it.each([
    [{ bbox: { west: 3, south: 48, east: 2, north: 49 } }, /^filter.bbox: expected -180 ≤ west < east ≤ 180/],
    [{ bbox: { west: 2, south: 48, east: 3, north: 91 } }, /^filter.bbox: expected/],
    [{ geoJson: 'not json' }, /^filter.geoJson: expected a GeoJSON Polygon .*got text that is not JSON$/],
    [{ geoJson: '{"type":"Point","coordinates":[2,48]}' }, /got a Point$/],
    [{ geoJson: '{"type":"Polygon","coordinates":[[[2,48],[3,48],["x",49]]]}' }, /got position 2 that is not \[lon, lat\]$/],
    [{ geoJson: '{"type":"Polygon","coordinates":[[[2,48],[200,48],[3,49]]]}' }, /^filter.polygon\[1\]: expected lon in/],
    [{ polygon: Array.from({ length: 501 }, (_, index) => ({ lon: index / 1000, lat: index % 2 })) }, /^filter.polygon: expected at most 500 points, got 501$/],
    [
      { polygon: circle(500, 15) },
      /^filter.polygon: expected a polygon that fits the upstream URL \(at most 6000 characters once encoded.*\), got 500 points making \d{5} characters; simplify it/,
    ],
    [
      { geoJson: JSON.stringify({ type: 'Polygon', coordinates: [circle(300, 15).map((point) => [point.lon, point.lat])] }) },
      /^filter.geoJson: expected a polygon that fits the upstream URL/,
    ],
  ])('refuses %j', (filter, message) => {
    expect(() => resourceFilterParams(filter)).toThrow(message);
  });
});

describe('polygonParam()', () => {
  it('keeps a closed ring as it is', () => {
    const ring = [
      { lon: 0, lat: 0 },
      { lon: 1, lat: 0 },
      { lon: 1, lat: 1 },
      { lon: 0, lat: 0 },
    ];
    expect(polygonParam(ring)).toBe('0,0;1,0;1,1;0,0');
  });

  it.each([
    [
      [
        { lon: 0, lat: 0 },
        { lon: 1, lat: 1 },
      ],
      /expected at least 3 distinct points, got 2/,
    ],
    [
      [
        { lon: 0, lat: 0 },
        { lon: 1, lat: 1 },
        { lon: 0, lat: 0 },
      ],
      /expected at least 3 distinct points, got 2/,
    ],
    [
      [
        { lon: 200, lat: 0 },
        { lon: 1, lat: 1 },
        { lon: 2, lat: 2 },
      ],
      /^filter.polygon\[0\]: expected lon in \[-180, 180\] and lat in \[-90, 90\] \(EPSG:4326\), got \(200, 0\)$/,
    ],
    [
      [
        { lon: 0, lat: Number.NaN },
        { lon: 1, lat: 1 },
        { lon: 2, lat: 2 },
      ],
      /filter.polygon\[0\]: expected lon/,
    ],
  ])('refuses %j', (points, message) => {
    expect(() => polygonParam(points)).toThrow(message);
  });
});

describe('validateName()', () => {
  it.each(['ADMIN-EXPRESS-COG', 'cartes_anciennes', 'PARCS.JARDINS', 'ADMIN-EXPRESS-COG_3-1__SHP_WGS84G_FRA_2023-05-03.7z.001', 'a b'])(
    'accepts %p',
    (name) => {
      expect(validateName(name, 'name')).toBe(name);
    },
  );

  it.each([
    ['', /it is empty/],
    ['..', /it is a dot segment/],
    ['.', /it is a dot segment/],
    ['BDORTHO/../capabilities', /it contains a slash/],
    ['a\\b', /it contains a slash/],
    ['x\u0000', /it contains a control character/],
    ['x\n', /it contains a control character/],
    ['x'.repeat(300), /it has 300 characters/],
  ])('refuses %j', (name, reason) => {
    expect(() => validateName(name, 'name')).toThrow(reason);
    expect(() => validateName(name, 'name')).toThrow(/^name: expected an upstream name/);
  });
});
