import type { Geometry, Position } from '../../src/zones/geometry/Geometry';
import { enclosingZones } from '../../src/zones/enclosingZones';
import type { ZoneInfo } from '../../src/zones/ZoneInfo';
import { zoneInfo } from '../../src/zones/zoneCatalogue';
import { zonesContaining, zonesIntersecting } from '../../src/zones/zonesCovering';
import { PREFECTURES } from './prefectures';

const at = (point: Position): string[] => zonesContaining(point).map((zone) => zone.code);
const over = (area: Parameters<typeof zonesIntersecting>[0]): string[] => zonesIntersecting(area).map((zone) => zone.code);

describe('zonesContaining()', () => {
  it.each<[string, Position, string[]]>([
    ['Rennes', [-1.68, 48.11], ['D035', 'R53', 'FXX', 'FRA']],
    ['Brest', [-4.49, 48.39], ['D029', 'R53', 'FXX', 'FRA']],
    ['Ajaccio', [8.74, 41.93], ['D02A', 'R94', 'FXX', 'FRA']],
    ['Pointe-à-Pitre', [-61.53, 16.24], ['D971', 'R01', 'FRA', 'GLP']],
    ['Saint-Denis de La Réunion', [55.45, -20.88], ['D974', 'R04', 'FRA', 'REU']],
    ['Cayenne', [-52.33, 4.93], ['D973', 'R03', 'FRA', 'GUF']],
    ['Saint-Pierre', [-56.18, 46.78], ['D975', 'SPM']],
    ['Nouméa', [166.45, -22.27], ['D988']],
  ])('finds %s in %j', (_, point, expected) => {
    expect(at(point)).toEqual(expected);
  });

  it('does not find Rennes in Finistère', () => {
    expect(at([-1.68, 48.11])).not.toContain('D029');
  });

  it.each<[string, Position]>([
    ['the Bay of Biscay', [-5, 46]],
    ['the middle of the Atlantic', [-30, 40]],
    ['the Ligurian Sea between Nice and Corsica', [8.0, 43.2]],
    ['the Channel', [-1.0, 50.2]],
    ['Null Island', [0, 0]],
    ['London', [-0.13, 51.51]],
    ['Geneva', [6.14, 46.2]],
  ])('finds %s in no zone (FRA is not a world-wide box)', (_, point) => {
    expect(at(point)).toEqual([]);
  });

  it.each(PREFECTURES.map(([code, town, point]) => [town, code, point]))('agrees with the catalogue at %s (%s)', (_, code, point) => {
    expect(at(point)).toEqual(enclosingZones(catalogueZone(code)).map((info) => info.code));
  });
});

describe('zonesIntersecting()', () => {
  it('finds the zones a box around Brest touches', () => {
    expect(over([-4.6, 48.3, -4.4, 48.5])).toEqual(['D029', 'R53', 'FXX', 'FRA']);
  });

  it('finds both sides of a box across the Brittany–Normandy border', () => {
    expect(over([-1.6, 48.5, -1.3, 48.7])).toEqual(['D035', 'D050', 'R28', 'R53', 'FXX', 'FRA']);
  });

  it('finds a polygon inside Paris in Paris only', () => {
    const triangle: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [2.33, 48.85],
          [2.36, 48.85],
          [2.35, 48.87],
          [2.33, 48.85],
        ],
      ],
    };
    expect(over(triangle)).toEqual(['D075', 'R11', 'FXX', 'FRA']);
  });

  it('finds every zone, ISO codes last, for a box over the whole world', () => {
    const all = over([-180, -90, 180, 90]);
    expect(all).toHaveLength(136);
    expect(all.slice(-10)).toEqual(['FXX', 'FRA', 'GLP', 'MTQ', 'GUF', 'REU', 'MYT', 'SPM', 'BLM', 'MAF']);
  });

  it.each([
    ['a box in the Bay of Biscay', [-6, 45, -4, 46.5]],
    ['a box in the Atlantic', [-40, 30, -20, 45]],
  ])('finds nothing for %s', (_, box) => {
    expect(over(box as [number, number, number, number])).toEqual([]);
  });
});

// Private: the catalogue zone of a code the test knows exists.
function catalogueZone(code: string): ZoneInfo {
  const zone = zoneInfo(code);
  if (zone === null) throw new Error(`expected a catalogue code, got ${code}`);
  return zone;
}
