import { ZoneKind } from '../../src/zones/ZoneKind';
import { zoneInfo } from '../../src/zones/zoneCatalogue';

describe('zoneInfo()', () => {
  it.each([
    ['D075', 'D075 Paris', ZoneKind.DEPARTEMENT, 'R11'],
    ['d075', 'D075 Paris', ZoneKind.DEPARTEMENT, 'R11'],
    ['D02A', 'D02A Corse-du-Sud', ZoneKind.DEPARTEMENT, 'R94'],
    ['d02b', 'D02B Haute-Corse', ZoneKind.DEPARTEMENT, 'R94'],
    ['D971', 'D971 Guadeloupe', ZoneKind.DEPARTEMENT, 'R01'],
    ['D0971', 'D971 Guadeloupe', ZoneKind.DEPARTEMENT, 'R01'],
    ['D974', 'D974 La Réunion', ZoneKind.DEPARTEMENT, 'R04'],
    ['D0974', 'D974 La Réunion', ZoneKind.DEPARTEMENT, 'R04'],
    ['D976', 'D976 Mayotte', ZoneKind.DEPARTEMENT, 'R06'],
    ['D0986', 'D986 Wallis-et-Futuna', ZoneKind.OVERSEAS_COLLECTIVITY, null],
    ['R11', 'R11 Île-de-France', ZoneKind.REGION, null],
    ['r93', "R93 Provence-Alpes-Côte d'Azur", ZoneKind.REGION, null],
    ['FRA', 'FRA France entière', ZoneKind.COUNTRY, null],
    ['fxx', 'FXX France métropolitaine', ZoneKind.COUNTRY, null],
    ['GLP', 'GLP Guadeloupe', ZoneKind.ISO_TERRITORY, null],
  ])('reads %s as %s', (code, label, kind, parentRegion) => {
    expect(zoneInfo(code)).toMatchObject({ label, kind, parentRegion, code: label.split(' ')[0] });
  });

  it.each(['75', '2A', '971', 'D099', 'D020', 'D975X', 'R05', 'Paris', ' D075', ''])(
    'knows no upstream code %j (people input goes through parseZoneInput)',
    (code) => {
      expect(zoneInfo(code)).toBeNull();
    },
  );

  it('answers the same object for every spelling of a code', () => {
    expect(zoneInfo('d0971')).toBe(zoneInfo('D971'));
  });
});
