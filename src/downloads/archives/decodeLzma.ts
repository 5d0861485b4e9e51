import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ArchiveError, corrupt } from './ArchiveError';

/** LZMA-JS's synchronous decoder: a `.lzma` stream in, the bytes out (or a string when they look like UTF-8). */
type LzmaDecompress = (input: Uint8Array) => number[] | string;

/** Where LZMA-JS's CommonJS build lies (it has no types; its worker build registers itself on `module.exports`). */
const LZMA_PATH = createRequire(__filename).resolve('lzma/src/lzma_worker.js');

/** Longest a header may take to decode in its worker (LZMA-JS does some 1 MB/s): then the worker is ended. */
export const LZMA_TIMEOUT_MS = 30_000;
/** Heap of the decoding worker: the output (at most the header cap) as an array of numbers, several times over. */
const WORKER_HEAP_MB = 512;

/**
 * Decodes a raw LZMA stream as 7z stores it (the coder's 5 property bytes apart), to exactly `unpackSize`
 * bytes, on the calling thread. For tests and small inputs; the server uses `decodeLzmaInWorker`.
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
 * Same as `decodeLzma`, in a worker thread: the event loop keeps serving while a large header decodes, and
 * a hostile stream is bounded in time (`LZMA_TIMEOUT_MS`, or `signal`) and memory (the worker's heap limit).
 */
export function decodeLzmaInWorker(properties: Uint8Array, packed: Uint8Array, unpackSize: number, signal?: AbortSignal): Promise<Uint8Array> {
  const input = lzmaAloneInput(properties, packed, unpackSize);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { lzmaPath: LZMA_PATH, input },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => finish(() => reject(new ArchiveError('CORRUPT', 'The operation ended while its archive header was decoding.')));
    const timer = setTimeout(() => finish(() => reject(corrupt(`its LZMA stream did not decode within ${LZMA_TIMEOUT_MS} ms`))), LZMA_TIMEOUT_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (message: { bytes?: Uint8Array; text?: boolean; failed?: boolean }) =>
      finish(() => {
        try {
          if (message.failed) throw corrupt('its LZMA stream does not decode');
          resolve(checkedOutput(message.text ? 'text' : (message.bytes as Uint8Array), unpackSize));
        } catch (error) {
          reject(error);
        }
      }),
    );
    worker.once('error', () => finish(() => reject(corrupt('its LZMA stream does not decode (the decoder failed or ran out of memory)'))));
    worker.once('exit', () => finish(() => reject(corrupt('its LZMA stream does not decode'))));
  });
}

// Private: the worker: decode, then post the bytes (transferred) or what went wrong.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let output = null;
try {
  output = require(workerData.lzmaPath).LZMA_WORKER.decompress(workerData.input);
} catch (error) {
  output = null;
}
if (output === null) {
  parentPort.postMessage({ failed: true });
} else if (typeof output === 'string') {
  parentPort.postMessage({ text: true });
} else {
  const bytes = Uint8Array.from(output, (value) => value & 255);
  parentPort.postMessage({ bytes }, [bytes.buffer]);
}
`;

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
