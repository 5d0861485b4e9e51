import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway } from '@apollo/gateway';
import { readConfig, type Config } from '../../src/server/config';
import { silentLogger, type Logger } from '../../src/core/logger';
import { readTypeDefs } from '../../src/graphql/schema';
import { stripDirectives } from '../../src/graphql/schemaCheck/stripDirectives';
import { startServer } from '../../src/server/server';
import { composeSupergraph } from './composeSupergraph';
import { departementsTypeDefs, startDepartementsSubgraph } from './departements/departementsSubgraph';

export interface SupergraphOptions {
  /** The upstream the geopf subgraph reads (the real one or a fake). */
  upstreamBaseUrl: string;
  /** An already running geopf subgraph (e.g. replicas behind a balancer): none is started then. */
  geopfUrl?: string;
  /** The geopf subgraph's settings (default: every default); its port and upstream are taken from the options. */
  config?: Config;
  /** Requests per second of the geopf subgraph's gate (default: the config's). */
  rateLimit?: number;
  /** Ports; 0 picks free ones. */
  gatewayPort?: number;
  geopfPort?: number;
  departementsPort?: number;
  logger?: Logger;
}

/** A running supergraph: the gateway in front of both subgraphs. */
export interface RunningSupergraph {
  gatewayUrl: string;
  geopfUrl: string;
  departementsUrl: string;
  supergraphSdl: string;
  stop(): Promise<void>;
}

/**
 * Starts the geopf subgraph and the example territory subgraph, composes them into a static supergraph with
 * `@apollo/composition`, and serves it through `@apollo/gateway`.
 */
export async function startSupergraph(options: SupergraphOptions): Promise<RunningSupergraph> {
  const geopf =
    options.geopfUrl ?
      { url: options.geopfUrl, stop: async () => undefined }
    : await startServer(
        {
          ...(options.config ?? readConfig({})),
          port: options.geopfPort ?? 0,
          baseUrl: options.upstreamBaseUrl,
          ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
        },
        { logger: options.logger ?? silentLogger },
        '127.0.0.1',
      );
  const departements = await startDepartementsSubgraph(options.departementsPort ?? 0);
  const supergraphSdl = composeSupergraph([
    { name: 'geopf', url: geopf.url, sdl: nodeGatewaySdl() },
    { name: 'departements', url: departements.url, sdl: departementsTypeDefs() },
  ]);
  const gateway = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl }),
    plugins: [ApolloServerPluginLandingPageDisabled()],
    // As the subgraph itself: no stack trace (with local paths) reaches a client, whatever NODE_ENV says.
    includeStacktraceInErrorResponses: false,
    // The script that started it owns the signals (see examples/stopOnSignals.ts).
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(gateway, { listen: { port: options.gatewayPort ?? 0, host: '127.0.0.1' } });
  return {
    gatewayUrl: url,
    geopfUrl: geopf.url,
    departementsUrl: departements.url,
    supergraphSdl,
    async stop() {
      await gateway.stop();
      await Promise.all([departements.stop(), geopf.stop()]);
    },
  };
}

/**
 * The geopf SDL as `@apollo/gateway` takes it: that gateway refuses a supergraph linking features it does not
 * apply (`@requiresScopes` is for SECURITY, `@cacheTag` for EXECUTION), so both are left out here; the watch
 * administration still checks its bearer token. Apollo Router and Hive read the SDL whole (docs/federation.md).
 */
export function nodeGatewaySdl(): string {
  return stripDirectives(readTypeDefs(), ['requiresScopes', 'cacheTag']);
}
