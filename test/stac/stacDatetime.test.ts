import { parseStacDatetime } from '../../src/server/stac/stacDatetime';

// A STAC `datetime` as the edition dates it selects: an edition's datetime is its date at 00:00 UTC.
describe('parseStacDatetime', () => {
  it.each([
    ['2024-03-15T00:00:00Z', { from: '2024-03-15', to: '2024-03-15' }],
    ['2024-03-15t00:00:00z', { from: '2024-03-15', to: '2024-03-15' }],
    ['2024-03-15T01:00:00+01:00', { from: '2024-03-15', to: '2024-03-15' }],
    // An instant that is no midnight UTC: no edition's datetime.
    ['2024-03-15T12:00:00Z', { from: '2024-03-16', to: '2024-03-15' }],
    ['2024-01-01T00:00:00Z/2024-12-31T23:59:59.999Z', { from: '2024-01-01', to: '2024-12-31' }],
    ['2024-01-01T00:00:01Z/..', { from: '2024-01-02' }],
    ['../2024-06-30T00:00:00Z', { to: '2024-06-30' }],
    ['/2024-06-30T00:00:00Z', { to: '2024-06-30' }],
    ['2024-06-30T00:00:00Z/', { from: '2024-06-30' }],
    ['2024-12-31T23:30:00-01:00/..', { from: '2025-01-02' }],
  ])('reads %s', (value, range) => {
    expect(parseStacDatetime(value)).toEqual(range);
  });

  it.each([
    '2024-03-15',
    '2024-02-30T00:00:00Z',
    '2024-03-15T24:00:00Z',
    '2024-03-15T00:00:60Z',
    '2024-03-15 00:00:00Z',
    '2024-03-15T00:00:00',
    '../..',
    '/',
    '2024-01-02T00:00:00Z/2024-01-01T00:00:00Z',
    'a/b/c',
    '',
  ])('refuses %j naming datetime', (value) => {
    expect(() => parseStacDatetime(value)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argumentName: 'datetime' }) }));
  });
});
