import { bboxContainsBBox, bboxContainsPoint, bboxesIntersect, bboxOf, bboxPolygon } from '../../../src/zones/geometry/bbox';
import { FRAME, square } from './shapes';

describe('bboxOf()', () => {
  it('spans every outer ring of a MultiPolygon', () => {
    expect(bboxOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, -3, 2)]] })).toEqual([0, -3, 7, 1]);
  });

  it('is not widened by holes', () => {
    expect(bboxOf(FRAME)).toEqual([0, 0, 10, 10]);
  });
});

describe('bbox predicates', () => {
  it.each([
    [[0, 0, 2, 2], [1, 1, 3, 3], true],
    [[0, 0, 2, 2], [2, 2, 3, 3], true],
    [[0, 0, 2, 2], [2.1, 0, 3, 3], false],
    [[0, 0, 2, 2], [0, -3, 2, -0.1], false],
  ] as const)('bboxesIntersect(%j, %j) is %s', (a, b, expected) => {
    expect(bboxesIntersect(a, b)).toBe(expected);
    expect(bboxesIntersect(b, a)).toBe(expected);
  });

  it('tells containment of a box and of a point, edges included', () => {
    expect(bboxContainsBBox([0, 0, 10, 10], [0, 0, 10, 10])).toBe(true);
    expect(bboxContainsBBox([0, 0, 10, 10], [1, 1, 11, 2])).toBe(false);
    expect(bboxContainsPoint([0, 0, 10, 10], [10, 0])).toBe(true);
    expect(bboxContainsPoint([0, 0, 10, 10], [10.01, 5])).toBe(false);
  });

  it('turns a box into a closed counter-clockwise ring', () => {
    expect(bboxPolygon([1, 2, 3, 4])).toEqual({ type: 'Polygon', coordinates: [square(1, 2, 2)] });
  });
});
