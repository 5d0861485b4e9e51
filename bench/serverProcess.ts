import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import gql from 'graphql-tag';
import type { GraphQLResolveInfo } from 'graphql';
import { readConfig } from '../src/server/config';
import { silentLogger } from '../src/core/logger';
import { readTypeDefs } from '../src/graphql/schema';
import { startServer } from '../src/server/server';

/**
 * One server of the bench in its own process, so that its CPU and memory are its own:
 * `node serverProcess.js subgraph <upstream base URL> [cache MB]` runs the real subgraph (cache on);
 * `node serverProcess.js bare <answers.json>` runs a bare Apollo Server 5 on the same SDL whose trivial
 * resolvers answer the bench's warm operations with the subgraph's own answers, held in memory.
 * It sends `{ url }` once listening, then answers `cpu` (process.cpuUsage) and `memory` (after a full GC when
 * `--expose-gc`) messages, `profile-start` and `profile-stop <file>` (a CPU profile of what ran between them,
 * written as a `.cpuprofile`), and exits on `stop`.
 */
async function main(): Promise<void> {
  const [mode, target, cacheMb] = process.argv.slice(2) as [string, string, string | undefined];
  // Connected on the first `profile-start` only: a process never profiled never has an inspector session.
  const profiler = new Session();
  let connected = false;
  const url = mode === 'bare' ? await startBare(target) : await startSubgraphServer(target, Number(cacheMb ?? 64));
  process.on('message', (message: string) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ memory: process.memoryUsage() });
    }
    if (message === 'stop') process.exit(0);
    if (message === 'profile-start') {
      if (!connected) profiler.connect();
      connected = true;
      profiler.post('Profiler.enable', () => profiler.post('Profiler.start', () => process.send?.({ profiling: true })));
    }
    if (message.startsWith('profile-stop ')) {
      profiler.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(message.slice('profile-stop '.length), JSON.stringify(result.profile));
        process.send?.({ profiled: error ? error.message : true });
      });
    }
  });
  process.send?.({ url });
}

async function startSubgraphServer(baseUrl: string, cacheMaxMb: number): Promise<string> {
  const server = await startServer(
    { ...readConfig({}), port: 0, baseUrl, rateLimit: 1000, cacheTtlSeconds: 3600, cacheMaxMb, queryCostBudget: 100_000 },
    { logger: silentLogger },
    '127.0.0.1',
  );
  return server.url;
}

// Private: a bare Apollo Server on the same SDL whose root resolvers return the data of `answersFile` (the
// subgraph's own answers to the warm operations, by operation name, then root field), entities by their name;
// every other field has the default resolver.
async function startBare(answersFile: string): Promise<string> {
  const answers = JSON.parse(readFileSync(answersFile, 'utf8')) as Record<string, Record<string, unknown>>;
  const rootField = (field: string) => (_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) => answers[info.operation.name?.value ?? '']?.[field];
  const editions = new Map<string, unknown>();
  for (const answer of Object.values(answers)) {
    for (const entity of (answer['_entities'] as Array<{ name: string }> | undefined) ?? []) editions.set(entity.name, entity);
  }
  const schema = buildSubgraphSchema([
    {
      typeDefs: gql(readTypeDefs()),
      resolvers: {
        Query: { resources: rootField('resources'), resource: rootField('resource') },
        SubResource: { __resolveReference: (reference: { name: string }) => editions.get(reference.name) },
      } as never,
    },
  ]);
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return url;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
