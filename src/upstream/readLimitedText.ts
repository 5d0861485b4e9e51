/** Thrown when a body is larger than allowed; the client reports it as `UPSTREAM_BAD_RESPONSE`. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The body of `response` as UTF-8 text, refusing (and cancelling the stream) past `maxBytes`, announced by
 * `Content-Length` or counted while reading. A body cut short by the connection rejects as fetch does.
 */
export async function readLimitedText(response: Response, maxBytes: number): Promise<string> {
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
