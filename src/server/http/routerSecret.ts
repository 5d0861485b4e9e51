import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '../../core/errors';

/** The header a router sends its shared secret in (the convention of Apollo's subgraph templates). */
export const ROUTER_SECRET_HEADER = 'router-authorization';

/** True when `secret` is null (no check) or the request carries it, exactly, in `Router-Authorization`. */
export function hasRouterSecret(headers: IncomingHttpHeaders, secret: string | null): boolean {
  if (secret === null) return true;
  const given = headers[ROUTER_SECRET_HEADER];
  if (typeof given !== 'string') return false;
  // Digests of equal length, so that the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * The check every GraphQL request passes first when `GEOPF_ROUTER_SECRET` is set: without the secret, a 401 with
 * a GraphQL error (`UNAUTHENTICATED`) is written and true returned; the caller then stops. False: go on.
 */
export function refusedWithoutRouterSecret(request: IncomingMessage, response: ServerResponse, secret: string | null): boolean {
  if (hasRouterSecret(request.headers, secret)) return false;
  request.resume();
  response.statusCode = 401;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify({ errors: [{ message: UNAUTHENTICATED_MESSAGE, extensions: { code: ErrorCode.UNAUTHENTICATED } }] }));
  return true;
}

/** The same for a WebSocket upgrade: without the secret, `401 Unauthorized` ends the socket, and true is returned. */
export function upgradeRefusedWithoutRouterSecret(request: IncomingMessage, socket: Duplex, secret: string | null): boolean {
  if (hasRouterSecret(request.headers, secret)) return false;
  socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${UNAUTHENTICATED_MESSAGE}\n`);
  return true;
}

const UNAUTHENTICATED_MESSAGE = 'This subgraph answers its router only: the Router-Authorization header is missing or wrong.';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
