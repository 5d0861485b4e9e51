import { createHash } from 'node:crypto';
import { BadUserInputError } from '../../core/errors';
import type { EditionKey } from '../store/CatalogueStore';
import type { ProductSearchKey } from './searchProducts';

/**
 * Keyset cursors of `Query.editions`: base64 of a JSON `[version, tag, key, product, name]`, where the tag is a
 * short hash of the filter and order, so a cursor from another filter or order is refused instead of pointing
 * somewhere else. A position, not an offset: it stays valid while the index changes.
 */
export function encodeEditionCursor(identity: string, key: EditionKey): string {
  return Buffer.from(JSON.stringify(['e1', tag(identity), key.key, key.product, key.name]), 'utf8').toString('base64');
}

/** The position a cursor holds; `BadUserInputError` when it is malformed or of another filter or order. */
export function decodeEditionCursor(cursor: string, identity: string, argumentName: string): EditionKey {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9+/]+={0,2}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) : null;
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 5 || parsed[0] !== 'e1' || !parsed.slice(1).every((part) => typeof part === 'string')) {
    throw new BadUserInputError(
      `${argumentName}: expected a cursor returned by editions, got ${JSON.stringify(cursor.length > 40 ? `${cursor.slice(0, 40)}…` : cursor)}`,
      argumentName,
    );
  }
  if (parsed[1] !== tag(identity)) {
    throw new BadUserInputError(`${argumentName}: expected a cursor of this filter and order, got one from another`, argumentName);
  }
  return { key: parsed[2] as string, product: parsed[3] as string, name: parsed[4] as string };
}

/**
 * `Query.searchResources` cursors: base64 of a JSON `[version, tag, rank, name]`, the tag a short hash of the
 * search's words, so a cursor of other words is refused. A position (rank, then name): it stays valid while
 * products are added or withdrawn.
 */
export function encodeProductSearchCursor(identity: string, key: ProductSearchKey): string {
  return Buffer.from(JSON.stringify(['r1', tag(identity), key.rank, key.name]), 'utf8').toString('base64');
}

/** The position a product search cursor holds; `BadUserInputError` when it is malformed or of other words. */
export function decodeProductSearchCursor(cursor: string, identity: string, argumentName: string): ProductSearchKey {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9+/]+={0,2}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) : null;
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== 'r1' ||
    typeof parsed[1] !== 'string' ||
    !Number.isInteger(parsed[2]) ||
    typeof parsed[3] !== 'string'
  ) {
    throw new BadUserInputError(
      `${argumentName}: expected a cursor returned by searchResources, got ${JSON.stringify(cursor.length > 40 ? `${cursor.slice(0, 40)}…` : cursor)}`,
      argumentName,
    );
  }
  if (parsed[1] !== tag(identity)) {
    throw new BadUserInputError(`${argumentName}: expected a cursor of these words, got one from another search`, argumentName);
  }
  return { rank: parsed[2] as number, name: parsed[3] };
}

/** `Query.changes` cursors: base64 of `c1:{sequence}`. */
export function encodeChangeCursor(sequence: number): string {
  return Buffer.from(`c1:${sequence}`, 'utf8').toString('base64');
}

/** The sequence a change cursor holds; `BadUserInputError` when malformed. */
export function decodeChangeCursor(cursor: string, argumentName: string): number {
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  const match = /^c1:(0|[1-9]\d{0,14})$/.exec(decoded);
  if (!match)
    throw new BadUserInputError(
      `${argumentName}: expected a cursor returned by changes, got ${JSON.stringify(cursor.length > 40 ? `${cursor.slice(0, 40)}…` : cursor)}`,
      argumentName,
    );
  return Number(match[1]);
}

function tag(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 8);
}
