import { levenshtein } from '../../src/zones/levenshtein';

describe('levenshtein()', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['paris', 'paris', 0],
    ['paris', 'pariss', 1],
    ['d099', 'd095', 1],
    ['kitten', 'sitting', 3],
    ['bretange', 'bretagne', 2],
    ['flaw', 'lawn', 2],
  ])('counts %j → %j as %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });
});
