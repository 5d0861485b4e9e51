import { decodeChangeCursor, decodeEditionCursor, encodeChangeCursor, encodeEditionCursor } from '../../../src/catalogue/index/editionCursor';
import { BadUserInputError } from '../../../src/core/errors';

const KEY = { key: '2025-06-17', product: 'ADMIN-EXPRESS', name: 'ADMIN-EXPRESS_3-2__GPKG_LAMB93_FXX_2025-06-17' };
const BY_DATE = 'EDITION_DATE_DESC|{}';
const BY_NAME = 'NAME_ASC|{}';

describe('editions cursors', () => {
  it('encode a keyset position bound to its filter and order, in a pinned format', () => {
    expect(encodeEditionCursor(BY_DATE, KEY)).toBe(
      'WyJlMSIsIjdmMWUwNTljIiwiMjAyNS0wNi0xNyIsIkFETUlOLUVYUFJFU1MiLCJBRE1JTi1FWFBSRVNTXzMtMl9fR1BLR19MQU1COTNfRlhYXzIwMjUtMDYtMTciXQ==',
    );
    expect(encodeEditionCursor(BY_NAME, KEY)).toBe(
      'WyJlMSIsIjUxMTc1Y2ViIiwiMjAyNS0wNi0xNyIsIkFETUlOLUVYUFJFU1MiLCJBRE1JTi1FWFBSRVNTXzMtMl9fR1BLR19MQU1COTNfRlhYXzIwMjUtMDYtMTciXQ==',
    );
    expect(Buffer.from(encodeEditionCursor(BY_DATE, KEY), 'base64').toString('utf8')).toBe(JSON.stringify(['e1', '7f1e059c', KEY.key, KEY.product, KEY.name]));
  });

  it('decode their own position', () => {
    expect(decodeEditionCursor(encodeEditionCursor(BY_DATE, KEY), BY_DATE, 'after')).toEqual(KEY);
  });

  it("refuse another filter or order's cursor, naming the argument", () => {
    expect(() => decodeEditionCursor(encodeEditionCursor(BY_NAME, KEY), BY_DATE, 'before')).toThrow(
      new BadUserInputError('before: expected a cursor of this filter and order, got one from another', 'before'),
    );
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['a change cursor', encodeChangeCursor(3)],
    ['another version', Buffer.from(JSON.stringify(['e2', '7f1e059c', 'a', 'b', 'c'])).toString('base64')],
    ['a position that is not text', Buffer.from(JSON.stringify(['e1', '7f1e059c', 1, 'b', 'c'])).toString('base64')],
  ])('refuse %s as BAD_USER_INPUT', (_case, cursor) => {
    expect(() => decodeEditionCursor(cursor, BY_DATE, 'after')).toThrow(/^after: expected a cursor returned by editions, got /);
  });
});

describe('changes cursors', () => {
  it('encode a change-log position in a pinned format', () => {
    expect(encodeChangeCursor(0)).toBe('YzE6MA==');
    expect(encodeChangeCursor(42)).toBe('YzE6NDI=');
    expect(encodeChangeCursor(123456789)).toBe('YzE6MTIzNDU2Nzg5');
  });

  it('decode their own position', () => {
    expect(decodeChangeCursor('YzE6NDI=', 'after')).toBe(42);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['an editions cursor', encodeEditionCursor(BY_DATE, KEY)],
    ['a negative position', Buffer.from('c1:-1').toString('base64')],
    ['a position past 15 digits', Buffer.from('c1:1234567890123456').toString('base64')],
  ])('refuse %s as BAD_USER_INPUT', (_case, cursor) => {
    expect(() => decodeChangeCursor(cursor, 'after')).toThrow(/^after: expected a cursor returned by changes, got /);
  });
});
