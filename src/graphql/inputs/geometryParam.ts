import type { BBoxInput, InputMaybe, PointInput } from '../__generated__/resolvers-types';
import { BadUserInputError } from '../../core/errors';

/** Most vertices sent upstream: the polygon travels in the query string. */
const MAX_POINTS = 500;
/**
 * Longest polygon parameter sent, in characters once percent-encoded in the upstream URL. Servers refuse
 * request lines over 8 kB (nginx's default; the upstream answers 431 over 16 kB): this leaves room for the
 * base URL, the names (up to 256 characters each, encoded) and the other parameters. About 230 points at
 * 7 decimals (1 cm), fewer at full precision.
 */
export const MAX_POLYGON_URL_CHARS = 6000;
/** Longest GeoJSON text read. */
const MAX_GEOJSON_CHARS = 200_000;

/** The spatial part of a filter: at most one of a point list, a box, a GeoJSON geometry. */
export interface SpatialFilter {
  polygon?: InputMaybe<PointInput[]>;
  bbox?: InputMaybe<BBoxInput>;
  geoJson?: InputMaybe<string>;
}

/** The upstream `polygon` parameter for a spatial filter, or undefined without one. */
export function geometryParam(filter: SpatialFilter): string | undefined {
  const given = (['polygon', 'bbox', 'geoJson'] as const).filter((name) => filter[name] != null);
  if (given.length > 1) throw new BadUserInputError(`filter: expected at most one of polygon, bbox, geoJson, got ${given.join(' and ')}`, 'filter');
  if (filter.polygon) return fitting(polygonParam(limited(filter.polygon, 'filter.polygon')), filter.polygon.length, 'filter.polygon');
  if (filter.bbox) return polygonParam(bboxRing(filter.bbox));
  if (filter.geoJson != null) {
    const ring = limited(geoJsonRing(filter.geoJson), 'filter.geoJson');
    return fitting(polygonParam(ring), ring.length, 'filter.geoJson');
  }
  return undefined;
}

/** The ring of a box; west < east (a box across the antimeridian is two boxes), south < north. */
export function bboxRing(bbox: BBoxInput): PointInput[] {
  const { west, south, east, north } = bbox;
  if (!(west >= -180 && east <= 180 && south >= -90 && north <= 90 && west < east && south < north)) {
    throw new BadUserInputError(
      `filter.bbox: expected -180 ≤ west < east ≤ 180 and -90 ≤ south < north ≤ 90 (EPSG:4326 degrees), got west ${west}, south ${south}, east ${east}, north ${north}`,
      'filter.bbox',
    );
  }
  return [
    { lon: west, lat: south },
    { lon: east, lat: south },
    { lon: east, lat: north },
    { lon: west, lat: north },
    { lon: west, lat: south },
  ];
}

/** The outer ring of a GeoJSON `Polygon`, bare or in a `Feature`. */
export function geoJsonRing(text: string): PointInput[] {
  const fail = (got: string): never => {
    throw new BadUserInputError(`filter.geoJson: expected a GeoJSON Polygon (or a Feature holding one) in EPSG:4326, got ${got}`, 'filter.geoJson');
  };
  if (text.length > MAX_GEOJSON_CHARS) fail(`${text.length} characters (at most ${MAX_GEOJSON_CHARS})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('text that is not JSON');
  }
  const geometry = isObject(value) && value['type'] === 'Feature' ? value['geometry'] : value;
  if (!isObject(geometry) || geometry['type'] !== 'Polygon') return fail(isObject(geometry) ? `a ${String(geometry['type'])}` : 'no geometry');
  const coordinates: unknown = geometry['coordinates'];
  const ring: unknown = Array.isArray(coordinates) ? coordinates[0] : undefined;
  if (!Array.isArray(ring)) return fail('a Polygon without coordinates');
  return ring.map((position: unknown, index: number) => {
    if (!Array.isArray(position) || typeof position[0] !== 'number' || typeof position[1] !== 'number') return fail(`position ${index} that is not [lon, lat]`);
    return { lon: position[0], lat: position[1] };
  });
}

function limited(points: PointInput[], argumentName: string): PointInput[] {
  if (points.length > MAX_POINTS) throw new BadUserInputError(`${argumentName}: expected at most ${MAX_POINTS} points, got ${points.length}`, argumentName);
  return points;
}

// Private: the parameter, when it fits the upstream URL once encoded; else a BAD_USER_INPUT saying the limit.
function fitting(param: string, points: number, argumentName: string): string {
  const encoded = new URLSearchParams({ polygon: param }).toString().length - 'polygon='.length;
  if (encoded <= MAX_POLYGON_URL_CHARS) return param;
  throw new BadUserInputError(
    `${argumentName}: expected a polygon that fits the upstream URL (at most ${MAX_POLYGON_URL_CHARS} characters once encoded, about 230 points with 7 decimals), got ${points} points making ${encoded} characters; simplify it, round the coordinates or use bbox`,
    argumentName,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The upstream polygon form `x1,y1;x2,y2;…` (EPSG:4326, lon,lat). At least 3 distinct points within range;
 * the ring is closed when the caller did not close it.
 */
export function polygonParam(points: readonly PointInput[]): string {
  points.forEach((point, index) => {
    if (!(Math.abs(point.lon) <= 180) || !(Math.abs(point.lat) <= 90)) {
      throw new BadUserInputError(
        `filter.polygon[${index}]: expected lon in [-180, 180] and lat in [-90, 90] (EPSG:4326), got (${point.lon}, ${point.lat})`,
        'filter.polygon',
      );
    }
  });
  const distinct = new Set(points.map((point) => `${point.lon},${point.lat}`));
  if (distinct.size < 3) {
    throw new BadUserInputError(`filter.polygon: expected at least 3 distinct points, got ${distinct.size}`, 'filter.polygon');
  }
  const first = points[0] as PointInput;
  const last = points[points.length - 1] as PointInput;
  const ring = first.lon === last.lon && first.lat === last.lat ? points : [...points, first];
  return ring.map((point) => `${point.lon},${point.lat}`).join(';');
}
