import { createStaticAsset } from '../../../src/server/graphiql/StaticAsset';

describe('createStaticAsset()', () => {
  it('names the asset after the SHA-256 of its content', () => {
    const asset = createStaticAsset('boot.js', 'text/javascript', Buffer.from('hello'), true);
    // sha256("hello") = 2cf24dba5fb0a30e26e83b2ac5b9e29e…
    expect(asset).toMatchObject({ path: '/graphiql/2cf24dba5fb0a30e/boot.js', etag: '"2cf24dba5fb0a30e"' });
    expect(createStaticAsset('boot.js', 'text/javascript', Buffer.from('hello!'), true).path).not.toBe(asset.path);
  });

  it.each(['../boot.js', 'a/b.js', '.hidden', '', 'x y.js', 'boot.js?x'])('refuses the file name %j', (fileName) => {
    expect(() => createStaticAsset(fileName, 'text/plain', Buffer.from(''), false)).toThrow(/^expected a plain file name, got/);
  });
});
