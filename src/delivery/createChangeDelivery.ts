import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Context } from '../graphql/context';
import { createChangesFeedHandler } from './feeds/createChangesFeedHandler';
import type { Logger } from '../core/logger';
import { Counter, Gauge, type MetricsRegistry } from '../observability/metrics/Metrics';
import type { QueriesOnlyExceptions } from '../graphql/plugins/queriesOnlyPlugin';
import { DeliveryWorker } from './webhooks/DeliveryWorker';
import { MemoryOutbox } from '../catalogue/watches/MemoryOutbox';
import { MemoryWatchStore } from '../catalogue/watches/MemoryWatchStore';
import type { Outbox } from '../catalogue/watches/Outbox';
import { systemResolver, type HostResolver, type TargetPolicy } from '../core/resolveTarget';
import { startWebhookLoop } from './webhooks/startWebhookLoop';
import { WatchAdmin } from '../catalogue/watches/WatchAdmin';
import { WatchFanOut } from './webhooks/WatchFanOut';
import type { WatchStore } from '../catalogue/watches/WatchStore';
import { changeEventId, type ChangeEvent } from '../catalogue/changes/ChangeEvent';
import { RouterCacheInvalidator, type RouterCacheInvalidatorOptions } from './routerCache/RouterCacheInvalidator';
import type { ChangeServices } from '../graphql/context';
import type { ChangeSource } from '../catalogue/changes/ChangeSource';
import { MemoryChangeSource } from '../catalogue/changes/MemoryChangeSource';
import type { FormatError } from './subscriptions/subscriptionResults';
import type { OperationGuards } from '../graphql/limits/OperationGuards';
import { createSubscriptions, type SubscriptionSettings, type Subscriptions } from './subscriptions/createSubscriptions';

/**
 * Where change delivery reads and keeps its state. The defaults are in-memory: an empty change log, and
 * watches and outbox lost on restart; `startServer` passes the catalogue store's when the catalogue is on.
 */
export interface ChangeDeliveryDeps {
  source?: ChangeSource;
  watches?: WatchStore;
  outbox?: Outbox;
  /** DNS for webhook and callback targets (tests point names anywhere). */
  resolveHost?: HostResolver;
  /** Epoch ms, for the outbox and signatures. */
  now?: () => number;
  random?: () => number;
  /** How often the webhook loop looks for due retries when no event wakes it (default 5 s; tests shorten it). */
  webhookPollMs?: number;
  /** The router cache invalidator's HTTP and waits (tests: a loopback recorder, no real backoff). */
  routerInvalidation?: Pick<RouterCacheInvalidatorOptions, 'fetch' | 'sleep' | 'random'>;
  /** How long one webhook attempt may take (default 10 s; tests shorten it). */
  webhookTimeoutMs?: number;
}

export interface ChangeDeliveryOptions {
  /**
   * `WATCH_ADMIN_TOKEN` (null: watch administration disabled), `WEBHOOK_ALLOWED_HOSTS`, the attempts under
   * way at once, in all (`WEBHOOK_CONCURRENCY`) and per receiver (`WEBHOOK_RECEIVER_CONCURRENCY`), and the
   * router's invalidation endpoint (null or absent: no invalidation).
   */
  config: {
    watchAdminToken: string | null;
    webhookAllowedHosts: readonly string[];
    webhookConcurrency?: number;
    webhookReceiverConcurrency?: number;
    routerInvalidation?: { url: string; sharedKey: string; subgraphName: string } | null;
  };
  /** The bounds of subscriptions. */
  subscriptions: SubscriptionSettings;
  schema: GraphQLSchema;
  /** The process's document guards, applied to every subscription. */
  guards: OperationGuards;
  /** The upstream listing URL for path segments (GeopfClient.listingUrl). */
  listingUrl: (segments: readonly string[]) => string;
  logger: Logger;
  metrics: MetricsRegistry;
  formatError: FormatError;
  deps?: ChangeDeliveryDeps;
}

/** An HTTP handler, as the server's doors wrap them. */
export interface Route {
  handles(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** Change delivery, built before Apollo Server; the server's doors serve its transports. */
export interface ChangeDelivery {
  /** For each GraphQL context of the HTTP path (`changes`): watch administration (a stream opens only through a transport). */
  services: ChangeServices;
  /** The subscription transports (SSE, WebSocket, router callbacks) over one quota. */
  subscriptions: Subscriptions;
  /** Apollo plugins: the subscription callback protocol. */
  apolloPlugins: ApolloServerPlugin<Context>[];
  /** What the query-only guard must let through. */
  queriesOnlyExceptions: QueriesOnlyExceptions;
  /** `GET /feeds/changes.atom`. */
  feed: Route;
  /** Subscriptions open now (SSE, WebSocket and router callbacks). */
  readonly openSubscriptions: number;
  /** Starts the webhook loop. */
  start(): void;
  /**
   * Completes the SSE and WebSocket subscriptions, closes their connections, stops the webhook loop. Call it
   * before `apollo.stop()`, whose drain completes the router-callback subscriptions.
   */
  close(): Promise<void>;
}

/**
 * Assembles the three deliveries of the change log (Atom feed, GraphQL subscriptions over SSE, WebSocket and
 * router callbacks, signed webhooks) around one `ChangeSource`, and registers the webhook metrics.
 */
export function createChangeDelivery(options: ChangeDeliveryOptions): ChangeDelivery {
  const deps = options.deps ?? {};
  const now = deps.now ?? Date.now;
  const source = deps.source ?? new MemoryChangeSource();
  const watches = deps.watches ?? new MemoryWatchStore();
  const outbox = deps.outbox ?? new MemoryOutbox(now);
  const policy: TargetPolicy = { resolveHost: deps.resolveHost ?? systemResolver, allowedHosts: new Set(options.config.webhookAllowedHosts) };
  const listingUrl = (event: ChangeEvent) =>
    options.listingUrl(event.editionName === null ? ['resource', event.resourceName] : ['resource', event.resourceName, event.editionName]);

  const watchAdmin = new WatchAdmin({ watches, outbox, policy, adminToken: options.config.watchAdminToken, now });
  const deliveries = options.metrics.register(
    new Counter('geopf_webhook_deliveries_total', 'Webhook delivery attempts, by outcome (delivered, failed, refused, abandoned, dropped).'),
  );
  let loop: ReturnType<typeof startWebhookLoop> | null = null;
  const worker = new DeliveryWorker({
    outbox,
    watches,
    policy,
    now,
    random: deps.random ?? Math.random,
    listingUrl,
    onOutcome: (outcome, delivery, detail) => {
      deliveries.inc({ outcome });
      if (outcome !== 'delivered')
        options.logger.warn('webhook delivery not delivered', { outcome, watchId: delivery.watchId, eventId: delivery.eventId, detail });
    },
    onError: (error) => options.logger.error('webhook attempt failed', { error: error instanceof Error ? error.message : String(error) }),
    onSlotFree: () => loop?.wake(),
    ...(options.config.webhookConcurrency === undefined ? {} : { concurrency: options.config.webhookConcurrency }),
    ...(options.config.webhookReceiverConcurrency === undefined ? {} : { receiverConcurrency: options.config.webhookReceiverConcurrency }),
    ...(deps.webhookTimeoutMs === undefined ? {} : { timeoutMs: deps.webhookTimeoutMs }),
  });
  options.metrics.register(new Gauge('geopf_webhook_attempts_in_flight', 'Webhook delivery attempts under way.', () => worker.inFlight));
  options.metrics.register(new Gauge('geopf_webhook_outbox_depth', 'Webhook deliveries waiting to be sent or retried.', () => worker.stats.depth));
  options.metrics.register(
    new Gauge('geopf_webhook_outbox_oldest_pending_seconds', 'Age of the oldest webhook delivery waiting.', () =>
      worker.stats.oldestCreatedAt === null ? 0 : Math.max(0, (now() - worker.stats.oldestCreatedAt) / 1000),
    ),
  );
  const fanOut = new WatchFanOut(source, outbox, watches);
  const feed = createChangesFeedHandler({ source, listingUrl: options.listingUrl });
  const subscriptions = createSubscriptions({
    schema: options.schema,
    guards: options.guards,
    source,
    settings: options.subscriptions,
    services: { watchAdmin, listingUrl },
    policy,
    formatError: options.formatError,
    metrics: options.metrics,
    logger: options.logger,
  });
  const invalidator = routerCacheInvalidator(options, deps);

  return {
    services: subscriptions.services,
    subscriptions,
    get openSubscriptions() {
      return subscriptions.open;
    },
    apolloPlugins: subscriptions.apolloPlugins,
    queriesOnlyExceptions: { mutations: ['createWatch', 'deleteWatch'], callbackSubscriptions: true },
    feed,
    start() {
      invalidator?.start(source);
      loop = startWebhookLoop(
        source,
        fanOut,
        worker,
        (error) => options.logger.error('webhook round failed', { error: error instanceof Error ? error.message : String(error) }),
        deps.webhookPollMs,
      );
    },
    async close() {
      await Promise.all([subscriptions.close(), loop?.stop(), invalidator?.stop()]);
    },
  };
}

// Private: the invalidator of the router's response cache, a consumer of the change log, when an endpoint is set.
function routerCacheInvalidator(options: ChangeDeliveryOptions, deps: ChangeDeliveryDeps): RouterCacheInvalidator | null {
  const endpoint = options.config.routerInvalidation;
  if (!endpoint) return null;
  const outcomes = options.metrics.register(
    new Counter('geopf_router_invalidations_total', "Change events sent to the router's invalidation endpoint, by outcome (invalidated, failed, dropped)."),
  );
  return new RouterCacheInvalidator({
    ...endpoint,
    ...deps.routerInvalidation,
    onOutcome: (outcome, event, detail) => {
      outcomes.inc({ outcome });
      if (outcome !== 'invalidated') options.logger.warn('router cache not invalidated', { outcome, eventId: changeEventId(event), detail });
    },
  });
}
