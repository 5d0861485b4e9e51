import { FakeGeopfServer, type FakeGeopfServerOptions } from '../fakeUpstream/FakeGeopfServer';
import type { ChangeDeliveryDeps } from '../../src/delivery/createChangeDelivery';
import { readConfig, type Config } from '../../src/server/config';
import { silentLogger, type Logger } from '../../src/core/logger';
import type { CatalogueDeps } from '../../src/catalogue/index/startCatalogue';
import { startServer, type RunningServer } from '../../src/server/server';

/** A GraphQL answer as a client sees it. */
export interface GraphQLAnswer {
  status: number;
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  /** The response's own extensions: `upstream`, what the operation cost (`UpstreamCostExtension`); `suggestions` of a search that matched nothing. */
  extensions?: Record<string, any>;
}

export interface SubgraphUnderTest {
  fake: FakeGeopfServer;
  server: RunningServer;
  /** The fake upstream's base URL, e.g. `http://127.0.0.1:41234/telechargement`. */
  baseUrl: string;
  /** POSTs one operation to `/graphql`. */
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer>;
  /** The upstream requests received by the fake since the last `clearUpstream()`, as relative URLs (`capabilities?limit=50&page=1`). */
  upstreamLog(): string[];
  clearUpstream(): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Requests per second allowed by the fake upstream (default 10). */
  upstreamRate?: number;
  /** Requests per second of the subgraph's gate (default: the upstream's). */
  gateRate?: number;
  timeoutMs?: number;
  /** Attempts per upstream request (default 1 here: most tests assert exact request logs). */
  maxAttempts?: number;
  banSeconds?: number;
  deadlineMs?: number;
  /** Shared page cache TTL (default 0: off). */
  cacheTtlSeconds?: number;
  queryCostBudget?: number;
  /** How long `server.stop()` lets operations run (default: the configuration's). */
  shutdownGraceMs?: number;
  /** Most bytes read for one archive's table of contents (default: the configured default). */
  archiveHeaderMaxBytes?: number;
  /** The other archive bounds (entries, answer bytes, header threads and their bytes); the configured defaults otherwise. */
  archives?: Partial<Pick<Config, 'archiveMaxEntries' | 'archiveMaxAnswerBytes' | 'archiveWorkers' | 'archiveDecodeMaxBytes'>>;
  fake?: FakeGeopfServerOptions;
  logger?: Logger;
  /** The catalogue index (off by default here: most tests assert exact upstream requests). */
  catalogue?: CatalogueDeps;
  /** `WATCH_ADMIN_TOKEN` (default: unset, watches disabled). */
  watchAdminToken?: string;
  /** `WEBHOOK_ALLOWED_HOSTS` (default: none). */
  webhookAllowedHosts?: string[];
  /** The change log and webhook state (default: empty, in memory). */
  changes?: ChangeDeliveryDeps;
  /** `GEOPF_ROUTER_SECRET` (default: unset, no check). */
  routerSecret?: string;
  /** `MCP_TOKEN`: the bearer `/mcp` asks for. */
  mcpToken?: string;
  /** `GEOPF_ROUTER_INVALIDATION_URL`, its key and the subgraph's name (default: unset). */
  routerInvalidation?: Config['routerInvalidation'];
  /** Load the place data in the background at start, as production does (default false here: it costs CPU). */
  placesAtStart?: boolean;
  /** Bounds of subscriptions (default: the configuration's). */
  subscriptions?: Partial<Config['subscriptions']>;
  /** Bounds of connections (default: the configuration's). */
  connections?: Partial<Config['connections']>;
  /** Bounds of exports (default: the configuration's). */
  exports?: Partial<Config['exports']>;
}

/** Starts a fake upstream on 127.0.0.1 and the real subgraph pointed at it. */
export async function startSubgraph(options: StartOptions = {}): Promise<SubgraphUnderTest> {
  const upstreamRate = options.upstreamRate ?? 10;
  const fake = new FakeGeopfServer({ ratePerSecond: upstreamRate, ...options.fake });
  const baseUrl = await fake.start();
  const basePath = new URL(baseUrl).pathname;
  const defaults = readConfig({});
  const server = await startServer(
    {
      ...defaults,
      subscriptions: { ...defaults.subscriptions, ...options.subscriptions },
      connections: { ...defaults.connections, ...options.connections },
      exports: { ...defaults.exports, ...options.exports },
      port: 0,
      baseUrl,
      rateLimit: options.gateRate ?? upstreamRate,
      // Long by default, so that a loaded machine's slow answers are not faults; the tests about timeouts and
      // deadlines set short ones on a subgraph of their own.
      timeoutMs: options.timeoutMs ?? 30000,
      maxAttempts: options.maxAttempts ?? 1,
      banSeconds: options.banSeconds ?? 5,
      deadlineMs: options.deadlineMs ?? 60000,
      // Off by default here: most tests assert the exact upstream requests of each operation.
      cacheTtlSeconds: options.cacheTtlSeconds ?? 0,
      cacheMaxMb: 16,
      queryCostBudget: options.queryCostBudget ?? 300,
      ...(options.shutdownGraceMs !== undefined ? { shutdownGraceMs: options.shutdownGraceMs } : {}),
      ...(options.archiveHeaderMaxBytes ? { archiveHeaderMaxBytes: options.archiveHeaderMaxBytes } : {}),
      ...options.archives,
      watchAdminToken: options.watchAdminToken ?? null,
      webhookAllowedHosts: options.webhookAllowedHosts ?? [],
      routerSecret: options.routerSecret ?? null,
      mcpToken: options.mcpToken ?? null,
      routerInvalidation: options.routerInvalidation ?? null,
    },
    {
      logger: options.logger ?? silentLogger,
      ...(options.catalogue ? { catalogue: options.catalogue } : {}),
      ...(options.changes ? { changes: options.changes } : {}),
      placesAtStart: options.placesAtStart ?? false,
    },
    '127.0.0.1',
  );
  return {
    fake,
    server,
    baseUrl,
    async query(query, variables) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    upstreamLog: () => fake.requests.map((request) => request.rawUrl.slice(basePath.length + 1)),
    clearUpstream: () => fake.clearRequests(),
    async stop() {
      await server.stop();
      await fake.stop();
    },
  };
}

/**
 * The subgraph of a `describe` block: started over its own fake upstream before the block's tests, stopped
 * after them, its upstream log cleared before each test when `clearUpstreamBeforeEach` is set. Read it inside
 * tests and hooks only (it forwards to the subgraph `beforeAll` started).
 */
export function subgraphForSuite(options: StartOptions = {}, suite: { clearUpstreamBeforeEach?: boolean } = {}): SubgraphUnderTest {
  let started: SubgraphUnderTest | null = null;
  beforeAll(async () => {
    started = await startSubgraph(options);
  });
  afterAll(() => started?.stop());
  if (suite.clearUpstreamBeforeEach) beforeEach(() => started?.clearUpstream());
  return new Proxy({} as SubgraphUnderTest, {
    get(_target, key: keyof SubgraphUnderTest) {
      if (!started) throw new Error(`subgraphForSuite: ${String(key)} read before the suite's beforeAll started the subgraph`);
      const value = started[key];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started) : value;
    },
  });
}
