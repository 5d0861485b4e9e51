import * as zones from '../../src/zones';

describe('src/zones index', () => {
  it('exports the public API and nothing else', () => {
    expect(Object.keys(zones).sort()).toEqual([
      'NAME_PRIORITY',
      'ZONES',
      'ZoneKind',
      'expandZone',
      'parseZoneInput',
      'zoneCodesFor',
      'zoneFilterCode',
      'zoneInfo',
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
});
