import { pageOfOffset, pagesCovering, probeOffset, windowRange, type OffsetArgs } from '../../../src/graphql/connections/pageWindow';

const args = (partial: Partial<OffsetArgs>): OffsetArgs => ({ first: null, last: null, afterOffset: null, beforeOffset: null, ...partial });

describe('windowRange()', () => {
  it.each([
    ['first: 7', args({ first: 7 }), 116, { start: 0, end: 7 }],
    ['first: 7 after offset 6', args({ first: 7, afterOffset: 6 }), 116, { start: 7, end: 14 }],
    ['first past the end', args({ first: 7, afterOffset: 111 }), 116, { start: 112, end: 116 }],
    ['after the last item', args({ first: 7, afterOffset: 115 }), 116, { start: 116, end: 116 }],
    ['after beyond the total (the listing shrank)', args({ first: 7, afterOffset: 500 }), 116, { start: 116, end: 116 }],
    ['last: 7', args({ last: 7 }), 116, { start: 109, end: 116 }],
    ['last: 7 before offset 109', args({ last: 7, beforeOffset: 109 }), 116, { start: 102, end: 109 }],
    ['last: 7 before offset 3', args({ last: 7, beforeOffset: 3 }), 116, { start: 0, end: 3 }],
    ['first: 0', args({ first: 0 }), 116, { start: 0, end: 0 }],
    ['after and before', args({ afterOffset: 10, beforeOffset: 20 }), 116, { start: 11, end: 20 }],
    ['before not after after', args({ afterOffset: 20, beforeOffset: 10 }), 116, { start: 21, end: 21 }],
    ['first and last together', args({ first: 10, last: 3 }), 116, { start: 7, end: 10 }],
    ['an empty listing', args({ first: 7 }), 0, { start: 0, end: 0 }],
  ])('%s', (_name, offsetArgs, total, range) => {
    expect(windowRange(offsetArgs, total)).toEqual(range);
  });
});

describe('probeOffset()', () => {
  it.each([
    ['first/after probes the first item of the window', args({ first: 7, afterOffset: 60 }), 61],
    ['last without before probes the start (the total decides the rest)', args({ last: 7 }), 0],
    ['last/before probes the first item of the window', args({ last: 7, beforeOffset: 109 }), 102],
    ['last/before near the start stops at 0', args({ last: 7, beforeOffset: 3 }), 0],
  ])('%s', (_name, offsetArgs, offset) => {
    expect(probeOffset(offsetArgs)).toBe(offset);
  });
});

describe('pagesCovering()', () => {
  it.each([
    [{ start: 0, end: 7 }, [1]],
    [{ start: 0, end: 50 }, [1]],
    [{ start: 49, end: 51 }, [1, 2]],
    [{ start: 100, end: 150 }, [3]],
    [{ start: 10, end: 110 }, [1, 2, 3]],
    [{ start: 5, end: 5 }, []],
  ])('%j touches pages %j of 50', (range, pages) => {
    expect(pagesCovering(range, 50)).toEqual(pages);
  });

  it('maps offsets onto 1-based pages', () => {
    expect([0, 49, 50, 115].map((offset) => pageOfOffset(offset, 50))).toEqual([1, 1, 2, 3]);
  });
});
