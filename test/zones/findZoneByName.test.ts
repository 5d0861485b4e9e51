import { findZoneByName, NAME_PRIORITY } from '../../src/zones/findZoneByName';
import { ZoneKind } from '../../src/zones/ZoneKind';
import { ZONES } from '../../src/zones/zoneCatalogue';

describe('findZoneByName()', () => {
  describe('one zone per name', () => {
    it.each(ZONES.filter((zone) => zone.kind === ZoneKind.DEPARTEMENT).map((zone) => [zone.name, zone.code]))(
      'finds département %s (%s) by its own name',
      (name, code) => {
        expect(findZoneByName(name)?.code).toBe(code);
      },
    );

    it.each([
      ['Île-de-France', 'R11'],
      ['Bretagne', 'R53'],
      ['Corse', 'R94'],
      ["Provence-Alpes-Côte d'Azur", 'R93'],
      ['Wallis-et-Futuna', 'D986'],
      ['France entière', 'FRA'],
      ['France', 'FRA'],
      ['France métropolitaine', 'FXX'],
      ['Métropole', 'FXX'],
    ])('finds %j as %s', (name, code) => {
      expect(findZoneByName(name)?.code).toBe(code);
    });
  });

  describe('a name several zones share', () => {
    it('ranks départements, overseas collectivities, régions, ISO territories, then countries', () => {
      expect(NAME_PRIORITY).toEqual([ZoneKind.DEPARTEMENT, ZoneKind.OVERSEAS_COLLECTIVITY, ZoneKind.REGION, ZoneKind.ISO_TERRITORY, ZoneKind.COUNTRY]);
    });

    it.each([
      ['Guadeloupe', 'D971', ['R01', 'GLP']],
      ['Martinique', 'D972', ['R02', 'MTQ']],
      ['Guyane', 'D973', ['R03', 'GUF']],
      ['La Réunion', 'D974', ['R04', 'REU']],
      ['Mayotte', 'D976', ['R06', 'MYT']],
      ['Saint-Pierre-et-Miquelon', 'D975', ['SPM']],
      ['Saint-Barthélemy', 'D977', ['BLM']],
      ['Saint-Martin', 'D978', ['MAF']],
    ])('reads %j as %s, not %j', (name, code, others) => {
      const sharing = ZONES.filter((zone) => zone.name === name).map((zone) => zone.code);
      expect(sharing.sort()).toEqual([code, ...others].sort());
      expect(findZoneByName(name)?.code).toBe(code);
    });
  });

  it.each([
    ['reunion', 'D974'],
    ['Réunion', 'D974'],
    ['st martin', 'D978'],
    ['ST-BARTHELEMY', 'D977'],
  ])('reads %j without its article or with Saint abbreviated, as %s', (name, code) => {
    expect(findZoneByName(name)?.code).toBe(code);
  });

  it.each(['', 'Lyon', 'Alsace', 'Paris 75', 'D075'])('finds nothing for %j', (name) => {
    expect(findZoneByName(name)).toBeNull();
  });
});
