import { parseStored } from '../../../src/upstream/scaleout/RedisPageCache';

const entry = {
  title: 'T',
  id: 'https://h/resource/X',
  links: [{ href: 'https://h/resource/X', rel: 'alternate', type: null, length: null }],
  updated: null,
  content: null,
  zones: [{ code: 'D075', label: null }],
  formats: [],
  categories: [],
  editionDate: null,
  mimeTypes: [],
};
const page = { page: 1, pageSize: 50, pageCount: 1, totalEntries: 1, title: null, updated: null, entries: [entry] };

describe('parseStored()', () => {
  it('reads a stored page with its validators', () => {
    expect(parseStored(JSON.stringify({ storedAt: 5, page, etag: '"v"', lastModified: null }))).toEqual({ storedAt: 5, page, etag: '"v"', lastModified: null });
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['no storedAt', JSON.stringify({ page })],
    ['entries not a list', JSON.stringify({ storedAt: 1, page: { ...page, entries: 'x' } })],
    ['a zone without code', JSON.stringify({ storedAt: 1, page: { ...page, entries: [{ ...entry, zones: [{ label: 'x' }] }] } })],
    ['a link without href', JSON.stringify({ storedAt: 1, page: { ...page, entries: [{ ...entry, links: [{ rel: 'alternate' }] }] } })],
    ['a numeric title', JSON.stringify({ storedAt: 1, page: { ...page, entries: [{ ...entry, title: 3 }] } })],
    ['a fractional total', JSON.stringify({ storedAt: 1, page: { ...page, totalEntries: 1.5 } })],
    ['mime types not strings', JSON.stringify({ storedAt: 1, page: { ...page, entries: [{ ...entry, mimeTypes: [1] }] } })],
  ])('treats %s as a miss', (_name, raw) => {
    expect(parseStored(raw)).toBeUndefined();
  });
});
