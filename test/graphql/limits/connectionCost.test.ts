import { encodeCursor } from '../../../src/graphql/connections/cursor';
import { connectionCost } from '../../../src/graphql/limits/connectionCost';

const after = (offset: number) => encodeCursor('resource/BDORTHO?', offset);

describe('connectionCost()', () => {
  it.each([
    ['neither: the default window of 20, on page 1', {}, { window: 20, edgePages: 1 }],
    ['nulls are "not given"', { first: null, last: null }, { window: 20, edgePages: 1 }],
    ['first: 0, an empty window: its edges need no page', { first: 0 }, { window: 0, edgePages: 0 }],
    ['last: 0', { last: 0 }, { window: 0, edgePages: 0 }],
    ['first: 1', { first: 1 }, { window: 1, edgePages: 1 }],
    ['first: 50: page 1 exactly', { first: 50 }, { window: 50, edgePages: 1 }],
    ['first: 51: pages 1 and 2', { first: 51 }, { window: 51, edgePages: 2 }],
    ['first: 100', { first: 100 }, { window: 100, edgePages: 2 }],
    ['last: 1: one more page', { last: 1 }, { window: 1, edgePages: 3 }],
    ['last: 100', { last: 100 }, { window: 100, edgePages: 4 }],
    ['both: the smaller', { first: 80, last: 10 }, { window: 10, edgePages: 3 }],
    ['both, first smaller', { first: 10, last: 80 }, { window: 10, edgePages: 3 }],
    ['over the maximum: counted as 100', { first: 1000 }, { window: 100, edgePages: 2 }],
    ['negative: counted as 0', { first: -5 }, { window: 0, edgePages: 0 }],
    ['not a number: counted as 100', { first: 'ten' }, { window: 100, edgePages: 2 }],
    ['after a readable cursor: the pages of the window (items 45–51)', { first: 7, after: after(43) }, { window: 7, edgePages: 2 }],
    ['after a readable cursor, within a page', { first: 7, after: after(49) }, { window: 7, edgePages: 1 }],
    ['after an unreadable cursor: a straddling window', { first: 7, after: 'x' }, { window: 7, edgePages: 2 }],
  ])('%s', (_title, args, expected) => {
    expect(connectionCost(args)).toMatchObject(expected);
  });

  it.each([
    ['a known total narrows the window to what the listing holds', { first: 100, after: after(99) }, 137, { window: 37, edgePages: 1, firstPage: 3 }],
    ['past the end: only the probe, for the total', { first: 100, after: after(199) }, 137, { window: 0, edgePages: 1, firstPage: 5 }],
    ['a short listing: one page', { first: 100 }, 12, { window: 12, edgePages: 1, firstPage: 1 }],
  ])('%s', (_title, args, total, expected) => {
    expect(connectionCost(args, total)).toEqual(expected);
  });
});
