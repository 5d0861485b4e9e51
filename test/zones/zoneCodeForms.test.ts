import { codeFromInput, upstreamCodeKey } from '../../src/zones/zoneCodeForms';

describe('upstreamCodeKey()', () => {
  it.each([
    ['d075', 'D075'],
    ['D0971', 'D971'],
    ['d0988', 'D988'],
    ['D02a', 'D02A'],
    ['r11', 'R11'],
    ['glp', 'GLP'],
    ['75', '75'],
  ])('spells %j as %j', (code, key) => {
    expect(upstreamCodeKey(code)).toBe(key);
  });
});

describe('codeFromInput()', () => {
  it.each([
    ['75', 'D075'],
    ['075', 'D075'],
    ['D75', 'D075'],
    ['d075', 'D075'],
    ['7', 'D007'],
    ['11', 'D011'],
    ['20', 'D020'],
    ['2A', 'D02A'],
    ['2b', 'D02B'],
    ['02A', 'D02A'],
    ['d02a', 'D02A'],
    ['971', 'D971'],
    ['0971', 'D971'],
    ['D0971', 'D971'],
    ['R11', 'R11'],
    ['r1', 'R01'],
    ['R011', 'R11'],
    ['fra', 'FRA'],
    ['Ain', 'AIN'],
  ])('reads %j as %j', (input, code) => {
    expect(codeFromInput(input)).toBe(code);
  });

  it.each(['', 'Paris', '1000', '2C', 'D', 'R', 'R123', 'D 075', '7.5'])('finds no code in %j', (input) => {
    expect(codeFromInput(input)).toBeNull();
  });
});
