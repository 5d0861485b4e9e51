import { ErrorCode, UpstreamError } from '../../core/errors';

/** A range read's outcome: the bytes, or the upstream's whole-file answer (its body cancelled unread). */
export type RangeAnswer = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'rangeIgnored'; status: number };

/**
 * Reads the answer to `Range: bytes=start-(start+length-1)`: a 206 whose `Content-Range` starts at `start`,
 * with exactly `length` bytes. Any other success status means the upstream ignored the range: the body is
 * cancelled at once, never read. A 206 for other bytes, or a body longer than asked, is a bad response.
 */
export function readRangeBody(start: number, length: number) {
  return async (response: Response): Promise<{ status: string; value: RangeAnswer }> => {
    const status = String(response.status);
    if (response.status !== 206) {
      await response.body?.cancel().catch(() => undefined);
      return { status, value: { kind: 'rangeIgnored', status: response.status } };
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range')?.trim() ?? '');
    if (!range || Number(range[1]) !== start || Number(range[2]) !== start + length - 1) {
      await response.body?.cancel().catch(() => undefined);
      throw badRange(`answered bytes ${response.headers.get('content-range') ?? '(no Content-Range)'} for ${start}-${start + length - 1}`);
    }
    const bytes = new Uint8Array(length);
    let received = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      if (received + chunk.value.byteLength > length) {
        await reader?.cancel().catch(() => undefined);
        throw badRange(`sent more than the ${length} bytes of the range`);
      }
      bytes.set(chunk.value, received);
      received += chunk.value.byteLength;
    }
    if (received !== length) throw badRange(`sent ${received} of the ${length} bytes of the range`);
    return { status, value: { kind: 'bytes', bytes } };
  };
}

function badRange(what: string): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `The upstream download ${what}.`, { call: 'download', status: 206 });
}
