import { composeServices as composeWithApollo } from '@apollo/composition';
import { composeSchemaContract, composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import { buildSchema as buildSdlSchema, isObjectType, parse, type GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { departementsTypeDefs } from '../../examples/supergraph/departements/departementsSubgraph';
import { FIELD_COSTS } from '../../src/graphql/limits/publishedCosts';
import { readTypeDefs } from '../../src/graphql/schema';
import { federation29Sdl } from '../../src/graphql/schemaCheck/federation29Sdl';

/** The watch administration: the fields `@requiresScopes` guards, and the types only they reach. */
const ADMINISTRATION = {
  fields: ['Query.watches', 'Mutation.createWatch', 'Mutation.deleteWatch'],
  types: ['Watch', 'WatchFilter', 'CreatedWatch', 'WatchStatus'],
};
const CACHE_TAGS = {
  Resource: 'resource-{$key.name}',
  SubResource: 'edition-{$key.resourceName}-{$key.name}',
  Zone: 'zone-{$key.code}',
  'Query.resource': 'resource-{$args.name}',
  'Query.subResource': 'edition-{$args.resourceName}-{$args.name}',
};

describe('the directives a router reads, composed by @apollo/composition (Federation v2.12)', () => {
  const result = composeWithApollo([{ name: 'geopf', url: 'http://geopf/graphql', typeDefs: gql(readTypeDefs()) }]);
  const supergraph = result.supergraphSdl ?? '';

  it('composes with no error and no hint', () => {
    expect(result.errors).toBeUndefined();
    expect((result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`)).toEqual([]);
  });

  it('carries every @cost weight, the @listSize of every list, the scopes and the tags', () => {
    const costs = [...supergraph.matchAll(/@cost\(weight: (\d+)\)/g)].map((match) => Number(match[1]));
    expect(costs.sort((a, b) => a - b)).toEqual(Object.values(FIELD_COSTS).sort((a, b) => a - b));
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"])');
    expect(supergraph.match(/@listSize\(assumedSize: 150\)/g)?.length).toBeGreaterThanOrEqual(8);
    expect(supergraph.match(/@requiresScopes\(scopes: \[\["geopf:watches"\]\]\)/g)).toHaveLength(ADMINISTRATION.fields.length);
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/tag/v0.3")');
  });

  it('carries the cache tags of Resource, SubResource and Zone, and of the root fields reaching them by name', () => {
    const tags = [...supergraph.matchAll(/@join__directive\(graphs: \[GEOPF\], name: "federation__cacheTag", args: \{format: "([^"]+)"\}\)/g)].map(
      (match) => match[1],
    );
    expect(tags.sort()).toEqual(Object.values(CACHE_TAGS).sort());
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/cacheTag/v0.1", for: EXECUTION)');
  });

  it("composes with another team's subgraph: no hint but that team's own descriptions of Query and Zone", () => {
    const pair = composeWithApollo([
      { name: 'geopf', url: 'http://geopf/graphql', typeDefs: gql(readTypeDefs()) },
      { name: 'departements', url: 'http://departements/graphql', typeDefs: gql(departementsTypeDefs()) },
    ]);
    expect(pair.errors).toBeUndefined();
    expect((pair.hints ?? []).map((hint) => `${hint.definition.code} ${hint.message.split(' has ')[0]}`)).toEqual([
      'INCONSISTENT_DESCRIPTION Element "Query"',
      'INCONSISTENT_DESCRIPTION Element "Zone"',
    ]);
  });
});

describe("the directives a router reads, composed by The Guild's composer (Hive)", () => {
  const services = () => [
    { name: 'geopf', url: 'http://geopf/graphql', typeDefs: parse(federation29Sdl(readTypeDefs())) },
    { name: 'departements', url: 'http://departements/graphql', typeDefs: parse(departementsTypeDefs()) },
  ];

  it('knows Federation up to v2.9 only: the v2.12 SDL is refused for its version, so it composes the v2.9 SDL (all but @cacheTag)', () => {
    const refused = composeWithTheGuild([{ name: 'geopf', url: 'http://geopf/graphql', typeDefs: parse(readTypeDefs()) }]);
    expect(refused.errors?.map((error) => error.message)).toEqual(['[geopf] Invalid version v2.12 for the federation feature in @link directive on schema']);
    const sdl = federation29Sdl(readTypeDefs());
    expect(sdl).toContain('"https://specs.apollo.dev/federation/v2.9"');
    expect(sdl).not.toContain('cacheTag');
  });

  it('composes it with no error, carrying the weights, list sizes, scopes and tags', () => {
    const result = composeWithTheGuild(services());
    expect(result.errors).toBeUndefined();
    const supergraph = result.supergraphSdl ?? '';
    const costs = [...supergraph.matchAll(/@cost\(weight: (\d+)\)/g)].map((match) => Number(match[1]));
    expect(costs.sort((a, b) => a - b)).toEqual(Object.values(FIELD_COSTS).sort((a, b) => a - b));
    expect(supergraph.match(/@listSize\(assumedSize: 150\)/g)?.length).toBeGreaterThanOrEqual(8);
    expect(supergraph.match(/@requiresScopes\(scopes: \[\["geopf:watches"\]\]\)/g)).toHaveLength(ADMINISTRATION.fields.length);
  });

  // Our subgraph alone: the other team's types carry no tags of ours, and its own contract is its business.
  it('a public contract (tags included: "public") is the whole API but the watch administration', () => {
    const ours = () => services().slice(0, 1);
    const whole = composeWithTheGuild(ours());
    const contract = composeSchemaContract(ours(), { include: new Set(['public']), exclude: new Set() }, true);
    expect(contract.errors).toBeUndefined();
    const [all, published] = [coordinates(buildSdlSchema(whole.publicSdl ?? '')), coordinates(buildSdlSchema(contract.publicSdl ?? ''))];
    expect(all.filter((coordinate) => !published.includes(coordinate)).sort()).toEqual(
      [
        ...ADMINISTRATION.fields,
        ...ADMINISTRATION.types,
        'Mutation',
        ...['Watch', 'WatchFilter', 'CreatedWatch'].flatMap((type) => fieldsOf(whole.publicSdl ?? '', type)),
      ].sort(),
    );
    expect(published.filter((coordinate) => !all.includes(coordinate))).toEqual([]);
  });
});

// Private: every type and object field of an API schema, as coordinates (`Type`, `Type.field`).
function coordinates(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) => [type.name, ...(isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [])]);
}

// Private: the field coordinates of one object type of an SDL.
function fieldsOf(sdl: string, typeName: string): string[] {
  const type = buildSdlSchema(sdl).getType(typeName);
  return isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${typeName}.${field}`) : [];
}
