import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Context } from '../../graphql/context';
import { formatResult, refuseNonSubscription, type FormatError } from './subscriptionResults';

/** Subscriptions over WebSocket: the server's upgrade door hands its admitted upgrades to `handleUpgrade`. */
export interface WebSocketSubscriptions {
  /** Takes over an upgrade to `/graphql`; each operation of the connection runs in a context from `createContext`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, createContext: () => Context): void;
  /** Waits (at most `graceMs`) for the subscriptions just completed to say so to their clients, then closes every socket (1001). */
  close(graceMs?: number): Promise<void>;
}

// Private: the context of an operation of this connection (graphql-ws wants an index-signature type; ours is an interface).
function contextOf(contexts: WeakMap<IncomingMessage, () => Context>, request: IncomingMessage): Record<string, unknown> {
  const create = contexts.get(request);
  if (!create) throw new Error('a WebSocket connection the upgrade door did not admit');
  return create() as unknown as Record<string, unknown>;
}

/**
 * `/graphql` over WebSocket (the `graphql-ws` protocol, subprotocol `graphql-transport-ws`), for subscriptions
 * only. Messages are bounded like request bodies (1 MB).
 */
export function createWebSocketSubscriptions(schema: GraphQLSchema, formatError: FormatError): WebSocketSubscriptions {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1_000_000 });
  const contexts = new WeakMap<IncomingMessage, () => Context>();
  let active = 0;
  let drained: (() => void) | null = null;
  const server = useServer<Record<string, unknown>>(
    {
      schema,
      context: (context) => contextOf(contexts, context.extra.request),
      execute: refuseNonSubscription,
      onOperation: () => {
        active += 1;
      },
      onComplete: () => {
        active = Math.max(0, active - 1);
        if (active === 0) drained?.();
      },
      onNext: (_context, _id, _payload, _args, result) => formatResult(result, formatError),
      onError: (_context, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
    },
    sockets,
  );
  return {
    handleUpgrade(request, socket, head, createContext) {
      contexts.set(request, createContext);
      sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client, request));
    },
    async close(graceMs = 1000) {
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
