import { closestZones } from '../../src/zones/closestZones';

const codes = (input: string, count = 3): string[] => closestZones(input, count).map((zone) => zone.code);

describe('closestZones()', () => {
  it.each([
    ['D099', ['D095', 'D094', 'D093']],
    ['99', ['D095', 'D094', 'D093']],
    ['20', ['D02A', 'D02B', 'R94']],
    ['D020', ['D02A', 'D02B', 'R94']],
    ['2C', ['D02A', 'D02B', 'D021']],
    ['pariss', ['D075']],
    ['Bretange', ['R53']],
    ['ardeshe', ['D007', 'D008', 'D009']],
    ['GLQ', ['GLP']],
    ['R99', ['R93', 'R94']],
  ])('suggests for %j: %j', (input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('keeps to the count asked for', () => {
    expect(codes('D099', 1)).toEqual(['D095']);
    expect(codes('20', 2)).toEqual(['D02A', 'D02B']);
  });

  it.each(['', '   ', 'xyz', 'qqqqqqqq', `Paris${'x'.repeat(80)}`])('suggests nothing for %j', (input) => {
    expect(codes(input)).toEqual([]);
  });
});
