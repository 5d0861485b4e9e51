import { enclosingZones } from '../../src/zones/enclosingZones';
import { ZONES, zoneInfo } from '../../src/zones/zoneCatalogue';

const codes = (code: string): string[] => {
  const zone = zoneInfo(code);
  if (zone === null) throw new Error(`expected a catalogue code, got ${code}`);
  return enclosingZones(zone).map((info) => info.code);
};

describe('enclosingZones()', () => {
  it.each([
    ['D029', ['D029', 'R53', 'FXX', 'FRA']],
    ['D02A', ['D02A', 'R94', 'FXX', 'FRA']],
    ['D075', ['D075', 'R11', 'FXX', 'FRA']],
    ['D971', ['D971', 'R01', 'FRA', 'GLP']],
    ['R01', ['D971', 'R01', 'FRA', 'GLP']],
    ['GLP', ['D971', 'R01', 'FRA', 'GLP']],
    ['D976', ['D976', 'R06', 'FRA', 'MYT']],
    ['R53', ['R53', 'FXX', 'FRA']],
    ['FXX', ['FXX', 'FRA']],
    ['FRA', ['FRA']],
    ['D975', ['D975', 'SPM']],
    ['SPM', ['D975', 'SPM']],
    ['MAF', ['D978', 'MAF']],
    ['D984', ['D984']],
    ['D988', ['D988']],
  ])('covers %s with %j, most precise first', (code, expected) => {
    expect(codes(code)).toEqual(expected);
  });

  it('starts every list with a zone of the input extent and ends metropolitan ones with FXX, FRA', () => {
    for (const zone of ZONES) {
      const list = codes(zone.code);
      expect(list).toContain(zone.code);
      if (list.includes('FXX')) expect(list.slice(-2)).toEqual(['FXX', 'FRA']);
    }
  });
});
