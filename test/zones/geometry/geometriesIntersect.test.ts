import type { Geometry } from '../../../src/zones/geometry/Geometry';
import { bboxIntersectsGeometry, geometriesIntersect } from '../../../src/zones/geometry/geometriesIntersect';
import { prepareGeometry } from '../../../src/zones/geometry/prepareGeometry';
import { FRAME, polygon, square } from './shapes';

const intersect = (a: Geometry, b: Geometry): boolean => {
  const answer = geometriesIntersect(prepareGeometry(a), prepareGeometry(b));
  expect(geometriesIntersect(prepareGeometry(b), prepareGeometry(a))).toBe(answer);
  return answer;
};

describe('geometriesIntersect()', () => {
  it.each([
    ['edges that cross', polygon(square(8, 8, 5)), true],
    ['one inside the other, no edge crossing', polygon(square(1, 1, 1)), true],
    ['the other inside this one', polygon(square(-5, -5, 30)), true],
    ['inside the hole', polygon(square(4, 4, 1)), false],
    ['across the hole edge', polygon(square(2, 4, 2)), true],
    ['apart, boxes apart', polygon(square(20, 20, 1)), false],
    ['touching along an edge', polygon(square(10, 0, 1)), true],
    ['touching at a corner', polygon(square(10, 10, 1)), true],
  ])('with %s: %s', (_, other, expected) => {
    expect(intersect(FRAME, other)).toBe(expected);
  });

  it('tells a thin L whose box overlaps but whose area does not', () => {
    const l = polygon([
      [11, -1],
      [12, -1],
      [12, 11],
      [-1, 11],
      [-1, 10.5],
      [11, 10.5],
      [11, -1],
    ]);
    expect(intersect(FRAME, l)).toBe(false);
  });

  it('handles MultiPolygons part by part', () => {
    const parts: Geometry = { type: 'MultiPolygon', coordinates: [[square(20, 20, 1)], [square(9, 9, 2)]] };
    expect(intersect(FRAME, parts)).toBe(true);
  });

  it('tests many edges in little time (a sweep, not every pair)', () => {
    const circle = (cx: number, r: number, n: number): Geometry => {
      const ring = Array.from({ length: n }, (_, i) => [cx + r * Math.cos((2 * Math.PI * i) / n), r * Math.sin((2 * Math.PI * i) / n)] as const);
      return polygon([...ring, ring[0] as readonly [number, number]]);
    };
    const started = process.hrtime.bigint();
    expect(intersect(circle(0, 10, 10_000), circle(19.999, 10, 10_000))).toBe(true);
    expect(intersect(circle(0, 10, 10_000), circle(20.5, 10, 10_000))).toBe(false);
    // Every pair would be 4 × 10^8 segment tests; the sweep does a few thousand.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });
});

describe('bboxIntersectsGeometry()', () => {
  it('is geometriesIntersect with the box as a polygon', () => {
    expect(bboxIntersectsGeometry([4, 4, 5, 5], prepareGeometry(FRAME))).toBe(false);
    expect(bboxIntersectsGeometry([4, 4, 8, 5], prepareGeometry(FRAME))).toBe(true);
    expect(bboxIntersectsGeometry([-3, -3, 13, 13], prepareGeometry(FRAME))).toBe(true);
  });
});
