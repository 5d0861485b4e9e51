import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { PageCache } from '../upstream/cache/PageCache';
import { listingPath } from '../upstream/format/listingPath';
import { layeredKnowledge } from '../upstream/loaders/layeredKnowledge';
import type { ListingKnowledge } from '../upstream/loaders/ListingKnowledge';
import { startCatalogue, type CatalogueDeps, type RunningCatalogue } from '../catalogue/index/startCatalogue';
import { StoreChangeSource } from '../catalogue/store/StoreChangeSource';
import { SqlOutbox } from '../catalogue/store/SqlOutbox';
import { SqlWatchStore } from '../catalogue/store/SqlWatchStore';
import { createChangeDelivery, type ChangeDeliveryDeps } from '../delivery/createChangeDelivery';
import type { Config } from './config';
import { ContentsCache } from '../downloads/archives/ContentsCache';
import { HeaderWorkers } from '../downloads/archives/HeaderWorkers';
import { RangeCache } from '../downloads/archives/RangeCache';
import { registerHeaderWorkMetrics } from '../downloads/archives/headerWorkMetrics';
import { archiveReaderFor, createContext, type Context } from '../graphql/context';
import { createFormatError } from '../graphql/formatError';
import { createGraphiqlHandler } from './graphiql/createGraphiqlHandler';
import { createHealthHandler } from './http/healthHandler';
import { InFlightOperations } from './http/InFlightOperations';
import { createMetricsHandler } from './http/metricsHandler';
import { createJsonLogger, type Logger } from '../core/logger';
import { createSubgraphMetrics } from '../observability/metrics/subgraphMetrics';
import { createScaleOut } from '../upstream/scaleout/createScaleOut';
import { createOperationLimitsPlugin } from '../graphql/limits/createOperationLimitsPlugin';
import { MAX_DOCUMENT_TOKENS, OperationGuards } from '../graphql/limits/OperationGuards';
import { Counter, CounterFunc, Gauge } from '../observability/metrics/Metrics';
import { ConnectionLimits, TIMEOUT_CHECK_INTERVAL_MS } from './admission/ConnectionLimits';
import { createAdmission, type Admission } from './admission/createAdmission';
import type { AdmittedRequest, ContextExtras, DoorInfo } from './admission/Door';
import { graphqlDoor } from './doors/graphqlDoor';
import { localDoor } from './doors/localDoor';
import { createExportsHandler, EXPORT_ROUTES } from '../delivery/exports/createExportsHandler';
import { manifestDoor } from './doors/manifestDoor';
import { mcpDoor } from './doors/mcpDoor';
import type { RunOperation } from './mcp/OperationAnswer';
import { sseDoor } from './doors/sseDoor';
import { stacDoors } from './doors/stacDoor';
import { webSocketDoor } from './doors/webSocketDoor';
import { cacheControlPlugins } from '../graphql/plugins/cacheControlPlugins';
import { operationLogPlugin } from '../graphql/plugins/operationLogPlugin';
import { operationTracePlugin } from '../graphql/plugins/operationTracePlugin';
import { placesReadyPlugin } from '../graphql/plugins/placesReadyPlugin';
import { queriesOnlyPlugin } from '../graphql/plugins/queriesOnlyPlugin';
import { suggestionsPlugin } from '../graphql/plugins/suggestionsPlugin';
import { buildSchema } from '../graphql/schema';
import { GeopfClient, type UpstreamRequestRecord } from '../upstream/client/GeopfClient';
import { RateGate } from '../upstream/gate/RateGate';
import { recordCacheHitSpan, recordUpstreamRequestSpan } from '../upstream/client/upstreamSpans';
import { userAgent } from '../core/userAgent';
import { preparePlaces } from '../zones';

/** What the server depends on besides its configuration; production defaults, fakes in tests. */
export interface ServerDeps {
  fetch?: typeof fetch;
  logger?: Logger;
  /** The process-wide gate; built from `config.rateLimit` when not given. */
  gate?: RateGate;
  /** Called for every upstream request sent. */
  onUpstreamRequest?: (record: UpstreamRequestRecord) => void;
  /** The catalogue index's store (see `openCatalogueStore`); without it, index-backed fields answer INDEX_UNAVAILABLE. */
  catalogue?: CatalogueDeps;
  /**
   * The change log and webhook state. What is not given comes from the catalogue's store when the catalogue
   * is on (its change log, watches and outbox), else from memory (an empty log; watches lost on restart).
   */
  changes?: ChangeDeliveryDeps;
  /**
   * Load the place data (zone footprints, commune index: about 0.7 s of CPU, in slices) in the background once
   * listening, so that no `place` waits for it. Default true; the test helpers turn it off to save CPU.
   */
  placesAtStart?: boolean;
}

/** A running subgraph. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  /** GraphQL operations being served now (read to wait until some are in flight). */
  readonly operationsInFlight: number;
  /** Subscriptions to `catalogueChanged` open now, over every transport (read to wait until one is listening). */
  readonly openSubscriptions: number;
  /**
   * Stops accepting (`/ready` answers 503, new operations 503), lets in-flight operations finish within
   * `config.shutdownGraceMs`, answers those still running a moment before it ends with `UPSTREAM_TIMEOUT`
   * on their remaining fields, then closes.
   */
  stop(): Promise<void>;
  /** The catalogue index and its syncer, when the server keeps one. */
  catalogue: RunningCatalogue | null;
  /** Every door of the server (its routes, each with its admission): the only ways in. */
  doors: readonly DoorInfo[];
  /** The HTTP server and its admission, whose listeners are the only ones that answer requests and upgrades. */
  http: Server;
  admission: Admission;
}

/** Builds the subgraph (one gate, one client for the process; loaders per request) and listens on `config.port`. */
export async function startServer(config: Config, deps: ServerDeps = {}, host = '0.0.0.0'): Promise<RunningServer> {
  const logger = deps.logger ?? createJsonLogger();
  const scaleOut = deps.gate ? null : createScaleOut(config, logger);
  await scaleOut?.connected();
  const gate = deps.gate ?? scaleOut?.gate ?? new RateGate({ ratePerSecond: config.rateLimit, maxInFlightMs: config.timeoutMs + 1000 });
  const cache = config.cacheTtlSeconds > 0 ? new PageCache({ ttlMs: config.cacheTtlSeconds * 1000, maxBytes: config.cacheMaxMb * 1024 * 1024 }) : null;
  const metrics = createSubgraphMetrics(cache, gate);
  const client = new GeopfClient({
    baseUrl: config.baseUrl,
    gate,
    timeoutMs: config.timeoutMs,
    retry: { maxAttempts: config.maxAttempts },
    banMs: config.banSeconds * 1000,
    logger,
    userAgent: userAgent(),
    ...(cache ? { cache } : {}),
    ...(scaleOut?.sharedCache ? { sharedCache: scaleOut.sharedCache } : {}),
    onAnswer: (answer) => {
      metrics.upstreamRequests.inc({ call: answer.call, status: answer.status });
      metrics.upstreamDuration.observe(answer.durationMs / 1000, { call: answer.call });
      metrics.gateWait.observe(answer.gateWaitMs / 1000);
      recordUpstreamRequestSpan(answer);
    },
    onCacheHit: recordCacheHitSpan,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.onUpstreamRequest ? { onRequest: deps.onUpstreamRequest } : {}),
  });

  const catalogue =
    deps.catalogue ?
      startCatalogue(deps.catalogue, { config: config.catalogue, client, gate, ratePerSecond: config.rateLimit, logger, registry: metrics.registry })
    : null;

  // What estimates may rely on: the totals of cached pages (current), then the index's listings (its last sync).
  const cacheKnowledge: ListingKnowledge | null = cache ? { knownTotal: (segments, params) => cache.peekTotal(listingPath(segments, params, 1)) } : null;
  // The document guards of every door: Apollo's plugin applies them to POST and GET, the transports to theirs.
  const guards = new OperationGuards({
    budget: config.queryCostBudget,
    ratePerSecond: config.rateLimit,
    ...(cacheKnowledge || catalogue ? { knowledge: layeredKnowledge(cacheKnowledge, catalogue?.knowledge) } : {}),
  });
  const limits = createOperationLimitsPlugin(guards);
  const httpServer: Server = createHttpServer({ connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS });
  const operations = new InFlightOperations();
  const schema = buildSchema();
  // With the catalogue, deliveries read its change log (unless a test injects a source of its own).
  const storeChanges =
    deps.catalogue && !deps.changes?.source ?
      new StoreChangeSource(deps.catalogue.store, {
        onError: (error) => logger.warn('change log unreachable', { error: error instanceof Error ? error.message : String(error) }),
      })
    : null;
  // ... and webhook watches and their outbox live in its store: durable, and shared by replicas.
  const changeDeps: ChangeDeliveryDeps | undefined =
    deps.catalogue ?
      {
        ...deps.changes,
        ...(storeChanges ? { source: storeChanges } : {}),
        watches: deps.changes?.watches ?? new SqlWatchStore(deps.catalogue.store),
        outbox: deps.changes?.outbox ?? new SqlOutbox(deps.catalogue.store, deps.changes?.now ?? Date.now),
      }
    : deps.changes;
  const changes = createChangeDelivery({
    config,
    subscriptions: config.subscriptions,
    schema,
    guards,
    listingUrl: (segments) => client.listingUrl(segments),
    logger,
    metrics: metrics.registry,
    formatError: createFormatError(logger),
    ...(changeDeps ? { deps: changeDeps } : {}),
  });
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
    // main.ts owns the signals: Apollo's own handler would stop the server a second time and re-raise the
    // signal, so the process would never exit 0.
    stopOnTerminationSignals: false,
    logger: apolloLogger(logger),
    plugins: [
      // The last resort: operations are cut before (see `stop`), so that every one gets its answer.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      // Answers are public and as fresh as the page cache: a router or CDN may keep them that long (Apollo's
      // cache-control policy, computed per operation rather than per field while the schema allows it).
      ...cacheControlPlugins<Context>(schema, config.cacheTtlSeconds),
      // Before the estimate, which may resolve a place: the place data loaded (once), not built on this request.
      placesReadyPlugin(),
      // Before execution: too costly, too deep or too aliased operations never reach the upstream.
      limits,
      queriesOnlyPlugin(changes.queriesOnlyExceptions),
      ...changes.apolloPlugins,
      operationLogPlugin(logger, metrics, (context) => limits.measureOf(context)?.upstreamRequests ?? null),
      operationTracePlugin((context) => limits.measureOf(context)?.upstreamRequests ?? null),
      suggestionsPlugin(),
    ],
  });
  await apollo.start();
  let ready = true;

  // Archive headers read by range, cached like pages (a sixteenth of the page cache's memory), parsed on bounded
  // threads, and the tables of contents cached by archive identity (as many entries as four full tables).
  const rangeCache = new RangeCache({ ttlMs: config.cacheTtlSeconds * 1000, maxBytes: (config.cacheMaxMb * 1024 * 1024) / 16 });
  const headerWorkers = new HeaderWorkers({ maxThreads: config.archiveWorkers, maxBytes: config.archiveDecodeMaxBytes });
  registerHeaderWorkMetrics(metrics.registry, () => headerWorkers.stats);
  const archives = archiveReaderFor(client, {
    maxHeaderBytes: config.archiveHeaderMaxBytes,
    maxEntries: config.archiveMaxEntries,
    parsing: headerWorkers,
    cache: rangeCache,
    contentsCache: new ContentsCache({ ttlMs: config.cacheTtlSeconds * 1000, maxEntries: 4 * config.archiveMaxEntries }),
  });
  const contextFor = (request: IncomingMessage, stop?: AbortSignal, extras: ContextExtras = {}) =>
    createContext(client, {
      deadlineMs: config.deadlineMs,
      ...(stop ? { stop } : {}),
      budget: config.queryCostBudget,
      archives,
      maxAnswerBytes: config.archiveMaxAnswerBytes,
      catalogue: catalogue?.index ?? null,
      ...(catalogue ? { hints: catalogue.knowledge } : {}),
      changes: extras.changes ?? changes.services,
      authorization: request.headers.authorization ?? null,
    });
  const degraded = () => (catalogue?.index.damage ? { catalogue: `the catalogue store is corrupt: ${catalogue.index.damage}` } : null);
  // Connections per client address and the server's timeouts, counted from the first connection.
  const connections = new ConnectionLimits(config.connections);
  connections.attach(httpServer);
  metrics.registry.register(new Gauge('geopf_http_connections_open', 'HTTP connections open now (WebSockets included).', () => connections.open));
  metrics.registry.register(
    new CounterFunc(
      'geopf_http_connections_refused_total',
      'Connections refused because their client address held CONNECTIONS_MAX_PER_CLIENT.',
      () => connections.refusedCount,
    ),
  );
  const refusals = metrics.registry.register(
    new Counter('geopf_admission_refusals_total', 'Requests the admission refused before or while serving them, by door and code.', ['door', 'code']),
  );
  const toolCalls = metrics.registry.register(
    new Counter('geopf_mcp_tool_calls_total', 'MCP tool calls at /mcp, by tool and outcome (ok, or the error code).', ['tool', 'outcome']),
  );
  // The MCP tools' GraphQL operations, each through Apollo's own execution (its plugins: the guards, the budget,
  // the operation log) in a new context of the request (the deadline, the stop signal).
  const runner =
    (admitted: AdmittedRequest): RunOperation =>
    async (query, variables) => {
      const result = await apollo.executeOperation<Record<string, unknown>>({ query, variables: { ...variables } }, { contextValue: admitted.context() });
      if (result.body.kind !== 'single') throw new Error('an MCP tool operation answered incrementally');
      const { data, errors, extensions } = result.body.singleResult;
      return { data: data ?? null, errors: errors ?? [], extensions: extensions ?? {} };
    };
  // Order matters: the first door claiming a request serves it (GraphiQL and SSE claim some /graphql requests).
  const doors = [
    localDoor(
      'health',
      ['GET'],
      '/health, /ready',
      createHealthHandler(() => ready, degraded),
      [
        { method: 'GET', path: '/health' },
        { method: 'GET', path: '/ready' },
      ],
    ),
    localDoor('metrics', ['GET'], '/metrics', createMetricsHandler(metrics.registry), [{ method: 'GET', path: '/metrics' }]),
    manifestDoor(config.cacheTtlSeconds),
    ...stacDoors(),
    localDoor('changes-feed', ['GET', 'HEAD'], '/feeds/changes.atom', changes.feed, [{ method: 'GET', path: '/feeds/changes.atom' }]),
    // Answered from the index (0 upstream requests), streamed: see docs/exports.md.
    localDoor(
      'exports',
      ['GET', 'HEAD'],
      '/exports/editions.csv, /exports/editions.ndjson, /exports/editions.parquet, /exports/products.csv',
      createExportsHandler({ catalogue: catalogue?.index ?? null, logger, limits: config.exports }),
      Object.keys(EXPORT_ROUTES).map((path) => ({ method: 'GET', path: `${path}?zone=29` })),
    ),
    sseDoor(changes.subscriptions.sse),
    // Every method: the handler answers its assets' other methods 405.
    localDoor(
      'graphiql',
      ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
      '/graphql (Accept: text/html), GraphiQL assets',
      createGraphiqlHandler(),
      [{ method: 'GET', path: '/graphql', headers: { accept: 'text/html' } }],
    ),
    graphqlDoor(apollo, changes.subscriptions.callbacks),
    mcpDoor({ token: config.mcpToken, runner, logger, onToolCall: (tool, outcome) => toolCalls.inc({ tool, outcome }) }),
  ];
  const admission = createAdmission({
    doors,
    upgradeDoors: [webSocketDoor(changes.subscriptions.webSockets)],
    guards,
    schema,
    operations,
    contextFor,
    logger,
    onRefusal: (door, code) => refusals.inc({ door, code }),
    refusedSocket: (socket) => connections.refused(socket),
    routerSecret: config.routerSecret,
  });
  httpServer.on('request', admission.onRequest);
  httpServer.on('upgrade', admission.onUpgrade);
  changes.start();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  if (deps.placesAtStart !== false) loadPlacesInBackground(logger);
  const shownHost = host === '0.0.0.0' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    catalogue,
    doors: admission.doors,
    http: httpServer,
    admission,
    get operationsInFlight() {
      return operations.size;
    },
    get openSubscriptions() {
      return changes.openSubscriptions;
    },
    stop: async () => {
      // Not ready first, so a balancer stops sending work; then Apollo drains in-flight operations and closes.
      ready = false;
      operations.close(new Error('shutting down'));
      await changes.close();
      const inFlight = operations.size;
      // Whatever still runs this long before the grace ends has its deadline brought forward: its answer (with
      // UPSTREAM_TIMEOUT on the fields still waiting) is written before the drain would close its socket.
      const cutAfterMs = config.shutdownGraceMs - Math.min(2000, config.shutdownGraceMs / 4);
      const cut = setTimeout(() => {
        if (operations.size > 0) logger.warn('shutdown grace nearly over: cutting the operations still running', { operations: operations.size });
        operations.cut(new Error('shutting down'));
      }, cutAfterMs);
      logger.info('draining', { operations: inFlight, graceMs: config.shutdownGraceMs });
      try {
        await apollo.stop();
      } finally {
        clearTimeout(cut);
      }
      await headerWorkers.close();
      await storeChanges?.close();
      await catalogue?.stop();
      await scaleOut?.close();
    },
  };
}

/** Starts `preparePlaces` without waiting for it; logs `places ready` (with its duration) or why it failed. */
function loadPlacesInBackground(logger: Logger): void {
  const started = performance.now();
  preparePlaces().then(
    () => logger.info('places ready', { ms: Math.round(performance.now() - started) }),
    (error: unknown) => logger.warn('place data not loaded; the first place asked loads it', { error: error instanceof Error ? error.message : String(error) }),
  );
}

/** Apollo Server's own messages, routed to our structured log (its debug chatter dropped). */
function apolloLogger(logger: Logger) {
  const text = (parts: unknown[]) => parts.map(String).join(' ');
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => logger.info(text(parts), { source: 'apollo' }),
    warn: (...parts: unknown[]) => logger.warn(text(parts), { source: 'apollo' }),
    error: (...parts: unknown[]) => logger.error(text(parts), { source: 'apollo' }),
  };
}
