/** A content coding we can send: brotli, gzip, or the body as it is. */
export type ContentEncoding = 'br' | 'gzip' | 'identity';

/**
 * Picks the compression for a response from the request's `Accept-Encoding`: the acceptable coding with the
 * highest q, brotli on a tie (it is smaller); `identity` when neither is acceptable or the header is absent.
 */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding {
  if (acceptEncoding === undefined) return 'identity';
  const qualities = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (coding === '') continue;
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    qualities.set(coding === 'x-gzip' ? 'gzip' : coding, Number.isFinite(q) ? q : 1);
  }
  const wildcard = qualities.get('*') ?? 0;
  const br = qualities.get('br') ?? wildcard;
  const gzip = qualities.get('gzip') ?? wildcard;
  if (br <= 0 && gzip <= 0) return 'identity';
  return br >= gzip ? 'br' : 'gzip';
}
