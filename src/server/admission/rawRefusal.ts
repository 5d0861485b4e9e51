import type { Refusal } from './refusals';

/** A refusal written on a socket not yet answered (an upgrade, a connection over its client's cap). */
export function rawRefusal(status: number, refusal: Refusal): string {
  const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code, ...refusal.extensions } }] });
  const reason =
    status === 429 ? 'Too Many Requests'
    : status === 503 ? 'Service Unavailable'
    : status === 404 ? 'Not Found'
    : 'Bad Request';
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}
