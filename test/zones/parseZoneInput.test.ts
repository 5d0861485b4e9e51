import { BadUserInputError, ErrorCode } from '../../src/core/errors';
import { parseZoneInput } from '../../src/zones/parseZoneInput';

const EXPECTED = 'expected a zone code or name (D075, 75, 2A, 971, R11, FRA, FXX, GLP, Paris…)';

// Private: the error parseZoneInput throws for an input, or a failure when it throws none.
function errorOf(input: string, argumentName?: string): BadUserInputError {
  try {
    parseZoneInput(input, argumentName);
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error(`expected parseZoneInput(${JSON.stringify(input)}) to throw, got no error`);
}

describe('parseZoneInput()', () => {
  describe('codes in the usual spellings', () => {
    it.each([
      ['D075', 'D075 Paris'],
      ['d075', 'D075 Paris'],
      ['75', 'D075 Paris'],
      ['075', 'D075 Paris'],
      ['D75', 'D075 Paris'],
      ['7', 'D007 Ardèche'],
      ['07', 'D007 Ardèche'],
      ['1', 'D001 Ain'],
      ['11', 'D011 Aude'],
      ['2A', 'D02A Corse-du-Sud'],
      ['2a', 'D02A Corse-du-Sud'],
      ['02A', 'D02A Corse-du-Sud'],
      ['D02A', 'D02A Corse-du-Sud'],
      ['2B', 'D02B Haute-Corse'],
      ['d02b', 'D02B Haute-Corse'],
      ['971', 'D971 Guadeloupe'],
      ['D971', 'D971 Guadeloupe'],
      ['D0971', 'D971 Guadeloupe'],
      ['974', 'D974 La Réunion'],
      ['975', 'D975 Saint-Pierre-et-Miquelon'],
      ['988', 'D988 Nouvelle-Calédonie'],
      ['FRA', 'FRA France entière'],
      ['fxx', 'FXX France métropolitaine'],
      ['R11', 'R11 Île-de-France'],
      ['r94', 'R94 Corse'],
      ['R1', 'R01 Guadeloupe'],
      ['R93', "R93 Provence-Alpes-Côte d'Azur"],
      ['GLP', 'GLP Guadeloupe'],
      ['maf', 'MAF Saint-Martin'],
      ['  D075\t', 'D075 Paris'],
      [' 2A ', 'D02A Corse-du-Sud'],
    ])('reads %j as %s', (input, label) => {
      expect(parseZoneInput(input).label).toBe(label);
    });
  });

  describe('names, whatever the case, accents and punctuation', () => {
    it.each([
      ['Paris', 'D075 Paris'],
      ['paris', 'D075 Paris'],
      ['PARIS', 'D075 Paris'],
      ['Ardeche', 'D007 Ardèche'],
      ['ardèche', 'D007 Ardèche'],
      ['corse du sud', 'D02A Corse-du-Sud'],
      ['Corse-du-Sud', 'D02A Corse-du-Sud'],
      ['haute corse', 'D02B Haute-Corse'],
      ['Île-de-France', 'R11 Île-de-France'],
      ['ile de france', 'R11 Île-de-France'],
      ['Corse', 'R94 Corse'],
      ["cotes d'armor", "D022 Côtes-d'Armor"],
      ['Val d Oise', "D095 Val-d'Oise"],
      ['territoire de belfort', 'D090 Territoire de Belfort'],
      ['provence alpes cote d azur', "R93 Provence-Alpes-Côte d'Azur"],
      ['centre val de loire', 'R24 Centre-Val de Loire'],
      ['Loire', 'D042 Loire'],
      ['pays de la loire', 'R52 Pays de la Loire'],
      ['Guadeloupe', 'D971 Guadeloupe'],
      ['la réunion', 'D974 La Réunion'],
      ['Reunion', 'D974 La Réunion'],
      ['st pierre et miquelon', 'D975 Saint-Pierre-et-Miquelon'],
      ['polynesie francaise', 'D987 Polynésie française'],
      ['France', 'FRA France entière'],
      ['france metropolitaine', 'FXX France métropolitaine'],
      ['  Bretagne  ', 'R53 Bretagne'],
    ])('reads %j as %s', (input, label) => {
      expect(parseZoneInput(input).label).toBe(label);
    });
  });

  it('answers the catalogue zone itself, whole', () => {
    expect(parseZoneInput('75')).toEqual({
      code: 'D075',
      label: 'D075 Paris',
      name: 'Paris',
      kind: 'DEPARTEMENT',
      parentRegion: 'R11',
    });
  });

  describe('unknown input', () => {
    it.each([
      ['D099', `zone: ${EXPECTED}, got "D099"; closest: D095 Val-d'Oise, D094 Val-de-Marne, D093 Seine-Saint-Denis`],
      ['20', `zone: ${EXPECTED}, got "20"; closest: D02A Corse-du-Sud, D02B Haute-Corse, R94 Corse`],
      ['D020', `zone: ${EXPECTED}, got "D020"; closest: D02A Corse-du-Sud, D02B Haute-Corse, R94 Corse`],
      ['pariss', `zone: ${EXPECTED}, got "pariss"; closest: D075 Paris`],
      ['Bretange', `zone: ${EXPECTED}, got "Bretange"; closest: R53 Bretagne`],
      ['0', `zone: ${EXPECTED}, got "0"; closest: D001 Ain, D002 Aisne, D003 Allier`],
      ['R05', `zone: ${EXPECTED}, got "R05"; closest: R01 Guadeloupe, R02 Martinique, R03 Guyane`],
      ['', `zone: ${EXPECTED}, got ""`],
      ['   ', `zone: ${EXPECTED}, got "   "`],
      ['xyz', `zone: ${EXPECTED}, got "xyz"`],
    ])('refuses %j: %s', (input, message) => {
      expect(errorOf(input).message).toBe(message);
    });

    it('is a BAD_USER_INPUT error naming the argument', () => {
      const error = errorOf('D099');
      expect(error).toBeInstanceOf(BadUserInputError);
      expect(error.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT, argumentName: 'zone' });
    });

    it('takes the argument name for the message prefix and the extension', () => {
      const error = errorOf('D099', 'filter.zone');
      expect(error.message).toMatch(/^filter\.zone: expected a zone code or name .*, got "D099"; closest: D095/);
      expect(error.extensions['argumentName']).toBe('filter.zone');
    });

    it('shows at most 80 characters of a long input and suggests nothing for it', () => {
      const message = errorOf(`Paris${'x'.repeat(200)}`).message;
      expect(message).toBe(`zone: ${EXPECTED}, got ${JSON.stringify(`Paris${'x'.repeat(75)}`)}`);
    });
  });
});
