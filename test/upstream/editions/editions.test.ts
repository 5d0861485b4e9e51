import { containingZones } from '../../../src/upstream/editions/containingZones';
import { compareNewestFirst, newestEdition, newestPerZone } from '../../../src/upstream/editions/newestEdition';
import type { SubResourceEntry } from '../../../src/upstream/format/model';

const edition = (name: string, editionDate: string | null, zone: string | null, updated: string | null = null): SubResourceEntry => ({
  resourceName: 'R',
  name,
  title: name,
  updated,
  editionDate,
  zone: zone ? { code: zone, label: null } : null,
  format: null,
  crs: null,
});

describe('newestEdition()', () => {
  it('takes the greatest edition date, then the latest update, then the greatest name', () => {
    const editions = [
      edition('a', '2024-01-01', 'D075', '2024-06-01T14:59:00+01:00'),
      edition('b', '2025-01-01', 'D075', '2025-02-01T14:59:00+01:00'),
      edition('c', '2025-01-01', 'D075', '2025-06-01T14:59:00+01:00'),
      edition('d', null, 'D075', '2026-01-01T14:59:00+01:00'),
    ];
    expect(newestEdition(editions)?.name).toBe('c');
    expect(newestEdition([edition('x', '2025-01-01', null), edition('y', '2025-01-01', null)])?.name).toBe('y');
    expect(newestEdition([])).toBeNull();
    expect([...editions].sort(compareNewestFirst).map((entry) => entry.name)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('keeps the newest edition of each zone, in zone order, and leaves out editions without a zone', () => {
    const editions = [
      edition('p1', '2023-01-01', 'D075'),
      edition('g1', '2024-01-01', 'D971'),
      edition('p2', '2024-01-01', 'D075'),
      edition('n', '2026-01-01', null),
    ];
    expect(newestPerZone(editions).map((entry) => entry.name)).toEqual(['p2', 'g1']);
  });
});

describe('containingZones()', () => {
  it.each([
    ['D075', ['D075', 'R11', 'FXX', 'FRA']],
    ['D02A', ['D02A', 'R94', 'FXX', 'FRA']],
    ['R84', ['R84', 'FXX', 'FRA']],
    ['D971', ['D971', 'R01', 'GLP', 'FRA']],
    ['D974', ['D974', 'R04', 'REU', 'FRA']],
    ['FXX', ['FXX', 'FRA']],
    ['FRA', ['FRA']],
    ['D988', ['D988', 'FRA']],
    ['AE', ['AE']],
  ])('%s is contained in %j', (code, chain) => {
    expect(containingZones(code)).toEqual(chain);
  });
});
