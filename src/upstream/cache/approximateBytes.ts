/**
 * An upper estimate of the heap a parsed page holds, for the cache's bound: V8 gives no object sizes, so this
 * walks the value and charges each string its header and characters (two bytes each unless every one fits
 * in Latin-1), each array its slots, each object its header and property slots, with 64-bit slots throughout
 * (over-counting on pointer-compressed builds). Shared strings are counted at each reference: an upper bound.
 */
export function approximateBytes(value: unknown): number {
  if (typeof value === 'string') return 24 + value.length * (/^[\u0000-\u00ff]*$/.test(value) ? 1 : 2);
  if (typeof value !== 'object' || value === null) return 8;
  if (Array.isArray(value)) {
    let bytes = 32 + value.length * 8;
    for (const item of value) bytes += approximateBytes(item);
    return bytes;
  }
  let bytes = 32;
  for (const key of Object.keys(value)) bytes += 16 + approximateBytes((value as Record<string, unknown>)[key]);
  return bytes;
}
