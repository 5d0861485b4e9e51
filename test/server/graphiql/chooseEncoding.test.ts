import { chooseEncoding } from '../../../src/server/graphiql/chooseEncoding';

describe('chooseEncoding()', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['gzip;q=0, br;q=0', 'identity'],
    ['identity', 'identity'],
    ['deflate', 'identity'],
    ['GZIP ; q=0.7', 'gzip'],
  ] as const)('Accept-Encoding %j → %s', (acceptEncoding, expected) => {
    expect(chooseEncoding(acceptEncoding)).toBe(expected);
  });
});
