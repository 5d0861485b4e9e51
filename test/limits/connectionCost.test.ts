import { connectionCost } from '../../src/limits/connectionCost';

describe('connectionCost()', () => {
  it.each([
    ['neither: the default window of 20', undefined, undefined, { window: 20, edgePages: 2 }],
    ['nulls are "not given"', null, null, { window: 20, edgePages: 2 }],
    ['first: 0, an empty window: its edges need no page', 0, undefined, { window: 0, edgePages: 0 }],
    ['last: 0', undefined, 0, { window: 0, edgePages: 0 }],
    ['first: 1', 1, undefined, { window: 1, edgePages: 2 }],
    ['first: 50', 50, undefined, { window: 50, edgePages: 2 }],
    ['first: 51', 51, undefined, { window: 51, edgePages: 3 }],
    ['first: 100', 100, undefined, { window: 100, edgePages: 3 }],
    ['last: 1: one more page', undefined, 1, { window: 1, edgePages: 3 }],
    ['last: 100', undefined, 100, { window: 100, edgePages: 4 }],
    ['both: the smaller', 80, 10, { window: 10, edgePages: 3 }],
    ['both, first smaller', 10, 80, { window: 10, edgePages: 3 }],
    ['over the maximum: counted as 100', 1000, undefined, { window: 100, edgePages: 3 }],
    ['negative: counted as 0', -5, undefined, { window: 0, edgePages: 0 }],
    ['not a number: counted as 100', 'ten', undefined, { window: 100, edgePages: 3 }],
  ])('%s', (_title, first, last, expected) => {
    expect(connectionCost(first, last)).toEqual(expected);
  });
});
