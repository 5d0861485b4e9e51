import { decodeCursor, encodeCursor } from '../../../src/graphql/connections/cursor';
import { toOffsetArgs } from '../../../src/graphql/connections/connectionArgs';
import { BadUserInputError } from '../../../src/core/errors';

const CAPABILITIES = 'capabilities?';
const FILTERED = 'capabilities?zone=D075';

describe('cursor', () => {
  it('encodes an offset bound to its connection, in a pinned format', () => {
    expect(encodeCursor(CAPABILITIES, 0)).toBe('djE6YmJlNTg1NDQ6MA==');
    expect(encodeCursor(CAPABILITIES, 115)).toBe('djE6YmJlNTg1NDQ6MTE1');
    expect(encodeCursor(FILTERED, 115)).not.toBe(encodeCursor(CAPABILITIES, 115));
  });

  it('encodes every offset as the base64 of its whole text, whatever the padding', () => {
    for (const offset of [0, 7, 10, 99, 100, 999, 1000, 12345, 123456, 999_999_999]) {
      const expected = Buffer.from(`v1:bbe58544:${offset}`, 'utf8').toString('base64');
      expect(encodeCursor(CAPABILITIES, offset)).toBe(expected);
    }
  });

  it('decodes its own cursors', () => {
    expect(decodeCursor(encodeCursor(CAPABILITIES, 42), CAPABILITIES, 'after')).toBe(42);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of something else', Buffer.from('hello').toString('base64')],
    ['a negative offset', Buffer.from('v1:bbe58544:-1').toString('base64')],
    ['a huge offset', Buffer.from('v1:bbe58544:99999999999').toString('base64')],
    ['an empty string', ''],
  ])('refuses %s as BAD_USER_INPUT', (_name, cursor) => {
    expect(() => decodeCursor(cursor, CAPABILITIES, 'after')).toThrow(BadUserInputError);
    expect(() => decodeCursor(cursor, CAPABILITIES, 'after')).toThrow(/^after: expected a cursor returned by this connection, got/);
  });

  it('refuses a cursor of another connection (another filter)', () => {
    expect(() => decodeCursor(encodeCursor(FILTERED, 3), CAPABILITIES, 'before')).toThrow(/^before: expected a cursor of this connection/);
  });
});

describe('toOffsetArgs()', () => {
  it('defaults to the first 20 items', () => {
    expect(toOffsetArgs({}, CAPABILITIES)).toEqual({ first: 20, last: null, afterOffset: null, beforeOffset: null });
  });

  it('does not add a default first when last is given', () => {
    expect(toOffsetArgs({ last: 5 }, CAPABILITIES)).toEqual({ first: null, last: 5, afterOffset: null, beforeOffset: null });
  });

  it.each([
    [{ first: -1 }, /^first: expected an integer from 0 to 100, got -1$/],
    [{ last: 101 }, /^last: expected an integer from 0 to 100, got 101$/],
    [{ first: 10, after: 'x' }, /^after: expected a cursor/],
  ])('refuses %j', (relayArgs, message) => {
    expect(() => toOffsetArgs(relayArgs, CAPABILITIES)).toThrow(message);
  });
});
