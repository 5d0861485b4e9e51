import type { BBox, Geometry, Position, Ring } from './Geometry';
import { polygonsOf } from './Geometry';

/** The smallest box holding every position of a geometry (holes included, which never widen it). */
export function bboxOf(geometry: Geometry): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** The box of one ring. */
export function bboxOfRing(ring: Ring): BBox {
  return bboxOf({ type: 'Polygon', coordinates: [ring] });
}

/** True when two boxes share at least one point (touching edges count). */
export function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** True when `inner` lies inside `outer`, edges included. */
export function bboxContainsBBox(outer: BBox, inner: BBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** True when the point lies in the box, edges included. */
export function bboxContainsPoint(bbox: BBox, [lon, lat]: Position): boolean {
  return bbox[0] <= lon && lon <= bbox[2] && bbox[1] <= lat && lat <= bbox[3];
}

/** The box as a Polygon (counter-clockwise from its south-west corner), to intersect it with geometries. */
export function bboxPolygon([west, south, east, north]: BBox): Geometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}
