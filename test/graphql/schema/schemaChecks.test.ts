import { composeServices } from '@apollo/composition';
import { gql } from 'graphql-tag';
import { readTypeDefs } from '../../../src/graphql/schema';
import { lintSchemaDirectory, lintSdl } from '../../../src/graphql/schemaCheck/lintSdl';
import { compareWithPublished, readPublishedSdl } from '../../../src/graphql/schemaCheck/publishedSchema';

describe('schema checks, as a registry would run them', () => {
  it('composes with no composition hint', () => {
    const result = composeServices([{ name: 'geopf', url: 'http://geopf/graphql', typeDefs: gql(readTypeDefs()) }]);
    expect(result.errors).toBeUndefined();
    expect((result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`)).toEqual([]);
  });

  it('has no breaking change against the released SDL (schema/published/subgraph.graphql; `npm run schema:publish` to release)', () => {
    expect(compareWithPublished(readPublishedSdl(), readTypeDefs()).breaking).toEqual([]);
  });

  it('passes the SDL lint: descriptions on every type, field and argument; naming conventions', () => {
    expect(lintSchemaDirectory()).toEqual([]);
  });
});

describe('compareWithPublished()', () => {
  const published =
    'type Query {\n  "a"\n  edition(name: ID!): Edition\n}\n\n"e"\ntype Edition {\n  "n"\n  name: ID!\n  "s"\n  size: Int\n}\n\n"r"\nenum Role {\n  DATA\n  PART\n}\n';
  it('finds nothing breaking in an addition', () => {
    const added = published.replace('  size: Int\n', '  size: Int\n  "m"\n  md5: String\n');
    expect(compareWithPublished(published, added)).toEqual({ breaking: [], dangerous: [] });
  });

  it.each([
    ['a removed field', published.replace('  "s"\n  size: Int\n', ''), 'FIELD_REMOVED: Edition.size was removed.'],
    ['a changed field type', published.replace('size: Int', 'size: String'), 'FIELD_CHANGED_KIND: Edition.size changed type from Int to String.'],
    [
      'a new required argument',
      published.replace('edition(name: ID!)', 'edition(name: ID!, zone: String!)'),
      'REQUIRED_ARG_ADDED: A required arg zone on Query.edition was added.',
    ],
    ['a removed enum value', published.replace('  PART\n', ''), 'VALUE_REMOVED_FROM_ENUM: PART was removed from enum type Role.'],
  ])('fails on %s', (_case, changed, message) => {
    expect(compareWithPublished(published, changed).breaking).toContain(message);
  });
});

describe('lintSdl()', () => {
  it.each([
    ['type Query {\n  "a"\n  a: Int\n}', 'x.graphql: Query: no description'],
    ['"t"\ntype Query {\n  a: Int\n}', 'x.graphql: Query.a: no description'],
    ['"t"\ntype Query {\n  "a"\n  a(first: Int): Int\n}', 'x.graphql: Query.a(first): no description'],
    ['extend type Query {\n  b: Int\n}', 'x.graphql: Query.b: no description'],
    ['"t"\ninput Filter {\n  zone: String\n}', 'x.graphql: Filter.zone: no description'],
    ['"t"\ntype edition {\n  "a"\n  a: Int\n}', 'x.graphql: edition: type names are PascalCase'],
    ['"t"\ntype Query {\n  "a"\n  edition_date: Int\n}', 'x.graphql: Query.edition_date: field names are camelCase'],
    ['"t"\ntype Query {\n  "a"\n  a("f" First: Int): Int\n}', 'x.graphql: Query.a(First): argument names are camelCase'],
    ['"t"\nenum Role {\n  data\n  SPLIT_PART\n}', 'x.graphql: Role.data: enum values are UPPER_CASE'],
  ])('reports %j', (sdl, finding) => {
    expect(lintSdl('x.graphql', sdl)).toEqual([finding]);
  });

  it('accepts a described, well-named type extended elsewhere', () => {
    expect(
      lintSdl(
        'x.graphql',
        '"t"\ntype Query {\n  "a"\n  a("f" first: Int): Int\n}\nextend type Query {\n  "b"\n  b: Int\n}\n"r"\nenum Role {\n  DATA\n  SPLIT_PART\n}',
      ),
    ).toEqual([]);
  });
});
