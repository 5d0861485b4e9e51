import { BadUserInputError } from '../../core/errors';
import type { Position } from './Geometry';
import { describeInput } from './describeInput';

// Private: two words separated by a comma (spaces around it allowed) or by spaces alone. Each word is read by
// `Number`, so that `1e999`, `NaN` or `Infinity` are caught as bad positions rather than taken for names.
const POINT_TEXT = /^\s*([-+]?[\w.+-]+)\s*(,|\s)\s*([-+]?[\w.+-]+)\s*$/;
const NUMBER_LIKE = /^[-+]?(?:\d|\.\d|Infinity$|NaN$)/;

/**
 * A point people send: `[lon, lat]` or `{lon, lat}`, finite, -180 ≤ lon ≤ 180, -90 ≤ lat ≤ 90 (EPSG:4326
 * degrees). Throws BadUserInputError naming `argumentName` otherwise.
 */
export function parsePointInput(value: unknown, argumentName = 'point'): Position {
  const pair =
    Array.isArray(value) ?
      value.length === 2 ?
        value
      : null
    : typeof value === 'object' && value !== null ? [(value as Record<string, unknown>)['lon'], (value as Record<string, unknown>)['lat']]
    : null;
  if (pair === null || typeof pair[0] !== 'number' || typeof pair[1] !== 'number') {
    throw new BadUserInputError(`${argumentName}: expected [lon, lat] or {lon, lat} in EPSG:4326 degrees, got ${describeInput(value)}`, argumentName);
  }
  return checkedPosition(pair[0], pair[1], argumentName);
}

/**
 * The point a text spells as `lon,lat` (`-4.49,48.39`, `-4.49, 48.39`, or `-4.49 48.39`: separated by spaces
 * alone, one number needs a decimal point, so that `29 200` is not a point), or null when the text is not two
 * number-like words. Number-like words that are not a valid position (`1e999,0`, `NaN,0`, `200,10`) throw
 * BadUserInputError naming `argumentName`.
 */
export function parsePointText(text: string, argumentName = 'point'): Position | null {
  const match = POINT_TEXT.exec(text);
  if (!match) return null;
  const [, lon, separator, lat] = match as unknown as [string, string, string, string];
  if (!NUMBER_LIKE.test(lon) || !NUMBER_LIKE.test(lat)) return null;
  if (separator !== ',' && !lon.includes('.') && !lat.includes('.')) return null;
  return checkedPosition(Number(lon), Number(lat), argumentName);
}

function checkedPosition(lon: number, lat: number, argumentName: string): Position {
  if (!(Number.isFinite(lon) && Number.isFinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
    throw new BadUserInputError(
      `${argumentName}: expected lon,lat with -180 ≤ lon ≤ 180 and -90 ≤ lat ≤ 90 (EPSG:4326 degrees, longitude first), got ${lon},${lat}`,
      argumentName,
    );
  }
  return [lon, lat];
}
