import { BadUserInputError } from '../../core/errors';
import { describeInput } from './describeInput';
import type { BBox } from './Geometry';

/**
 * A box people send, as `[minLon, minLat, maxLon, maxLat]` in EPSG:4326 degrees: four finite numbers with
 * -180 ≤ minLon < maxLon ≤ 180 and -90 ≤ minLat < maxLat ≤ 90. A box across the antimeridian is two boxes.
 * Throws BadUserInputError naming `argumentName` otherwise.
 */
export function parseBBoxInput(value: unknown, argumentName = 'bbox'): BBox {
  const expected = `${argumentName}: expected [minLon, minLat, maxLon, maxLat] with -180 ≤ minLon < maxLon ≤ 180 and -90 ≤ minLat < maxLat ≤ 90 (EPSG:4326 degrees; a box across the antimeridian is two boxes)`;
  if (!Array.isArray(value) || value.length !== 4 || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
    throw new BadUserInputError(`${expected}, got ${describeInput(value)}`, argumentName);
  }
  const [minLon, minLat, maxLon, maxLat] = value as [number, number, number, number];
  if (!(minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon < maxLon && minLat < maxLat)) {
    throw new BadUserInputError(`${expected}, got [${value.join(', ')}]`, argumentName);
  }
  return [minLon, minLat, maxLon, maxLat];
}
