import { prefersHtml } from '../../../src/server/graphiql/prefersHtml';

describe('prefersHtml()', () => {
  it.each([
    ['Chromium and Firefox navigating', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true],
    ['Safari navigating', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['HTML alone', 'text/html', true],
    ['HTML over JSON by q', 'application/json;q=0.5, text/html', true],
    ['upper case and spaces', 'TEXT/HTML ; q=1 , application/json ; q=0.2', true],
    ['text/* over a lower wildcard', 'text/*, */*;q=0.1', true],
  ])('is true for %s', (_case, accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });

  it.each([
    ['no header', undefined],
    ['curl (a lone wildcard: a tie)', '*/*'],
    ['JSON', 'application/json'],
    ['the GraphQL response type', 'application/graphql-response+json, application/json;q=0.9'],
    ['HTML and JSON tied', 'text/html, application/json'],
    ['JSON tied through the wildcard', 'text/html;q=0.8, */*;q=0.8'],
    ['HTML refused', 'text/html;q=0, */*'],
    ['JSON above HTML', 'text/html;q=0.5, application/json'],
    ['an empty header', ''],
    ['garbage', 'not a media type'],
  ])('is false for %s', (_case, accept) => {
    expect(prefersHtml(accept)).toBe(false);
  });
});
