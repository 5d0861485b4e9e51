import * as zones from '../../src/zones';

describe('src/zones index', () => {
  it('exports the public API and nothing else', () => {
    expect(Object.keys(zones).sort()).toEqual([
      'FOOTPRINT_ATTRIBUTION',
      'NAME_PRIORITY',
      'PlaceKind',
      'ZONES',
      'ZoneKind',
      'enclosingZones',
      'expandZone',
      'levenshtein',
      'parseBBoxInput',
      'parseGeometryInput',
      'parsePointInput',
      'parseZoneInput',
      'preparePlaces',
      'resolvePlace',
      'zoneCodesFor',
      'zoneFilterCode',
      'zoneFootprint',
      'zoneInfo',
      'zonesContaining',
      'zonesIntersecting',
    ]);
  });

  it("turns a person's région into upstream département codes", () => {
    expect(zones.expandZone(zones.parseZoneInput('ile de france')).map((zone) => zone.code)).toEqual([
      'D075',
      'D077',
      'D078',
      'D091',
      'D092',
      'D093',
      'D094',
      'D095',
    ]);
  });

  it('resolves what people write for a place to the zones covering it', () => {
    expect(zones.resolvePlace('Brest').zones).toEqual(['D029', 'R53', 'FXX', 'FRA']);
    expect(zones.zonesContaining([-1.68, 48.11]).map((zone) => zone.code)).toEqual(['D035', 'R53', 'FXX', 'FRA']);
  });
});
