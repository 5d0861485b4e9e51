import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { TargetPolicy } from '../../core/resolveTarget';
import type { Logger } from '../../core/logger';
import type { ChangeSource } from '../../catalogue/changes/ChangeSource';
import { ChangeStreams } from '../../catalogue/changes/ChangeStreams';
import type { ChangeServices, Context } from '../../graphql/context';
import type { OperationGuards } from '../../graphql/limits/OperationGuards';
import { Counter, Gauge, LabelledGauge, type MetricsRegistry } from '../../observability/metrics/Metrics';
import { CallbackAdmission } from './callbacks/CallbackAdmission';
import { callbackPlugin } from './callbacks/callbackPlugin';
import { createWebSocketSubscriptions, type WebSocketSubscriptions } from './createWebSocketSubscriptions';
import { SseTransport } from './sse/SseTransport';
import type { FormatError } from './subscriptionResults';
import { SubscriptionQuota, type SubscriptionLimits } from './SubscriptionQuota';

/** The bounds of subscriptions (`SUBSCRIPTIONS_MAX`… in the configuration). */
export interface SubscriptionSettings extends SubscriptionLimits {
  /** Events one subscriber may have waiting before it is dropped (`SUBSCRIPTION_QUEUE_MAX`). */
  queueMax: number;
  /** How long an SSE reservation waits for its stream (`SSE_RESERVATION_TTL_SECONDS`, in ms here). */
  reservationTtlMs: number;
  /** Time between two WebSocket pings; a socket that has not answered the last one by then is closed. Default 30 s. */
  webSocketPingMs?: number;
}

export interface SubscriptionsOptions {
  schema: GraphQLSchema;
  guards: OperationGuards;
  source: ChangeSource;
  settings: SubscriptionSettings;
  /** The services every subscription's context carries besides its stream (watch administration, listing URLs). */
  services: Omit<ChangeServices, 'streams'>;
  policy: TargetPolicy;
  formatError: FormatError;
  metrics: MetricsRegistry;
  logger: Logger;
}

/** The three subscription transports over one quota, and what the server needs of them. */
export interface Subscriptions {
  sse: SseTransport;
  webSockets: WebSocketSubscriptions;
  callbacks: CallbackAdmission;
  /** Apollo plugins: the callback protocol. */
  apolloPlugins: ApolloServerPlugin<Context>[];
  /** The services of contexts outside the transports: they cannot open a stream (no lease, no quota). */
  services: ChangeServices;
  /** Subscriptions open now, every transport together. */
  readonly open: number;
  /** Completes the SSE and WebSocket subscriptions and closes their connections (Apollo's drain completes the callbacks'). */
  close(): Promise<void>;
}

/**
 * Builds the subscription transports (SSE, WebSocket, router callbacks) over one `SubscriptionQuota`, two sets
 * of streams (the direct transports', which `close` completes; the callbacks', which Apollo's drain completes)
 * with bounded per-subscriber queues and a yielding fan-out, and their metrics.
 */
export function createSubscriptions(options: SubscriptionsOptions): Subscriptions {
  const { metrics, settings } = options;
  const refused = metrics.register(
    new Counter('geopf_subscriptions_refused_total', 'Subscriptions refused by a cap, by cap (process, client, connection).', ['limit']),
  );
  const dropped = metrics.register(
    new Counter('geopf_subscriptions_dropped_total', 'Subscriptions ended by the server, by reason (slow_reader, reservation_expired).', ['reason']),
  );
  const quota = new SubscriptionQuota(settings, (cap) => refused.inc({ limit: cap }));
  const streamOptions = { maxQueued: settings.queueMax, onDrop: () => dropped.inc({ reason: 'slow_reader' }) };
  const directStreams = new ChangeStreams(options.source, streamOptions);
  const callbackStreams = new ChangeStreams(options.source, streamOptions);
  const unleased: ChangeServices = {
    ...options.services,
    streams: {
      open: () => {
        throw new GraphQLError('Subscriptions are served over Server-Sent Events, WebSocket and router callbacks.', { extensions: { code: 'BAD_REQUEST' } });
      },
    },
  };
  const sse = new SseTransport({
    schema: options.schema,
    guards: options.guards,
    quota,
    streams: directStreams,
    services: unleased,
    formatError: options.formatError,
    reservationTtlMs: settings.reservationTtlMs,
    onExpired: () => dropped.inc({ reason: 'reservation_expired' }),
  });
  const webSockets = createWebSocketSubscriptions({
    schema: options.schema,
    guards: options.guards,
    quota,
    streams: directStreams,
    services: unleased,
    formatError: options.formatError,
    pingMs: settings.webSocketPingMs,
  });
  const callbacks = new CallbackAdmission({
    schema: options.schema,
    guards: options.guards,
    quota,
    streams: callbackStreams,
    services: unleased,
    policy: options.policy,
  });
  metrics.register(
    new LabelledGauge('geopf_subscriptions_open', 'Subscriptions open now, by transport (sse, websocket, callback).', ['transport'], () =>
      (['sse', 'websocket', 'callback'] as const).map((transport) => [{ transport }, quota.openBy(transport)] as const),
    ),
  );
  metrics.register(new Gauge('geopf_sse_reservations', 'SSE reservations open now (waiting for their stream, or streaming).', () => sse.reservationCount));
  metrics.register(new Gauge('geopf_websocket_connections', 'WebSocket connections open now.', () => webSockets.connections));
  metrics.register(
    new Gauge('geopf_change_fanout_backlog', 'Change events waiting to be handed to subscribers.', () => directStreams.backlog + callbackStreams.backlog),
  );
  return {
    sse,
    webSockets,
    callbacks,
    apolloPlugins: [callbackPlugin(options.policy, quietLogger(options.logger))],
    services: unleased,
    get open() {
      return directStreams.size + callbackStreams.size;
    },
    async close() {
      // Completing the streams first lets each transport send its `complete` before its connection goes.
      directStreams.closeAll();
      await Promise.all([sse.close(), webSockets.close()]);
    },
  };
}

// Private: the callback plugin's own messages, warnings and errors only.
function quietLogger(logger: Logger) {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => logger.warn(message, { source: 'subscription-callback' }),
    error: (message: string) => logger.error(message, { source: 'subscription-callback' }),
  };
}
