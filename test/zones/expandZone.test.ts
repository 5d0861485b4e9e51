import { expandZone } from '../../src/zones/expandZone';
import type { ZoneInfo } from '../../src/zones/ZoneInfo';
import { ZoneKind } from '../../src/zones/ZoneKind';
import { ZONES, zoneInfo } from '../../src/zones/zoneCatalogue';

// Private: the catalogue zone of a code the test knows exists.
function zone(code: string): ZoneInfo {
  const info = zoneInfo(code);
  if (info === null) throw new Error(`expected a catalogue code, got ${code}`);
  return info;
}

describe('expandZone()', () => {
  describe('a région', () => {
    it.each([
      ['R11', ['D075', 'D077', 'D078', 'D091', 'D092', 'D093', 'D094', 'D095']],
      ['R94', ['D02A', 'D02B']],
      ['R53', ['D022', 'D029', 'D035', 'D056']],
      ['R01', ['D971']],
      ['R06', ['D976']],
    ])('expands %s to %j', (code, departements) => {
      expect(expandZone(zone(code)).map((info) => info.code)).toEqual(departements);
    });

    it('gives départements in code order', () => {
      for (const region of ZONES.filter((info) => info.kind === ZoneKind.REGION)) {
        const codes = expandZone(region).map((info) => info.code);
        expect(codes).toEqual([...codes].sort());
      }
    });

    it('covers every département exactly once across the 18 régions', () => {
      const expanded = ZONES.filter((info) => info.kind === ZoneKind.REGION).flatMap(expandZone);
      expect(expanded).toHaveLength(101);
      expect(new Set(expanded).size).toBe(101);
      expect(expanded.every((info) => info.kind === ZoneKind.DEPARTEMENT)).toBe(true);
    });

    it('refuses a hand-made région the catalogue does not know', () => {
      const fake: ZoneInfo = { code: 'R99', label: 'R99 Atlantide', name: 'Atlantide', kind: ZoneKind.REGION, parentRegion: null };
      expect(() => expandZone(fake)).toThrow(new TypeError('expected a région from the zone catalogue, got R99'));
    });
  });

  describe('anything else', () => {
    it.each(['D075', 'D02A', 'D971', 'D986', 'FRA', 'FXX', 'GLP'])('keeps %s as it is', (code) => {
      expect(expandZone(zone(code))).toEqual([zone(code)]);
    });
  });

  it('answers a new array each time, leaving the catalogue as it was', () => {
    const first = expandZone(zone('R94'));
    first.pop();
    expect(expandZone(zone('R94'))).toHaveLength(2);
  });
});
