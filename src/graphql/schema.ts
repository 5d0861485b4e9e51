import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { projectRoot } from '../core/projectRoot';
import type { Context } from './context';
import { guardEntities } from './entitiesGuard';
import { resolvers } from './resolvers';

/** The directory holding the SDL: `schema/` at the project root. */
export function schemaDirectory(): string {
  return join(projectRoot(), 'schema');
}

/** The SDL of every `schema/*.graphql` file, in name order. */
export function readTypeDefs(directory: string = schemaDirectory()): string {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(directory, name), 'utf8'))
    .join('\n');
}

/** The executable Federation 2 subgraph schema, its `_entities` guarded against malformed representations. */
export function buildSchema(): GraphQLSchema {
  return guardEntities(buildSubgraphSchema([{ typeDefs: gql(readTypeDefs()), resolvers: resolvers as GraphQLResolverMap<Context> }]));
}
