import { createRequire } from 'node:module';
import { corrupt } from './ArchiveError';

/** LZMA-JS's synchronous decoder: a `.lzma` stream in, the bytes out (or a string when they look like UTF-8). */
type LzmaDecompress = (input: Uint8Array) => number[] | string;

// LZMA-JS is CommonJS without types; its worker build registers itself on `module.exports` under Node.
const lzma = createRequire(__filename)('lzma/src/lzma_worker.js') as { LZMA_WORKER: { decompress: LzmaDecompress } };

/**
 * Decodes a raw LZMA stream as 7z stores it (the coder's 5 property bytes apart), to exactly `unpackSize`
 * bytes. The dictionary is clamped to the output size (a larger one changes nothing when decoding), so a
 * hostile property cannot make the decoder allocate more than the output it is allowed; the caller bounds
 * `unpackSize`. Any decoding fault is a `CORRUPT` archive error.
 */
export function decodeLzma(properties: Uint8Array, packed: Uint8Array, unpackSize: number): Uint8Array {
  if (properties.length !== 5) throw corrupt(`LZMA properties have 5 bytes, got ${properties.length}`);
  if ((properties[0] as number) >= 9 * 5 * 5) throw corrupt('invalid LZMA properties');
  const dictionary = Math.max(4096, Math.min(readUint32(properties, 1), unpackSize));
  // The `.lzma` ("LZMA alone") layout: properties, dictionary size, 64-bit unpacked size, then the stream.
  const input = new Uint8Array(13 + packed.length);
  input[0] = properties[0] as number;
  new DataView(input.buffer).setUint32(1, dictionary, true);
  new DataView(input.buffer).setUint32(5, unpackSize % 0x1_0000_0000, true);
  new DataView(input.buffer).setUint32(9, Math.floor(unpackSize / 0x1_0000_0000), true);
  input.set(packed, 13);
  let output: number[] | string;
  try {
    output = lzma.LZMA_WORKER.decompress(input);
  } catch {
    throw corrupt('its LZMA stream does not decode');
  }
  // A 7z header always holds a 0 byte (kEnd), so a string answer (no 0 byte) cannot be one.
  if (typeof output === 'string' || output.length !== unpackSize) throw corrupt('its LZMA stream does not decode to the announced size');
  return Uint8Array.from(output, (value) => value & 0xff);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}
