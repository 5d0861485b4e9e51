import { bboxOf, bboxOfRing } from './bbox';
import type { BBox, Geometry, Ring } from './Geometry';
import { polygonsOf } from './Geometry';

/** One polygon of a geometry with its box, so that tests can skip the polygons far from what they look at. */
export interface PreparedPolygon {
  /** The outer ring, then the holes. */
  readonly rings: readonly Ring[];
  readonly bbox: BBox;
}

/** A geometry with the boxes that spatial tests use to skip work; computed once, then only read. */
export interface PreparedGeometry {
  readonly geometry: Geometry;
  readonly bbox: BBox;
  readonly polygons: readonly PreparedPolygon[];
}

/** The geometry with its box and the box of each of its polygons. */
export function prepareGeometry(geometry: Geometry): PreparedGeometry {
  const polygons = polygonsOf(geometry)
    .filter((rings) => rings[0] !== undefined)
    .map((rings) => ({ rings, bbox: bboxOfRing(rings[0] as Ring) }));
  return { geometry, bbox: bboxOf(geometry), polygons };
}
