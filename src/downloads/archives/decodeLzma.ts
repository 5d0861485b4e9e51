import { createRequire } from 'node:module';
import { corrupt } from './ArchiveError';

/** LZMA-JS's synchronous decoder: a `.lzma` stream in, the bytes out (or a string when they look like UTF-8). */
type LzmaDecompress = (input: Uint8Array) => number[] | string;

/** Where LZMA-JS's CommonJS build lies (it has no types; its worker build registers itself on `module.exports`). */
const LZMA_PATH = createRequire(__filename).resolve('lzma/src/lzma_worker.js');

/**
 * Decodes a raw LZMA stream as 7z stores it (the coder's 5 property bytes apart), to exactly `unpackSize`
 * bytes, on the calling thread: the server calls it in a worker thread (`HeaderWorkers`).
 */
export function decodeLzma(properties: Uint8Array, packed: Uint8Array, unpackSize: number): Uint8Array {
  const lzma = createRequire(__filename)(LZMA_PATH) as { LZMA_WORKER: { decompress: LzmaDecompress } };
  let output: number[] | string;
  try {
    output = lzma.LZMA_WORKER.decompress(lzmaAloneInput(properties, packed, unpackSize));
  } catch {
    throw corrupt('its LZMA stream does not decode');
  }
  return checkedOutput(output, unpackSize);
}

/**
 * The `.lzma` ("LZMA alone") stream LZMA-JS reads: properties, dictionary size, 64-bit unpacked size, data.
 * The dictionary is clamped to the output size (a larger one changes nothing when decoding), so a hostile
 * property cannot make the decoder allocate more than the output it is allowed; the caller bounds `unpackSize`.
 */
function lzmaAloneInput(properties: Uint8Array, packed: Uint8Array, unpackSize: number): Uint8Array {
  if (properties.length !== 5) throw corrupt(`LZMA properties have 5 bytes, got ${properties.length}`);
  if ((properties[0] as number) >= 9 * 5 * 5) throw corrupt('invalid LZMA properties');
  const dictionary = Math.max(4096, Math.min(new DataView(properties.buffer, properties.byteOffset, 5).getUint32(1, true), unpackSize));
  const input = new Uint8Array(13 + packed.length);
  const view = new DataView(input.buffer);
  input[0] = properties[0] as number;
  view.setUint32(1, dictionary, true);
  view.setUint32(5, unpackSize % 0x1_0000_0000, true);
  view.setUint32(9, Math.floor(unpackSize / 0x1_0000_0000), true);
  input.set(packed, 13);
  return input;
}

// Private: the decoder's output as bytes, when it has the announced size. A 7z header always holds a 0 byte
// (kEnd), and LZMA-JS answers a string only for output without one: so a string cannot be a header.
function checkedOutput(output: ArrayLike<number> | string, unpackSize: number): Uint8Array {
  if (typeof output === 'string' || output.length !== unpackSize) throw corrupt('its LZMA stream does not decode to the announced size');
  return output instanceof Uint8Array ? output : Uint8Array.from(output, (value) => value & 0xff);
}
