import type { BBoxInput, InputMaybe, PointInput } from '../__generated__/resolvers-types';
import { BadUserInputError } from '../errors';
import { polygonParam } from './filterParams';

/** Most vertices sent upstream: the polygon travels in the query string. */
const MAX_POINTS = 500;
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
  if (filter.polygon) return polygonParam(limited(filter.polygon, 'filter.polygon'));
  if (filter.bbox) return polygonParam(bboxRing(filter.bbox));
  if (filter.geoJson != null) return polygonParam(limited(geoJsonRing(filter.geoJson), 'filter.geoJson'));
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
  const ring = Array.isArray(geometry['coordinates']) ? geometry['coordinates'][0] : undefined;
  if (!Array.isArray(ring)) return fail('a Polygon without coordinates');
  return ring.map((position: unknown, index: number) => {
    if (!Array.isArray(position) || typeof position[0] !== 'number' || typeof position[1] !== 'number') return fail(`position ${index} that is not [lon, lat]`);
    return { lon: position[0] as number, lat: position[1] as number };
  });
}

function limited(points: PointInput[], argumentName: string): PointInput[] {
  if (points.length > MAX_POINTS) throw new BadUserInputError(`${argumentName}: expected at most ${MAX_POINTS} points, got ${points.length}`, argumentName);
  return points;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
