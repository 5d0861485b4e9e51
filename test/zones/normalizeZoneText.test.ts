import { normalizeZoneText } from '../../src/zones/normalizeZoneText';

describe('normalizeZoneText()', () => {
  it.each([
    ['Paris', 'paris'],
    ['Ardèche', 'ardeche'],
    ['Île-de-France', 'iledefrance'],
    ['ile de france', 'iledefrance'],
    ['  Corse du Sud ', 'corsedusud'],
    ["Côtes-d'Armor", 'cotesdarmor'],
    ['Côtes d’Armor', 'cotesdarmor'],
    ['COTES DARMOR', 'cotesdarmor'],
    ['St-Martin', 'saintmartin'],
    ['Ste Foo', 'saintefoo'],
    ['Stains', 'stains'],
    ['Cœur', 'coeur'],
    ['D075', 'd075'],
    ['', ''],
  ])('reads %j as %j', (text, key) => {
    expect(normalizeZoneText(text)).toBe(key);
  });
});
