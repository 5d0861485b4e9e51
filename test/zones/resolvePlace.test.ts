import { BadUserInputError, ErrorCode } from '../../src/core/errors';
import { resolvePlace } from '../../src/zones/resolvePlace';

// Private: the BadUserInputError resolvePlace throws, or a failure when it throws none or another error.
function errorOf(input: string, argumentName?: string): BadUserInputError {
  try {
    resolvePlace(input, argumentName);
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error(`expected resolvePlace(${JSON.stringify(input)}) to throw, got no error`);
}

const BRITTANY = ['D029', 'R53', 'FXX', 'FRA'];

describe('resolvePlace()', () => {
  describe('what people write', () => {
    it.each([
      ['2A004', { kind: 'COMMUNE', code: '2A004', name: 'Ajaccio', departement: 'D02A', region: 'R94', zones: ['D02A', 'R94', 'FXX', 'FRA'] }],
      ['2a004', { kind: 'COMMUNE', code: '2A004', name: 'Ajaccio' }],
      ['29200', { kind: 'POSTCODE', code: '29200', name: 'Brest', departement: 'D029', region: 'R53', zones: BRITTANY }],
      ['29 200', { kind: 'POSTCODE', code: '29200' }],
      ['Brest', { kind: 'COMMUNE', code: '29019', name: 'Brest', departement: 'D029', region: 'R53', zones: BRITTANY }],
      ['brest', { kind: 'COMMUNE', code: '29019' }],
      ['29019', { kind: 'COMMUNE', code: '29019', zones: BRITTANY }],
      ['75056', { kind: 'COMMUNE', code: '75056', name: 'Paris', departement: 'D075', region: 'R11', zones: ['D075', 'R11', 'FXX', 'FRA'] }],
      ['75101', { kind: 'COMMUNE', code: '75101', name: 'Paris 1er Arrondissement', zones: ['D075', 'R11', 'FXX', 'FRA'] }],
      ['69381', { kind: 'COMMUNE', code: '69381', name: 'Lyon 1er Arrondissement', zones: ['D069', 'R84', 'FXX', 'FRA'] }],
      ['13201', { kind: 'COMMUNE', code: '13201', name: 'Marseille 1er Arrondissement', zones: ['D013', 'R93', 'FXX', 'FRA'] }],
      ['75001', { kind: 'POSTCODE', code: '75001', name: 'Paris', zones: ['D075', 'R11', 'FXX', 'FRA'] }],
      ['-4.49,48.39', { kind: 'POINT', point: [-4.49, 48.39], departement: 'D029', region: 'R53', zones: BRITTANY }],
      [' -4.49 , 48.39 ', { kind: 'POINT', point: [-4.49, 48.39], zones: BRITTANY }],
      ['-4.49 48.39', { kind: 'POINT', zones: BRITTANY }],
      ['-5,46', { kind: 'POINT', point: [-5, 46], zones: [] }],
      ['D029', { kind: 'ZONE', code: 'D029', name: 'Finistère', departement: 'D029', region: 'R53', zones: BRITTANY }],
      ['29', { kind: 'ZONE', code: 'D029', zones: BRITTANY }],
      ['finistere', { kind: 'ZONE', code: 'D029' }],
      ['R53', { kind: 'ZONE', code: 'R53', region: 'R53', zones: ['R53', 'FXX', 'FRA'] }],
      ['Paris', { kind: 'ZONE', code: 'D075' }],
      ['GLP', { kind: 'ZONE', code: 'GLP', departement: 'D971', region: 'R01', zones: ['D971', 'R01', 'FRA', 'GLP'] }],
      ['fxx', { kind: 'ZONE', code: 'FXX', zones: ['FXX', 'FRA'] }],
      ['Saint-Denis (974)', { kind: 'COMMUNE', code: '97411', zones: ['D974', 'R04', 'FRA', 'REU'] }],
      ['saint denis, 93', { kind: 'COMMUNE', code: '93066', zones: ['D093', 'R11', 'FXX', 'FRA'] }],
      ['Saint-Denis (D093)', { kind: 'COMMUNE', code: '93066' }],
      ['20004', { kind: 'COMMUNE', code: '2A004', name: 'Ajaccio' }],
      ['97500', { kind: 'POSTCODE', departement: 'D975', zones: ['D975', 'SPM'] }],
    ])('reads %j', (input, expected) => {
      expect(resolvePlace(input)).toMatchObject(expected);
    });

    it('gives a zone the box of its footprint', () => {
      expect(resolvePlace('D029').bbox).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]);
      expect(resolvePlace('Brest').bbox).toBeUndefined();
    });
  });

  describe('five characters that are both a postcode and an INSEE code', () => {
    it('reads the postcode, which people write more often', () => {
      expect(resolvePlace('13001')).toMatchObject({ kind: 'POSTCODE', code: '13001', name: 'Marseille', zones: ['D013', 'R93', 'FXX', 'FRA'] });
    });

    it('reads the INSEE code when asked with insee:', () => {
      expect(resolvePlace('insee:13001')).toMatchObject({ kind: 'COMMUNE', code: '13001', name: 'Aix-en-Provence' });
      expect(resolvePlace('cp:13001')).toMatchObject({ kind: 'POSTCODE', code: '13001' });
      expect(resolvePlace('postcode: 29200')).toMatchObject({ kind: 'POSTCODE', code: '29200' });
    });
  });

  describe('a postcode across départements', () => {
    it('lists every commune and covers every département, naming none of them alone', () => {
      const place = resolvePlace('01200');
      expect(place.kind).toBe('POSTCODE');
      expect(place.departement).toBeUndefined();
      expect(place.region).toBe('R84');
      expect(place.zones).toEqual(['D001', 'D074', 'R84', 'FXX', 'FRA']);
      expect(place.communes?.map((commune) => commune.departement)).toContain('D074');
    });
  });

  describe('an ambiguous name', () => {
    it('refuses Saint-Denis and lists its candidates with name, code and département', () => {
      const error = errorOf('Saint-Denis');
      expect(error.message).toBe(
        'place: "Saint-Denis" names 4 communes: Saint-Denis (97411, D974 La Réunion), Saint-Denis (93066, D093 Seine-Saint-Denis), Saint-Denis (11339, D011 Aude), Saint-Denis (30247, D030 Gard); write its INSEE code or add its département, as in "Saint-Denis (974)"',
      );
      expect(error.extensions).toEqual({
        code: ErrorCode.BAD_USER_INPUT,
        argumentName: 'place',
        candidates: [
          { kind: 'COMMUNE', code: '97411', name: 'Saint-Denis', departement: 'D974' },
          { kind: 'COMMUNE', code: '93066', name: 'Saint-Denis', departement: 'D093' },
          { kind: 'COMMUNE', code: '11339', name: 'Saint-Denis', departement: 'D011' },
          { kind: 'COMMUNE', code: '30247', name: 'Saint-Denis', departement: 'D030' },
        ],
      });
    });

    it('lists ten candidates at most and says how many more', () => {
      const error = errorOf('Sainte-Colombe');
      expect(error.extensions['candidates']).toHaveLength(10);
      expect(error.message).toMatch(/names \d+ communes: .* and \d+ more; write its INSEE code/);
    });
  });

  describe('unknown input', () => {
    it("suggests close communes and zones, in parseZoneInput's style", () => {
      const error = errorOf('Brestt', 'filter.place');
      expect(error.message).toMatch(
        /^filter\.place: expected a commune \(name or INSEE code\), a postcode, a zone \(code or name\) or lon,lat .*, got "Brestt"; closest: Brest \(29019\)/,
      );
      expect(error.extensions['argumentName']).toBe('filter.place');
      expect(error.extensions['suggestions']).toContainEqual({ kind: 'COMMUNE', code: '29019', name: 'Brest', departement: 'D029' });
    });

    it.each(['99999', '00000', '2C004', 'insee:99999', 'cp:75056', 'xyzzy', '', '   '])('refuses %j', (input) => {
      expect(errorOf(input).extensions['code']).toBe(ErrorCode.BAD_USER_INPUT);
    });
  });

  describe('hostile input', () => {
    it.each([
      ['a huge string', 'x'.repeat(1_000_000)],
      ['a huge number-like string', '1'.repeat(100_000)],
      ['1e999,0', '1e999,0'],
      ['NaN,0', 'NaN,0'],
      ['Infinity,Infinity', 'Infinity,Infinity'],
      ['an out-of-range point', '200,10'],
      ['a point past the pole', '10,-95'],
      ['control characters', '\u0000\u0001\u0002'],
      ['a lone surrogate', '\ud800'],
      ['JSON', '{"type":"Polygon"}'],
    ])('refuses %s with BAD_USER_INPUT, never a crash', (_, input) => {
      const error = errorOf(input);
      expect(error.extensions['code']).toBe(ErrorCode.BAD_USER_INPUT);
      expect(error.message.length).toBeLessThan(500);
    });

    it('refuses a non-string with BAD_USER_INPUT', () => {
      expect(() => resolvePlace(42 as unknown as string)).toThrow(BadUserInputError);
    });
  });
});
