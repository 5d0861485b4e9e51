import type { Evidence } from './Check';
import type { Exchange } from './ProbeSession';

/** How much of a body the report shows. */
const SHOWN_TEXT_CHARS = 160;
const SHOWN_BINARY_BYTES = 16;

/** An exchange as the report shows it: request line, status, kept headers, the start of the body. */
export function evidenceOf(exchange: Exchange): Evidence {
  const range = exchange.requestHeaders['range'];
  const evidence: Evidence = {
    request: `${exchange.method} ${exchange.path}${range ? ` (Range: ${range})` : ''}`,
    status: exchange.status,
    headers: exchange.headers,
  };
  if (exchange.body.byteLength > 0) evidence.firstBytes = firstBytes(exchange.body);
  return evidence;
}

/** The start of a body: as text when it reads as text, else `hex:` and its first bytes. */
export function firstBytes(body: Uint8Array): string {
  const head = Buffer.from(body.subarray(0, SHOWN_TEXT_CHARS * 4));
  const text = head.toString('utf8');
  // Control characters other than tab and line ends, or undecodable bytes: binary.
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(text.slice(0, -1))) {
    const chars = Array.from(text);
    return chars.length > SHOWN_TEXT_CHARS ? `${chars.slice(0, SHOWN_TEXT_CHARS).join('')}…` : chars.join('');
  }
  return `hex:${Buffer.from(body.subarray(0, SHOWN_BINARY_BYTES)).toString('hex')}${body.byteLength > SHOWN_BINARY_BYTES ? '…' : ''}`;
}

/** A media type without its parameters, lower case: `application/atom+xml`. */
export function mediaType(contentType: string | undefined): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}
