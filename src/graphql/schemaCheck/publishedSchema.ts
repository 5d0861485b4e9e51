import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { findBreakingChanges, findDangerousChanges, type GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { schemaDirectory } from '../schema';

/**
 * The SDL last released to the registry, as `npm run schema:publish` wrote it. It sits in a folder of its
 * own so that it is never read as part of the schema (`schema/*.graphql`).
 */
export function publishedSchemaPath(directory: string = schemaDirectory()): string {
  return join(directory, 'published', 'subgraph.graphql');
}

/** The subgraph SDL a registry receives (`_service { sdl }`) for `typeDefs`, printed canonically. */
export function subgraphSdl(typeDefs: string): string {
  return printSubgraphSchema(subgraphSchema(typeDefs));
}

/** The published SDL, as its file holds it. */
export function readPublishedSdl(directory?: string): string {
  return readFileSync(publishedSchemaPath(directory), 'utf8');
}

/** What a registry's check would say of going from `publishedSdl` to `typeDefs`: breaking and dangerous changes, one line each. */
export function compareWithPublished(publishedSdl: string, typeDefs: string): { breaking: string[]; dangerous: string[] } {
  const [before, after] = [subgraphSchema(publishedSdl), subgraphSchema(typeDefs)];
  return {
    breaking: findBreakingChanges(before, after).map((change) => `${change.type}: ${change.description}`),
    dangerous: findDangerousChanges(before, after).map((change) => `${change.type}: ${change.description}`),
  };
}

function subgraphSchema(typeDefs: string): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: gql(typeDefs) }]);
}
