import { readConfig, type Config } from '../src/server/config';
import type { Logger } from '../src/core/logger';
import { startServer } from '../src/server/server';
import type { FakeResource } from '../test/fakeUpstream/catalogue';
import { FakeGeopfServer } from '../test/fakeUpstream/FakeGeopfServer';

/** The upstream's rate (requests per second per IP) and so the subgraph's gate: the real service's. */
const DEMO_RATE_PER_SECOND = 10;

/** What the demo runs on. */
export interface DemoOptions {
  /** The subgraph's port; 0 picks a free one. */
  port: number;
  /** The subgraph's settings (default: every default); its port, upstream and rate are the demo's. */
  config?: Config;
  /** Default `0.0.0.0`, as `npm start`. */
  host?: string;
  /** The catalogue the local upstream serves (the snapshot). */
  resources: FakeResource[];
  logger: Logger;
}

/** A running demo. */
export interface RunningDemo {
  /** GraphiQL and GraphQL, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** The local upstream, e.g. `http://127.0.0.1:41234/telechargement`. */
  upstreamUrl: string;
  /** Stops the subgraph, then the upstream. */
  stop(): Promise<void>;
}

/**
 * Starts a local upstream on 127.0.0.1 serving `resources` in the Géoplateforme's Atom format (paging, filters,
 * 429 above 10 requests per second), then the real subgraph pointed at it with its gate at the same rate.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const upstream = new FakeGeopfServer({ catalogue: options.resources, ratePerSecond: DEMO_RATE_PER_SECOND });
  const upstreamUrl = await upstream.start();
  try {
    const config = { ...(options.config ?? readConfig({})), port: options.port, baseUrl: upstreamUrl, rateLimit: DEMO_RATE_PER_SECOND };
    const server = await startServer(config, { logger: options.logger }, options.host);
    return {
      url: server.url,
      upstreamUrl,
      async stop() {
        await server.stop();
        await upstream.stop();
      },
    };
  } catch (error) {
    await upstream.stop();
    throw error;
  }
}
