import type { Geometry, Position } from '../../../src/zones/geometry/Geometry';
import { pointInGeometry, pointInPrepared } from '../../../src/zones/geometry/pointInGeometry';
import { prepareGeometry } from '../../../src/zones/geometry/prepareGeometry';
import { FRAME, polygon, square } from './shapes';

const TWO_PARTS: Geometry = { type: 'MultiPolygon', coordinates: [FRAME.coordinates as Position[][], [square(20, 20, 2)]] };

describe('pointInGeometry()', () => {
  it.each([
    [[1, 1], 'inside the outer ring', true],
    [[5, 5], 'inside the hole', false],
    [[8, 5], 'between the hole and the outer ring', true],
    [[11, 5], 'outside', false],
    [[-0.5, 5], 'west of it', false],
    [[21, 21], 'inside the second polygon', true],
    [[15, 15], 'between the two polygons', false],
  ] as const)('finds %j %s: %s', (point, _where, expected) => {
    expect(pointInGeometry(point, TWO_PARTS)).toBe(expected);
    expect(pointInPrepared(point, prepareGeometry(TWO_PARTS))).toBe(expected);
  });

  it('reads rings of either orientation', () => {
    const clockwise = polygon([...square(0, 0, 2)].reverse());
    expect(pointInGeometry([1, 1], clockwise)).toBe(true);
  });
});
