import { BadUserInputError } from '../../core/errors';
import { decodeCursor } from './cursor';
import type { OffsetArgs } from './pageWindow';

/** Items returned when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest `first` or `last` accepted (two upstream pages of 50). */
export const MAX_PAGE_SIZE = 100;

/** The four Relay arguments as GraphQL hands them over. */
export interface RelayArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * Validates Relay arguments once, at the boundary: sizes within 0…MAX_PAGE_SIZE, cursors of this very
 * connection. Applies the default size when neither `first` nor `last` is given. The listing's identity may be
 * given as a function: it is then read only when a cursor is.
 */
export function toOffsetArgs(args: RelayArgs, listingIdentity: string | (() => string)): OffsetArgs {
  const identity = () => (typeof listingIdentity === 'string' ? listingIdentity : listingIdentity());
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  return {
    first: first === null && last === null ? DEFAULT_PAGE_SIZE : first,
    last,
    afterOffset: args.after == null ? null : decodeCursor(args.after, identity(), 'after'),
    beforeOffset: args.before == null ? null : decodeCursor(args.before, identity(), 'before'),
  };
}

function pageSize(value: number | null | undefined, name: string): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`${name}: expected an integer from 0 to ${MAX_PAGE_SIZE}, got ${value}`, name);
  }
  return value;
}
