import { readConfig, readInteger } from '../../src/server/config';
import { createJsonLogger } from '../../src/core/logger';
import { startServer, type RunningServer } from '../../src/server/server';
import { FakeGeopfServer } from '../../test/fakeUpstream/FakeGeopfServer';
import { startRedis, type RedisProcess } from '../../test/upstream/scaleout/processes';
import { examplePorts } from '../examplePorts';
import { stopOnSignals } from '../stopOnSignals';
import { startSupergraph, type RunningSupergraph } from '../supergraph/startSupergraph';
import { startRoundRobinProxy } from './roundRobinProxy';

/**
 * `npm run replicas`: REPLICAS (3) geopf subgraph replicas sharing one Redis, behind a round-robin balancer on
 * GEOPF_PORT, composed with the example territory subgraph behind `@apollo/gateway` on GATEWAY_PORT (ports as
 * `npm run supergraph`). Uses REDIS_URL when set, else starts a local `redis-server` (Debian's package) on a free
 * port, stopped with the rest; the offline fake upstream unless `-- --real`.
 */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  const ports = examplePorts(process.env);
  const count = readInteger(process.env, 'REPLICAS', 3, 1, 16);
  const useReal = process.argv.includes('--real');
  // Everything started so far, stopped in reverse order, on a signal or when a later step fails.
  const started: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  stopOnSignals(stopAll);
  try {
    const fake = useReal ? null : new FakeGeopfServer({ ratePerSecond: 10 });
    const upstreamBaseUrl = fake ? await fake.start() : config.baseUrl;
    if (fake) started.push(() => fake.stop());
    let redis: RedisProcess | null = null;
    if (!config.redisUrl) {
      redis = await startRedis();
      started.push(() => redis!.kill());
    }
    const redisUrl = config.redisUrl ?? redis!.url;
    const logger = createJsonLogger();
    const replicas: RunningServer[] = [];
    started.push(() => Promise.all(replicas.map((replica) => replica.stop())));
    for (let index = 0; index < count; index += 1) {
      replicas.push(await startServer({ ...config, port: 0, baseUrl: upstreamBaseUrl, redisUrl, replicas: count }, { logger }, '127.0.0.1'));
    }
    const balancer = await startRoundRobinProxy(
      replicas.map((replica) => replica.url.replace(/\/graphql$/, '')),
      ports.geopf,
    );
    started.push(() => balancer.stop());
    const supergraph: RunningSupergraph = await startSupergraph({
      upstreamBaseUrl,
      geopfUrl: balancer.url,
      gatewayPort: ports.gateway,
      departementsPort: ports.departements,
    });
    started.push(() => supergraph.stop());
    process.stdout.write(
      [
        `Supergraph gateway: ${supergraph.gatewayUrl}`,
        `  geopf: ${count} replicas (${replicas.map((replica) => replica.url).join(', ')}) behind ${balancer.url}`,
        `  shared through Redis at ${redisUrl}${redis ? ' (started here, stopped with the rest)' : ''}: one budget of ${config.rateLimit} upstream requests per second, one 429 pause, one page cache`,
        `  upstream: ${fake ? `offline fake at ${upstreamBaseUrl}` : upstreamBaseUrl}`,
        'Ctrl-C stops.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
