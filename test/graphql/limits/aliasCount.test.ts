import { getIntrospectionQuery, parse } from 'graphql';
import { aliasCount } from '../../../src/graphql/limits/aliasCount';

const aliasesOf = (query: string, variables?: Record<string, unknown>) => aliasCount(parse(query), null, variables);

describe('aliasCount()', () => {
  it.each([
    ['none', '{ resources { totalCount } }', 0],
    ['an alias other than the name', '{ a: resources { totalCount } resources { totalCount } }', 1],
    ['an alias equal to the name does not count', '{ resources: resources { totalCount } }', 0],
    ['aliases at every level', '{ a: resources { b: nodes { c: name d: title } } }', 4],
    ['aliases of __typename count too', '{ a: __typename b: __typename }', 2],
    ['in a named fragment', '{ resources { ...N } } fragment N on ResourceConnection { n: nodes { name } }', 1],
    ['a fragment spread twice counts twice', '{ a: resources { ...N } b: resources { ...N } } fragment N on ResourceConnection { n: nodes { name } }', 4],
    ['in an inline fragment', '{ resources { ... on ResourceConnection { n: nodes { name } } } }', 1],
    ['a skipped selection does not count', '{ a: resources @skip(if: true) { totalCount } b: resources @include(if: true) { totalCount } }', 1],
    ["graphql-js's introspection query has none", getIntrospectionQuery(), 0],
  ])('%s', (_title, query, expected) => {
    expect(aliasesOf(query)).toBe(expected);
  });

  it('honours conditions given as variables', () => {
    const query = 'query($more: Boolean!) { a: resources { totalCount } b: resources @include(if: $more) { totalCount } }';
    expect(aliasesOf(query, { more: true })).toBe(2);
    expect(aliasesOf(query, { more: false })).toBe(1);
  });

  it('counts every expansion of nested fragments without walking each one', () => {
    // F0 spreads F1 twice, … F29 spreads F30 twice: 2^30 - 1 expansions of one alias each, counted in linear time.
    const fragments = Array.from({ length: 30 }, (_, index) => `fragment F${index} on Query { a${index}: __typename ...F${index + 1} ...F${index + 1} }`);
    const document = `{ ...F0 } ${fragments.join(' ')} fragment F30 on Query { __typename }`;
    expect(aliasesOf(document)).toBe(2 ** 30 - 1);
  });
});
