import { createHash } from 'node:crypto';
import { BadUserInputError } from '../../core/errors';

/**
 * Opaque cursors: base64 of `v1:{connection tag}:{absolute offset}`. The tag is a short hash of the
 * listing's identity (call, names, filter), so a cursor from another connection, or from the same one
 * under another filter, is refused instead of silently pointing somewhere else. The format is private
 * to this module and pinned by tests.
 */

const VERSION = 'v1';

/** The cursor of the item at `offset` (0-based) of the listing identified by `listingIdentity`. */
export function encodeCursor(listingIdentity: string, offset: number): string {
  // `v1:{8 hex}:` is 12 bytes, a whole number of base64 groups: its encoding, computed once per listing, is
  // followed by the offset's own, and the result is the base64 of the whole text.
  return `${encodedPrefix(listingIdentity)}${base64OfDigits(String(offset))}`;
}

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Private: base64 of an ASCII text (an offset's digits), padded, without a Buffer per edge.
function base64OfDigits(text: string): string {
  let encoded = '';
  for (let index = 0; index < text.length; index += 3) {
    const left = text.length - index;
    const bits = (text.charCodeAt(index) << 16) | (left > 1 ? text.charCodeAt(index + 1) << 8 : 0) | (left > 2 ? text.charCodeAt(index + 2) : 0);
    encoded += BASE64_DIGITS.charAt((bits >> 18) & 63) + BASE64_DIGITS.charAt((bits >> 12) & 63);
    encoded += (left > 1 ? BASE64_DIGITS.charAt((bits >> 6) & 63) : '=') + (left > 2 ? BASE64_DIGITS.charAt(bits & 63) : '=');
  }
  return encoded;
}

/** Base64 of `v1:{tag}:` by listing identity (bounded like the tags). */
const prefixes = new Map<string, string>();

function encodedPrefix(listingIdentity: string): string {
  let prefix = prefixes.get(listingIdentity);
  if (prefix === undefined) {
    prefix = Buffer.from(`${VERSION}:${connectionTag(listingIdentity)}:`, 'utf8').toString('base64');
    if (prefixes.size >= MAX_REMEMBERED_TAGS) prefixes.clear();
    prefixes.set(listingIdentity, prefix);
  }
  return prefix;
}

/** The offset a cursor points at; `BadUserInputError` when it is malformed or belongs to another connection. */
export function decodeCursor(cursor: string, listingIdentity: string, argumentName: string): number {
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  const match = /^v1:([0-9a-f]{8}):(0|[1-9]\d{0,8})$/.exec(decoded);
  if (!match) {
    throw new BadUserInputError(`${argumentName}: expected a cursor returned by this connection, got ${JSON.stringify(shorten(cursor))}`, argumentName);
  }
  if (match[1] !== connectionTag(listingIdentity)) {
    throw new BadUserInputError(
      `${argumentName}: expected a cursor of this connection (same parent and filter), got one from another connection`,
      argumentName,
    );
  }
  return Number(match[2]);
}

/** The offset a well-formed cursor points at, whatever its connection; null when it is not one (for estimates). */
export function decodeCursorOffset(cursor: string): number | null {
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  const match = /^v1:([0-9a-f]{8}):(0|[1-9]\d{0,8})$/.exec(decoded);
  return match ? Number(match[2]) : null;
}

/** Tags computed lately, by listing identity: a page of 50 edges hashes its identity once, not 50 times. */
const tags = new Map<string, string>();
const MAX_REMEMBERED_TAGS = 10_000;

function connectionTag(listingIdentity: string): string {
  let tag = tags.get(listingIdentity);
  if (tag === undefined) {
    tag = createHash('sha256').update(listingIdentity).digest('hex').slice(0, 8);
    if (tags.size >= MAX_REMEMBERED_TAGS) tags.clear();
    tags.set(listingIdentity, tag);
  }
  return tag;
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
