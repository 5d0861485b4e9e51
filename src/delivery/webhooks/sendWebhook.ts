import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedTarget } from '../../core/resolveTarget';

/** How long one delivery may take, connection to last byte read. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Bytes of the receiver's answer read at most (kept for the error message); the rest is discarded. */
export const MAX_RESPONSE_BYTES = 1024;

/** How one attempt ended. `delivered` only for a 2xx answer; redirects are not followed and count as failures. */
export type SendResult = { outcome: 'delivered'; status: number } | { outcome: 'failed'; status: number | null; error: string };

/**
 * POSTs `body` to the checked target, connecting to its checked address (never resolving the name again; TLS
 * still verifies the certificate against the name), with a 10 s deadline and at most 1 kB of the answer read.
 */
export function sendWebhook(
  target: CheckedTarget,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<SendResult> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all)
      (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = send(
      {
        host: target.hostname,
        port: target.url.port === '' ? undefined : Number(target.url.port),
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        lookup: pinned,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), host: target.url.host },
        agent: false,
      },
      (response) => {
        void readCapped(response).then((text) => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) finish({ outcome: 'delivered', status });
          else if (status >= 300 && status < 400)
            finish({
              outcome: 'failed',
              status,
              error: `answered ${status} (redirect to ${String(response.headers.location ?? '?').slice(0, 200)}), not followed`,
            });
          else finish({ outcome: 'failed', status, error: `answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}` });
        });
      },
    );
    const timer = setTimeout(() => finish({ outcome: 'failed', status: null, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    request.on('error', (error) => finish({ outcome: 'failed', status: null, error: error.message }));
    request.end(body);
  });
}

// Private: the first MAX_RESPONSE_BYTES of the answer as text; the connection is dropped after that.
function readCapped(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8').trim());
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_RESPONSE_BYTES) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}
