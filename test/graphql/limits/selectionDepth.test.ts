import { getIntrospectionQuery, parse } from 'graphql';
import { selectionDepth } from '../../../src/graphql/limits/selectionDepth';

const depthOf = (query: string, variables?: Record<string, unknown>) => selectionDepth(parse(query), null, variables);

describe('selectionDepth()', () => {
  describe('counts fields along the deepest path', () => {
    it.each([
      ['one field', '{ __typename }', 1],
      ['a connection', '{ resources { totalCount } }', 2],
      ["the README's nested example", '{ resources(first: 3) { nodes { subResources(first: 2) { nodes { files(first: 10) { nodes { name } } } } } } }', 7],
      ['through edges', '{ resources { edges { node { subResources { edges { node { name } } } } } } }', 7],
      ['a named fragment is followed', '{ resources { ...Nodes } } fragment Nodes on ResourceConnection { nodes { zones { code } } }', 4],
      ['an inline fragment adds no level', '{ resources { ... on ResourceConnection { nodes { name } } } }', 3],
      ['fragments in fragments', '{ ...Q } fragment Q on Query { resources { ...C } } fragment C on ResourceConnection { nodes { name } }', 3],
      ['a skipped branch does not count', '{ resources { totalCount nodes @skip(if: true) { zones { code } } } }', 2],
    ])('%s', (_title, query, depth) => {
      expect(depthOf(query).depth).toBe(depth);
    });

    it('honours conditions given as variables', () => {
      const query = 'query($deep: Boolean!) { resources { totalCount nodes @include(if: $deep) { zones { code } } } }';
      expect(depthOf(query, { deep: true }).depth).toBe(4);
      expect(depthOf(query, { deep: false }).depth).toBe(2);
    });
  });

  describe('measures introspection apart', () => {
    it("puts graphql-js's full introspection query (what GraphiQL sends) at 15", () => {
      expect(depthOf(getIntrospectionQuery())).toEqual({ depth: 0, introspectionDepth: 15 });
      const everyOption = getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      });
      expect(depthOf(everyOption)).toEqual({ depth: 0, introspectionDepth: 15 });
    });

    it('counts data and introspection of one operation each on its own', () => {
      expect(depthOf('{ __schema { types { name } } resources { nodes { name } } }')).toEqual({ depth: 3, introspectionDepth: 3 });
      expect(depthOf('{ __type(name: "Resource") { fields { name } } __typename }')).toEqual({ depth: 1, introspectionDepth: 3 });
    });
  });

  it('measures a fragment once however often it is spread', () => {
    // 40 fragments each spreading the next one twice: 2^40 paths if walked naively.
    const fragments = Array.from({ length: 40 }, (_, index) => `fragment F${index} on Query { a${index}: __typename ...F${index + 1} ...F${index + 1} }`);
    const document = `{ ...F0 } ${fragments.join(' ')} fragment F40 on Query { resources { totalCount } }`;
    expect(depthOf(document).depth).toBe(2);
  });

  it('is zero for an operation the document does not have', () => {
    expect(selectionDepth(parse('query A { resources { totalCount } }'), 'B')).toEqual({ depth: 0, introspectionDepth: 0 });
  });
});
