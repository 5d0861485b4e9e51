import { zoneFootprint } from '../../zones';

// Private: what stands for a footprint's geometry in an object until `stacJson` writes it (a control character
// JSON escapes, so no other string of the answer can look like it).
const MARK = '\u0001footprint:';
const MARK_IN_JSON = /"\\u0001footprint:([A-Za-z0-9-]+)"/g;

// Private: each footprint's geometry as JSON text, written once (a national outline is 100-160 kB of text).
const geometryTexts = new Map<string, string>();

/** Stands for the geometry of the footprint of zone `code` (which has one) in an object `stacJson` writes. */
export function footprintGeometry(code: string): string {
  return `${MARK}${code}`;
}

/**
 * `value` as JSON text, each `footprintGeometry` written as the footprint's GeoJSON geometry, serialized once per
 * zone for the process's life (footprints are reference data): a page of national editions does not serialize
 * the same outline twenty times.
 */
export function stacJson(value: unknown): string {
  return JSON.stringify(value).replace(MARK_IN_JSON, (_match, code: string) => geometryText(code));
}

/** How long `stacJson(value)` is, in UTF-16 code units, without writing the outlines into it. */
export function stacJsonLength(value: unknown): number {
  let length = 0;
  const text = JSON.stringify(value).replace(MARK_IN_JSON, (_match, code: string) => {
    length += geometryText(code).length;
    return '';
  });
  return length + text.length;
}

// Private: the footprint's geometry of zone `code` as JSON text, written once.
function geometryText(code: string): string {
  let text = geometryTexts.get(code);
  if (text === undefined) {
    text = JSON.stringify(zoneFootprint(code)?.geometry ?? null);
    geometryTexts.set(code, text);
  }
  return text;
}
