import { bboxContainsPoint } from './bbox';
import type { Geometry, Position, Ring } from './Geometry';
import { polygonsOf } from './Geometry';
import type { PreparedGeometry } from './prepareGeometry';

/**
 * True when the point lies inside the geometry: inside the outer ring of one of its polygons and in none of
 * that polygon's holes (even–odd rule). A point exactly on an edge may fall either way.
 */
export function pointInGeometry(point: Position, geometry: Geometry): boolean {
  return polygonsOf(geometry).some((rings) => pointInPolygonRings(point, rings));
}

/** `pointInGeometry` on a prepared geometry: polygons whose box misses the point are not looked at. */
export function pointInPrepared(point: Position, prepared: PreparedGeometry): boolean {
  if (!bboxContainsPoint(prepared.bbox, point)) return false;
  return prepared.polygons.some((polygon) => bboxContainsPoint(polygon.bbox, point) && pointInPolygonRings(point, polygon.rings));
}

/** True when the point lies inside the rings of one polygon: its outer ring, and none of its holes. */
export function pointInPolygonRings(point: Position, rings: readonly Ring[]): boolean {
  const [outer, ...holes] = rings;
  return outer !== undefined && pointInRing(point, outer) && !holes.some((hole) => pointInRing(point, hole));
}

/** True when the point lies inside a closed ring (ray casting toward +longitude). */
export function pointInRing([x, y]: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
