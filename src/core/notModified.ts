import type { IncomingMessage } from 'node:http';

/**
 * True when a conditional GET may be answered 304: RFC 9110 §13.1, `If-None-Match` (weak comparison, `*`)
 * wins over `If-Modified-Since` (the representation not changed since that date).
 */
export function notModified(request: IncomingMessage, etag: string, lastModified: string): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}
