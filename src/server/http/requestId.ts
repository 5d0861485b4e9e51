import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header a request id comes in and goes back out in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may look like to be kept (anything else could forge log lines): up to 128 safe characters. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request's id: the caller's `x-request-id` when it is a safe token, else a new UUID. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}
