/** Thrown when a body is refused while it is read; the client reports it as `UPSTREAM_BAD_RESPONSE`. */
export class BodyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyRefusedError';
  }
}

/** Thrown when a body is larger than allowed. */
export class BodyTooLargeError extends BodyRefusedError {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Looks at each chunk of a body as it arrives: a reason to refuse it, or null to read on. */
export type ChunkInspector = (chunk: Uint8Array) => string | null;

/**
 * The body of `response` as UTF-8 text, refusing (and cancelling the stream) past `maxBytes`, announced by
 * `Content-Length` or counted while reading, or as soon as `inspect` finds a reason in a chunk
 * (`BodyRefusedError`). A body cut short by the connection rejects as fetch does.
 */
export async function readLimitedText(response: Response, maxBytes: number, inspect?: ChunkInspector): Promise<string> {
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
    const refusal = inspect?.(value) ?? null;
    if (refusal !== null) {
      await reader.cancel().catch(() => undefined);
      throw new BodyRefusedError(refusal);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
