import { DEFAULT_BASE_URL, readConfig } from '../../src/config';
import { createJsonLogger } from '../../src/logger';
import { startServer } from '../../src/server';
import { FakeGeopfServer } from '../../test/fakeUpstream/FakeGeopfServer';
import { startRedis } from '../../test/scaleout/processes';
import { startSupergraph } from '../supergraph/startSupergraph';
import { startRoundRobinProxy } from './roundRobinProxy';

/**
 * `npm run replicas`: REPLICAS (3) geopf subgraph replicas sharing one Redis, behind a round-robin balancer,
 * composed with the example territory subgraph behind `@apollo/gateway`. Uses REDIS_URL when set, else starts
 * a local `redis-server` (Debian's package) on a free port; the offline fake upstream unless `-- --real`.
 */
async function main(): Promise<void> {
  const count = Number(process.env['REPLICAS'] ?? 3);
  const useReal = process.argv.includes('--real');
  const fake = useReal ? null : new FakeGeopfServer({ ratePerSecond: 10 });
  const upstreamBaseUrl = fake ? await fake.start() : (process.env['GEOPF_BASE_URL'] ?? DEFAULT_BASE_URL);
  const redis = process.env['REDIS_URL'] ? null : await startRedis();
  const redisUrl = process.env['REDIS_URL'] ?? redis!.url;
  const logger = createJsonLogger();
  const replicas = await Promise.all(
    Array.from({ length: count }, () =>
      startServer({ ...readConfig({}), port: 0, baseUrl: upstreamBaseUrl, redisUrl, replicas: count }, { logger }, '127.0.0.1'),
    ),
  );
  const balancer = await startRoundRobinProxy(replicas.map((replica) => replica.url.replace(/\/graphql$/, '')), Number(process.env['GEOPF_PORT'] ?? 4001));
  const supergraph = await startSupergraph({ upstreamBaseUrl, geopfUrl: balancer.url, gatewayPort: Number(process.env['GATEWAY_PORT'] ?? 4000), departementsPort: Number(process.env['DEPARTEMENTS_PORT'] ?? 4002) });
  process.stdout.write(
    [
      `Supergraph gateway: ${supergraph.gatewayUrl}`,
      `  geopf: ${count} replicas (${replicas.map((replica) => replica.url).join(', ')}) behind ${balancer.url}`,
      `  shared through Redis at ${redisUrl}: one budget of 10 upstream requests per second, one 429 pause, one page cache`,
      `  upstream: ${fake ? `offline fake at ${upstreamBaseUrl}` : upstreamBaseUrl}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void (async () => {
      await supergraph.stop();
      await balancer.stop();
      await Promise.all(replicas.map((replica) => replica.stop()));
      await redis?.kill();
      await fake?.stop();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
