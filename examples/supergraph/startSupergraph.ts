import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway } from '@apollo/gateway';
import { readConfig } from '../../src/config';
import { silentLogger, type Logger } from '../../src/logger';
import { readTypeDefs } from '../../src/schema';
import { startServer } from '../../src/server';
import { composeSupergraph } from './composeSupergraph';
import { departementsTypeDefs, startDepartementsSubgraph } from './departements/departementsSubgraph';

export interface SupergraphOptions {
  /** The upstream the geopf subgraph reads (the real one or a fake). */
  upstreamBaseUrl: string;
  /** An already running geopf subgraph (e.g. replicas behind a balancer): none is started then. */
  geopfUrl?: string;
  /** Requests per second of the geopf subgraph's gate. */
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
  const geopf = options.geopfUrl
    ? { url: options.geopfUrl, stop: async () => undefined }
    : await startServer(
        { ...readConfig({}), port: options.geopfPort ?? 0, baseUrl: options.upstreamBaseUrl, rateLimit: options.rateLimit ?? 10 },
        { logger: options.logger ?? silentLogger },
        '127.0.0.1',
      );
  const departements = await startDepartementsSubgraph(options.departementsPort ?? 0);
  const supergraphSdl = composeSupergraph([
    { name: 'geopf', url: geopf.url, sdl: readTypeDefs() },
    { name: 'departements', url: departements.url, sdl: departementsTypeDefs() },
  ]);
  const gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }), plugins: [ApolloServerPluginLandingPageDisabled()] });
  const { url } = await startStandaloneServer(gateway, { listen: { port: options.gatewayPort ?? 0, host: '127.0.0.1' } });
  return {
    gatewayUrl: url,
    geopfUrl: geopf.url,
    departementsUrl: departements.url,
    supergraphSdl,
    async stop() {
      await gateway.stop();
      await departements.stop();
      await geopf.stop();
    },
  };
}
