import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { gql } from 'graphql-tag';
import { DEPARTEMENTS, departementOfZone, zoneCodeOf, type Departement } from './departements';

const SCHEMA_FILE = join('examples', 'supergraph', 'departements', 'schema.graphql');

/** The example territory subgraph's SDL, as composition and the server read it (found from `src/` or `dist/`). */
export function departementsTypeDefs(): string {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    if (existsSync(join(directory, SCHEMA_FILE))) return readFileSync(join(directory, SCHEMA_FILE), 'utf8');
    if (dirname(directory) === directory) throw new Error(`${SCHEMA_FILE} not found above ${__dirname}`);
  }
}

const resolvers: GraphQLResolverMap<unknown> = {
  Query: {
    departements: () => DEPARTEMENTS,
    departement: (_root, { number }: { number: string }) => DEPARTEMENTS.find((departement) => departement.number === number) ?? null,
  },
  Departement: {
    __resolveReference: (reference: { number: string }) => DEPARTEMENTS.find((departement) => departement.number === reference.number) ?? null,
    zone: (departement: Departement) => ({ code: zoneCodeOf(departement.number) }),
  },
  Zone: {
    __resolveReference: (reference: { code: string }) => ({ code: reference.code }),
    departement: (zone: { code: string }) => departementOfZone(zone.code),
  },
};

/** Starts the example territory subgraph on `port` (0: any free port); resolves to its URL and a stop function. */
export async function startDepartementsSubgraph(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: gql(departementsTypeDefs()), resolvers }]),
    plugins: [ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    logger: { debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error },
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
