import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES } from '../../core/requestBounds';

/**
 * Largest body read (and thrown away) to answer 413: a client that cannot read an answer before it has sent its
 * whole body (fetch, most HTTP libraries) sees a reset instead of the 413 when the server stops reading. Past
 * this, or when the declared length is over it, the 413 is sent at once and the connection closed.
 */
const MAX_DRAINED_BYTES = 32_000_000;

/** A body read within the bound, or why not: `close` when the rest of it was left unread. */
export type BodyRead = { kind: 'ok'; body: Buffer } | { kind: 'tooLarge'; close: boolean };

/**
 * Reads a request's body, keeping at most `maxBytes`: a body over it is read to its end and discarded (so that
 * the client gets its 413), up to 32 MB; one declared or found larger is left unread (`close`).
 */
export async function readRequestBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyRead> {
  const declared = Number(request.headers['content-length']);
  if (declared > MAX_DRAINED_BYTES) return { kind: 'tooLarge', close: true };
  if (declared === 0 || (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined)) {
    return { kind: 'ok', body: Buffer.alloc(0) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    // Leaving the loop would destroy the socket under the client's feet: keep reading, keep nothing.
    if (size > MAX_DRAINED_BYTES) return { kind: 'tooLarge', close: true };
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  if (size > maxBytes) return { kind: 'tooLarge', close: false };
  return { kind: 'ok', body: Buffer.concat(chunks) };
}
