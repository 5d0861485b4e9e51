import { DEPARTEMENTS } from '../../src/zones/departements';
import { COUNTRIES, ISO_TERRITORIES, OVERSEAS_COLLECTIVITIES } from '../../src/zones/otherTerritories';
import { REGIONS } from '../../src/zones/regions';
import { ZoneKind } from '../../src/zones/ZoneKind';
import { ZONES, zoneInfo } from '../../src/zones/zoneCatalogue';

const METRO_NUMBERS = [...Array.from({ length: 95 }, (_, index) => String(index + 1).padStart(2, '0')).filter((number) => number !== '20'), '2A', '2B'];
const DROM_NUMBERS = ['971', '972', '973', '974', '976'];

describe('reference data', () => {
  describe('counts', () => {
    it.each([
      [ZoneKind.COUNTRY, 2],
      [ZoneKind.REGION, 18],
      [ZoneKind.DEPARTEMENT, 101],
      [ZoneKind.OVERSEAS_COLLECTIVITY, 7],
      [ZoneKind.ISO_TERRITORY, 8],
    ])('has %s × %i', (kind, count) => {
      expect(ZONES.filter((zone) => zone.kind === kind)).toHaveLength(count);
    });

    it('has 13 metropolitan and 5 overseas régions', () => {
      const overseas = REGIONS.filter((region) => region.number < '10').map((region) => region.number);
      expect(overseas).toEqual(['01', '02', '03', '04', '06']);
      expect(REGIONS.length - overseas.length).toBe(13);
    });

    it('has every département 01…95 with 2A and 2B (no 20), then the 5 DROM, each once', () => {
      expect(DEPARTEMENTS.map((row) => row.number).sort()).toEqual([...METRO_NUMBERS, ...DROM_NUMBERS].sort());
      expect(DEPARTEMENTS).toHaveLength(101);
    });

    it('gives every zone a distinct code', () => {
      expect(new Set(ZONES.map((zone) => zone.code)).size).toBe(ZONES.length);
    });
  });

  describe('région membership', () => {
    it.each([...METRO_NUMBERS, ...DROM_NUMBERS])('lists département %s in exactly one région', (number) => {
      expect(REGIONS.filter((region) => region.departements.includes(number))).toHaveLength(1);
    });

    it('lists only known départements in régions', () => {
      const known = new Set(DEPARTEMENTS.map((row) => row.number));
      expect(REGIONS.flatMap((region) => region.departements).filter((number) => !known.has(number))).toEqual([]);
    });

    it.each([
      ['R01', 'Guadeloupe', ['971']],
      ['R02', 'Martinique', ['972']],
      ['R03', 'Guyane', ['973']],
      ['R04', 'La Réunion', ['974']],
      ['R06', 'Mayotte', ['976']],
      ['R11', 'Île-de-France', ['75', '77', '78', '91', '92', '93', '94', '95']],
      ['R24', 'Centre-Val de Loire', ['18', '28', '36', '37', '41', '45']],
      ['R27', 'Bourgogne-Franche-Comté', ['21', '25', '39', '58', '70', '71', '89', '90']],
      ['R28', 'Normandie', ['14', '27', '50', '61', '76']],
      ['R32', 'Hauts-de-France', ['02', '59', '60', '62', '80']],
      ['R44', 'Grand Est', ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88']],
      ['R52', 'Pays de la Loire', ['44', '49', '53', '72', '85']],
      ['R53', 'Bretagne', ['22', '29', '35', '56']],
      ['R75', 'Nouvelle-Aquitaine', ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87']],
      ['R76', 'Occitanie', ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82']],
      ['R84', 'Auvergne-Rhône-Alpes', ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74']],
      ['R93', "Provence-Alpes-Côte d'Azur", ['04', '05', '06', '13', '83', '84']],
      ['R94', 'Corse', ['2A', '2B']],
    ])('%s is %s with départements %j', (code, name, numbers) => {
      expect(zoneInfo(code)).toMatchObject({ name, label: `${code} ${name}`, kind: ZoneKind.REGION, parentRegion: null });
      const members = ZONES.filter((zone) => zone.parentRegion === code).map((zone) => zone.code);
      expect(members).toEqual(numbers.map((number) => `D${number.padStart(3, '0')}`));
    });

    it('puts the 96 metropolitan départements in the 13 metropolitan régions', () => {
      const metropolitan = ZONES.filter((zone) => zone.kind === ZoneKind.DEPARTEMENT && !zone.code.startsWith('D97'));
      expect(metropolitan).toHaveLength(96);
      expect(metropolitan.map((zone) => zone.parentRegion)).not.toContain(null);
      expect(new Set(metropolitan.map((zone) => zone.parentRegion)).size).toBe(13);
    });
  });

  describe('names', () => {
    it.each([
      ['D001', 'Ain'],
      ['D004', 'Alpes-de-Haute-Provence'],
      ['D007', 'Ardèche'],
      ['D009', 'Ariège'],
      ['D013', 'Bouches-du-Rhône'],
      ['D019', 'Corrèze'],
      ['D02A', 'Corse-du-Sud'],
      ['D02B', 'Haute-Corse'],
      ['D021', "Côte-d'Or"],
      ['D022', "Côtes-d'Armor"],
      ['D026', 'Drôme'],
      ['D029', 'Finistère'],
      ['D034', 'Hérault'],
      ['D038', 'Isère'],
      ['D048', 'Lozère'],
      ['D058', 'Nièvre'],
      ['D063', 'Puy-de-Dôme'],
      ['D064', 'Pyrénées-Atlantiques'],
      ['D065', 'Hautes-Pyrénées'],
      ['D066', 'Pyrénées-Orientales'],
      ['D069', 'Rhône'],
      ['D070', 'Haute-Saône'],
      ['D071', 'Saône-et-Loire'],
      ['D075', 'Paris'],
      ['D079', 'Deux-Sèvres'],
      ['D085', 'Vendée'],
      ['D090', 'Territoire de Belfort'],
      ['D093', 'Seine-Saint-Denis'],
      ['D095', "Val-d'Oise"],
      ['D971', 'Guadeloupe'],
      ['D972', 'Martinique'],
      ['D973', 'Guyane'],
      ['D974', 'La Réunion'],
      ['D976', 'Mayotte'],
    ])('names département %s "%s"', (code, name) => {
      expect(zoneInfo(code)).toMatchObject({ name, label: `${code} ${name}`, kind: ZoneKind.DEPARTEMENT });
    });

    it.each([
      ['FRA', 'France entière', ZoneKind.COUNTRY],
      ['FXX', 'France métropolitaine', ZoneKind.COUNTRY],
      ['D975', 'Saint-Pierre-et-Miquelon', ZoneKind.OVERSEAS_COLLECTIVITY],
      ['D977', 'Saint-Barthélemy', ZoneKind.OVERSEAS_COLLECTIVITY],
      ['D978', 'Saint-Martin', ZoneKind.OVERSEAS_COLLECTIVITY],
      ['D984', 'Terres australes et antarctiques françaises', ZoneKind.OVERSEAS_COLLECTIVITY],
      ['D986', 'Wallis-et-Futuna', ZoneKind.OVERSEAS_COLLECTIVITY],
      ['D987', 'Polynésie française', ZoneKind.OVERSEAS_COLLECTIVITY],
      ['D988', 'Nouvelle-Calédonie', ZoneKind.OVERSEAS_COLLECTIVITY],
      ['GLP', 'Guadeloupe', ZoneKind.ISO_TERRITORY],
      ['MTQ', 'Martinique', ZoneKind.ISO_TERRITORY],
      ['GUF', 'Guyane', ZoneKind.ISO_TERRITORY],
      ['REU', 'La Réunion', ZoneKind.ISO_TERRITORY],
      ['MYT', 'Mayotte', ZoneKind.ISO_TERRITORY],
      ['SPM', 'Saint-Pierre-et-Miquelon', ZoneKind.ISO_TERRITORY],
      ['BLM', 'Saint-Barthélemy', ZoneKind.ISO_TERRITORY],
      ['MAF', 'Saint-Martin', ZoneKind.ISO_TERRITORY],
    ])('names %s "%s" (%s, no région)', (code, name, kind) => {
      expect(zoneInfo(code)).toEqual({ code, label: `${code} ${name}`, name, kind, parentRegion: null });
    });

    it('writes every apostrophe as ASCII and leaves no space at either end of a name', () => {
      const names = [...DEPARTEMENTS, ...REGIONS, ...COUNTRIES, ...OVERSEAS_COLLECTIVITIES, ...ISO_TERRITORIES].map((row) => row.name);
      expect(names.filter((name) => /[’`´]/.test(name) || name.trim() !== name || name === '')).toEqual([]);
    });
  });

  it('hands out frozen zones', () => {
    const paris = zoneInfo('D075');
    expect(Object.isFrozen(paris)).toBe(true);
    expect(Object.isFrozen(ZONES)).toBe(true);
  });
});
