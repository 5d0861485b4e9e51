import { parse } from 'graphql';
import { fragmentSpreadProblem, MAX_FRAGMENT_NESTING, sourceFragmentProblem } from '../../../src/graphql/limits/fragmentSpreads';

const chain = (length: number) =>
  `{ ...F0 } ${Array.from({ length }, (_, index) => `fragment F${index} on Query { ... on Query { x${index}: __typename ...F${index + 1} } }`).join(' ')} fragment F${length} on Query { __typename }`;

describe('fragmentSpreadProblem()', () => {
  it('accepts ordinary documents, fragments spread many times included', () => {
    expect(
      fragmentSpreadProblem(
        parse('{ resources { ...A ...A } } fragment A on ResourceConnection { ...B totalCount } fragment B on ResourceConnection { nodes { name } }'),
      ),
    ).toBeNull();
    expect(fragmentSpreadProblem(parse(chain(MAX_FRAGMENT_NESTING - 1)))).toBeNull();
  });

  it('measures the longest chain, spreads inside inline fragments and fields included', () => {
    expect(fragmentSpreadProblem(parse(chain(MAX_FRAGMENT_NESTING)))).toBe(
      `Fragments may be nested at most ${MAX_FRAGMENT_NESTING} deep (a fragment spreading a fragment spreading …); this document nests ${MAX_FRAGMENT_NESTING + 1}.`,
    );
  });

  it('names the fragments of a cycle, however long, without recursing', () => {
    expect(fragmentSpreadProblem(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A } fragment C on Query { __typename }'))).toBe(
      'Fragments must not spread themselves, directly or through others: A, B take part in a cycle of spreads.',
    );
    const long = `{ ...F0 } ${Array.from({ length: 5_000 }, (_, index) => `fragment F${index} on Query { ...F${(index + 1) % 5_000} }`).join(' ')}`;
    expect(fragmentSpreadProblem(parse(long))).toContain('(5000 fragments)');
  });

  it('leaves spreads of unknown fragments to validation', () => {
    expect(fragmentSpreadProblem(parse('{ ...Missing }'))).toBeNull();
  });
});

describe('sourceFragmentProblem()', () => {
  it('does not parse a text with few spreads, nor one that does not parse', () => {
    expect(sourceFragmentProblem('{ ...A } fragment A on Query { ...A }')).toBeNull();
    expect(sourceFragmentProblem(`{ ${'...A '.repeat(200)}`)).toBeNull();
  });

  it('parses and checks a text with many spreads', () => {
    expect(sourceFragmentProblem(chain(200))).toContain('nests 201');
  });
});
