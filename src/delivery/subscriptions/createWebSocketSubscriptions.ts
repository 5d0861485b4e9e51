import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, OperationTypeNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { TooManySubscriptionsError } from '../../core/errors';
import { MAX_BODY_BYTES } from '../../core/requestBounds';
import type { ChangeStreams } from '../../catalogue/changes/ChangeStreams';
import type { ChangeServices, Context } from '../../graphql/context';
import type { OperationGuards } from '../../graphql/limits/OperationGuards';
import { leasedServices } from './leasedServices';
import { codeRequestErrors, formatResult, refuseNonSubscription, type FormatError } from './subscriptionResults';
import type { SubscriptionLease, SubscriptionQuota } from './SubscriptionQuota';

/** What the server's upgrade door knows of a connection: who it is, and how to make an operation's context. */
export interface WebSocketClient {
  clientAddress: string;
  context(changes: ChangeServices): Context;
}

/** Subscriptions over WebSocket: the server's upgrade door hands its admitted upgrades to `handleUpgrade`. */
export interface WebSocketSubscriptions {
  /** Takes over an upgrade to `/graphql`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, client: WebSocketClient): void;
  /** Connections open now. */
  readonly connections: number;
  /** Waits (at most `graceMs`) for the subscriptions just completed to say so to their clients, then closes every socket (1001). */
  close(graceMs?: number): Promise<void>;
}

export interface WebSocketOptions {
  schema: GraphQLSchema;
  guards: OperationGuards;
  quota: SubscriptionQuota;
  /** The streams WebSocket subscriptions open (those the delivery's `close` completes), and the services around them. */
  streams: ChangeStreams;
  services: ChangeServices;
  formatError: FormatError;
  /** Time between two pings; a connection that has not answered the last one by then is closed. Default 30 s. */
  pingMs?: number;
}

/** A connection's state as graphql-ws hands it to hooks (one object per connection). */
type Ctx = object;

/**
 * `/graphql` over WebSocket (the `graphql-ws` protocol, subprotocol `graphql-transport-ws`), for subscriptions
 * only. Every `subscribe` message goes through the document guards (`guards.admit`) and takes a lease of the
 * quota (per process, client address and connection) before it runs; messages are bounded like request bodies
 * (1 MB); a connection that stops answering pings is closed. Events are pulled as the socket takes them
 * (graphql-ws awaits each send), so a slow reader's events wait in its bounded queue.
 */
export function createWebSocketSubscriptions(options: WebSocketOptions): WebSocketSubscriptions {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const clients = new WeakMap<IncomingMessage, WebSocketClient>();
  const leases = new WeakMap<Ctx, Map<string, SubscriptionLease>>();
  const releaseAll = (ctx: Ctx) => {
    for (const lease of leases.get(ctx)?.values() ?? []) lease.release();
    leases.delete(ctx);
  };
  const release = (ctx: Ctx, id: string) => {
    leases.get(ctx)?.get(id)?.release();
    leases.get(ctx)?.delete(id);
  };
  let active = 0;
  let drained: (() => void) | null = null;
  const server = useServer<Record<string, unknown>>(
    {
      schema: options.schema,
      execute: refuseNonSubscription,
      onSubscribe: (ctx, id, payload) => {
        const client = clients.get(ctx.extra.request);
        if (!client) return [new GraphQLError('A WebSocket connection the upgrade door did not admit.', { extensions: { code: 'BAD_REQUEST' } })];
        const admitted = options.guards.admit(options.schema, {
          query: typeof payload.query === 'string' ? payload.query : '',
          operationName: payload.operationName ?? null,
          variables: payload.variables ?? null,
        });
        if ('errors' in admitted) return admitted.errors;
        const args = {
          schema: options.schema,
          document: admitted.document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
        };
        // A query or mutation runs `execute`, which refuses it with a result naming the right transport.
        if (admitted.operation.operation !== OperationTypeNode.SUBSCRIPTION) return { ...args, contextValue: client.context(options.services) };
        let lease: SubscriptionLease;
        try {
          lease = options.quota.acquire({ clientAddress: client.clientAddress, connection: ctx.extra.socket, transport: 'websocket' });
        } catch (error) {
          if (error instanceof TooManySubscriptionsError) return [error];
          throw error;
        }
        const held = leases.get(ctx) ?? new Map<string, SubscriptionLease>();
        held.set(id, lease);
        leases.set(ctx, held);
        return { ...args, contextValue: client.context(leasedServices(options.services, options.streams, lease)) };
      },
      onOperation: (ctx, id, _payload, _args, operationResult) => {
        active += 1;
        // graphql-ws has awaited it already.
        const result = operationResult as ExecutionResult | AsyncIterable<ExecutionResult>;
        if (Symbol.asyncIterator in result) return undefined;
        // A subscription that failed before its stream opened (a bad filter, a missing variable) holds no stream to release its lease.
        release(ctx, id);
        return codeRequestErrors(result);
      },
      onComplete: (ctx, id) => {
        release(ctx, id);
        active = Math.max(0, active - 1);
        if (active === 0) drained?.();
      },
      onClose: (ctx) => releaseAll(ctx),
      onNext: (_context, _id, _payload, _args, result) => formatResult(result, options.formatError),
      onError: (_context, _id, _payload, errors) =>
        errors.map((error) => {
          // graphql-ws re-wraps what a stream throws, its extensions lost: format the original.
          const original = error.originalError instanceof GraphQLError ? error.originalError : error;
          return options.formatError(original.toJSON(), original);
        }),
    },
    sockets,
  );
  const alive = new WeakSet<WebSocket>();
  sockets.on('connection', (socket: WebSocket) => {
    // ws has closed the socket already (1009 for an oversized message, 1002 for a bad frame): graphql-ws's own
    // listener would write each such client error to stderr with its stack, one line per hostile connection.
    socket.removeAllListeners('error');
    socket.on('error', () => undefined);
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
  });
  const pinger = setInterval(() => {
    for (const socket of sockets.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, options.pingMs ?? 30_000);
  pinger.unref();
  return {
    handleUpgrade(request, socket, head, client) {
      clients.set(request, client);
      sockets.handleUpgrade(request, socket, head, (webSocket) => sockets.emit('connection', webSocket, request));
    },
    get connections() {
      return sockets.clients.size;
    },
    async close(graceMs = 1000) {
      clearInterval(pinger);
      if (active > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          drained = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      // The `complete` message is sent just after onComplete returns; let it reach the socket before the close frame.
      await new Promise((resolve) => setImmediate(resolve));
      await server.dispose();
    },
  };
}
