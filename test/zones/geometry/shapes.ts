import type { Geometry, Position, Ring } from '../../../src/zones/geometry/Geometry';

/** A closed, counter-clockwise square ring with its south-west corner at (x, y). */
export function square(x: number, y: number, size: number): Ring {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ] as Position[];
}

/** A Polygon of one ring and its holes. */
export function polygon(outer: Ring, ...holes: Ring[]): Geometry {
  return { type: 'Polygon', coordinates: [outer, ...holes] };
}

/** A 10×10 square at the origin with a 4×4 hole in its middle. */
export const FRAME = polygon(square(0, 0, 10), square(3, 3, 4));
