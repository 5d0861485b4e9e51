import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { buildSchema as buildSchemaFromSdl } from 'graphql';
import type { Context } from '../../../src/graphql/context';
import { cacheControlPlugins } from '../../../src/graphql/plugins/cacheControlPlugins';
import { buildSchema } from '../../../src/graphql/schema';
import { preparePlaces } from '../../../src/zones';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

// Operations answered without the upstream: zones and places are local data.
const OPERATIONS = [
  '{ __typename }',
  '{ __schema { queryType { name } } }',
  '{ zone(input: "29") { code label } }',
  '{ zone(input: "29") { code } __typename }',
  'query($skip: Boolean!) { zone(input: "29") @skip(if: $skip) { code } __typename }',
  'query($skip: Boolean!) { ... on Query { zone(input: "29") @include(if: $skip) { code } } }',
  '{ _service { sdl } }',
  '{ zone(input: "") { code } }',
  '{ place(input: "Quimper") { code } }',
  '{ noSuchField }',
  'mutation { __typename }',
];

async function headersOf(plugins: Array<ApolloServerPlugin<Context>>, schema = buildSchema()): Promise<Array<string | undefined>> {
  const server = new ApolloServer<Context>({ schema, plugins, logger: quiet });
  await server.start();
  try {
    const headers: Array<string | undefined> = [];
    for (const query of OPERATIONS) {
      for (const skip of [true, false]) {
        const answer = await server.executeOperation({ query, variables: { skip } }, { contextValue: {} as Context });
        headers.push(answer.http.headers.get('cache-control'));
      }
    }
    return headers;
  } finally {
    await server.stop();
  }
}

describe('cacheControlPlugins()', () => {
  beforeAll(async () => {
    await preparePlaces();
  });

  it.each([300, 0])('writes the header Apollo Server’s cache-control plugin writes, for every operation (default max-age %d)', async (maxAge) => {
    const apollo = await headersOf([ApolloServerPluginCacheControl({ defaultMaxAge: maxAge })]);
    const schema = buildSchema();
    const ours = await headersOf(cacheControlPlugins<Context>(schema, maxAge), schema);
    expect(ours).toEqual(apollo);
    // Both outcomes are among them (else the comparison would prove little).
    expect(new Set(ours)).toEqual(new Set(maxAge > 0 ? [`max-age=${maxAge}, public`, 'no-store'] : ['no-store']));
  });

  it('leaves the work to Apollo Server’s plugin when a hint may shorten the default', () => {
    const schema = buildSchemaFromSdl(`
      directive @cacheControl(maxAge: Int, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
      type Query { a: A b: Int @cacheControl(maxAge: 5) }
      type A @cacheControl(inheritMaxAge: true) { c: Int }
    `);
    const plugins = cacheControlPlugins(schema, 300);
    expect(plugins).toHaveLength(1);
    expect((plugins[0] as { __internal_plugin_id__?: string }).__internal_plugin_id__).toBe('CacheControl');
    expect(schema.getQueryType()?.getFields()['a']?.resolve).toBeUndefined();
  });
});
