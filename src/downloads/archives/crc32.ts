/** CRC-32 (IEEE, as zip and 7z use it) of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A CRC as 8 lowercase hex digits. */
export function crcHex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

// Private: the byte table of the reflected polynomial 0xEDB88320.
const TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});
