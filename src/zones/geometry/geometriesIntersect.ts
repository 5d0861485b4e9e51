import { bboxesIntersect, bboxPolygon } from './bbox';
import type { BBox, Position, Ring } from './Geometry';
import { pointInPolygonRings } from './pointInGeometry';
import type { PreparedGeometry, PreparedPolygon } from './prepareGeometry';
import { prepareGeometry } from './prepareGeometry';

/**
 * True when two geometries share at least one point: an edge of one crosses or touches an edge of the other,
 * or one lies inside the other (a geometry inside the other's hole does not count). Boxes are compared first,
 * then each pair of polygons whose boxes meet; only the edges inside both boxes are tested against each other.
 */
export function geometriesIntersect(a: PreparedGeometry, b: PreparedGeometry): boolean {
  if (!bboxesIntersect(a.bbox, b.bbox)) return false;
  for (const pa of a.polygons) {
    for (const pb of b.polygons) {
      if (bboxesIntersect(pa.bbox, pb.bbox) && polygonsIntersect(pa, pb)) return true;
    }
  }
  return false;
}

/** True when the box and the geometry share at least one point (`geometriesIntersect` with the box as a polygon). */
export function bboxIntersectsGeometry(bbox: BBox, geometry: PreparedGeometry): boolean {
  return bboxesIntersect(bbox, geometry.bbox) && geometriesIntersect(prepareGeometry(bboxPolygon(bbox)), geometry);
}

// Private: one polygon against another. With no edges crossing, either one holds the other (then the first
// position of its outer ring is inside the other) or they are apart.
function polygonsIntersect(a: PreparedPolygon, b: PreparedPolygon): boolean {
  const firstOf = (polygon: PreparedPolygon) => polygon.rings[0]?.[0];
  const aFirst = firstOf(a);
  const bFirst = firstOf(b);
  if (aFirst !== undefined && pointInPolygonRings(aFirst, b.rings)) return true;
  if (bFirst !== undefined && pointInPolygonRings(bFirst, a.rings)) return true;
  const overlap: BBox = [Math.max(a.bbox[0], b.bbox[0]), Math.max(a.bbox[1], b.bbox[1]), Math.min(a.bbox[2], b.bbox[2]), Math.min(a.bbox[3], b.bbox[3])];
  return anyEdgesCross(edgesWithin(a.rings, overlap), edgesWithin(b.rings, overlap));
}

// Private: an edge with its box, for the sweep.
interface Edge {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

// Private: the edges of the rings whose box meets `box`, sorted by their west end.
function edgesWithin(rings: readonly Ring[], box: BBox): Edge[] {
  const edges: Edge[] = [];
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i += 1) {
      const [x1, y1] = ring[i - 1] as Position;
      const [x2, y2] = ring[i] as Position;
      const edge = { x1, y1, x2, y2, minX: Math.min(x1, x2), maxX: Math.max(x1, x2), minY: Math.min(y1, y2), maxY: Math.max(y1, y2) };
      if (edge.minX <= box[2] && box[0] <= edge.maxX && edge.minY <= box[3] && box[1] <= edge.maxY) edges.push(edge);
    }
  }
  return edges.sort((p, q) => p.minX - q.minX);
}

// Private: a sweep from west to east over both edge lists, each edge tested only against the other list's
// edges whose longitude span overlaps its own.
function anyEdgesCross(a: Edge[], b: Edge[]): boolean {
  let activeA: Edge[] = [];
  let activeB: Edge[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && (a[i] as Edge).minX <= (b[j] as Edge).minX);
    const edge = takeA ? (a[i++] as Edge) : (b[j++] as Edge);
    const others = (takeA ? activeB : activeA).filter((other) => other.maxX >= edge.minX);
    if (others.some((other) => other.minY <= edge.maxY && edge.minY <= other.maxY && segmentsMeet(edge, other))) return true;
    if (takeA) {
      activeB = others;
      activeA.push(edge);
    } else {
      activeA = others;
      activeB.push(edge);
    }
  }
  return false;
}

// Private: true when two segments share a point, touching and collinear overlaps included.
function segmentsMeet(p: Edge, q: Edge): boolean {
  const d1 = orientation(q.x1, q.y1, q.x2, q.y2, p.x1, p.y1);
  const d2 = orientation(q.x1, q.y1, q.x2, q.y2, p.x2, p.y2);
  const d3 = orientation(p.x1, p.y1, p.x2, p.y2, q.x1, q.y1);
  const d4 = orientation(p.x1, p.y1, p.x2, p.y2, q.x2, q.y2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(q, p.x1, p.y1)) ||
    (d2 === 0 && onSegment(q, p.x2, p.y2)) ||
    (d3 === 0 && onSegment(p, q.x1, q.y1)) ||
    (d4 === 0 && onSegment(p, q.x2, q.y2))
  );
}

// Private: the sign of the turn from (ax,ay)→(bx,by) to (cx,cy): positive counter-clockwise, 0 collinear.
function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

// Private: for a point collinear with the segment, true when it lies within the segment's box.
function onSegment(edge: Edge, x: number, y: number): boolean {
  return edge.minX <= x && x <= edge.maxX && edge.minY <= y && y <= edge.maxY;
}
