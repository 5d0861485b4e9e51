import { BadUserInputError } from '../../core/errors';
import type { Geometry, Position, Ring } from './Geometry';
import { describeInput } from './describeInput';

/** Most positions a user geometry may have, all rings together. */
export const MAX_GEOMETRY_POSITIONS = 10_000;
/** Longest GeoJSON text read (enough for MAX_GEOMETRY_POSITIONS positions at full precision). */
export const MAX_GEOMETRY_CHARS = 1_000_000;

/**
 * A Polygon or MultiPolygon people send: a GeoJSON object (or its text), bare or in a Feature. Checked: the
 * type; every ring closed, of 4 positions at least; every position `[lon, lat]` (an altitude is dropped) of
 * finite numbers, -180 ≤ lon ≤ 180, -90 ≤ lat ≤ 90; at most MAX_GEOMETRY_POSITIONS positions. Not checked:
 * self-intersections and ring orientation (the spatial tests do not depend on them). Throws
 * BadUserInputError naming `argumentName` and what was wrong.
 */
export function parseGeometryInput(value: unknown, argumentName = 'geometry'): Geometry {
  const fail = (got: string): never => {
    throw new BadUserInputError(`${argumentName}: expected a GeoJSON Polygon or MultiPolygon in EPSG:4326 (lon, lat), got ${got}`, argumentName);
  };
  let parsed = value;
  if (typeof value === 'string') {
    if (value.length > MAX_GEOMETRY_CHARS) fail(`${value.length} characters (at most ${MAX_GEOMETRY_CHARS})`);
    try {
      parsed = JSON.parse(value);
    } catch {
      fail('text that is not JSON');
    }
  }
  const geometry = isObject(parsed) && parsed['type'] === 'Feature' ? parsed['geometry'] : parsed;
  if (!isObject(geometry)) return fail(describeInput(geometry));
  const { type, coordinates } = geometry;
  if (type !== 'Polygon' && type !== 'MultiPolygon') return fail(`a ${JSON.stringify(type)}`.slice(0, 100));
  const counter = { positions: 0 };
  if (type === 'Polygon') return { type, coordinates: polygon(coordinates, 'coordinates', counter, fail) };
  if (!Array.isArray(coordinates) || coordinates.length === 0) return fail('a MultiPolygon without polygons');
  return { type, coordinates: coordinates.map((rings, index) => polygon(rings, `polygon ${index}`, counter, fail)) };
}

// Private: the rings of one polygon, checked.
function polygon(value: unknown, where: string, counter: { positions: number }, fail: (got: string) => never): Ring[] {
  if (!Array.isArray(value) || value.length === 0) return fail(`${where} that is not a list of rings`);
  return value.map((ring, index) => {
    const at = `${where}, ring ${index}`;
    if (!Array.isArray(ring)) return fail(`${at} that is not a list of positions`);
    counter.positions += ring.length;
    if (counter.positions > MAX_GEOMETRY_POSITIONS) return fail(`more than ${MAX_GEOMETRY_POSITIONS} positions`);
    if (ring.length < 4) return fail(`${at} of ${ring.length} position${ring.length === 1 ? '' : 's'} (at least 4, the last equal to the first)`);
    const positions = ring.map((item: unknown, position: number) => checkedPosition(item, `${at}, position ${position}`, fail));
    const [first, last] = [positions[0] as Position, positions[positions.length - 1] as Position];
    if (first[0] !== last[0] || first[1] !== last[1]) return fail(`${at} that is not closed (its last position differs from its first)`);
    return positions;
  });
}

// Private: one position, its altitude dropped.
function checkedPosition(value: unknown, where: string, fail: (got: string) => never): Position {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return fail(`${where} that is not [lon, lat]`);
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat))
    return fail(`${where} that is not two finite numbers`);
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return fail(`${where} out of range (${lon}, ${lat}; -180 ≤ lon ≤ 180, -90 ≤ lat ≤ 90)`);
  return [lon, lat];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
