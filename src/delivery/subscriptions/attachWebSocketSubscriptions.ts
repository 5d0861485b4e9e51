import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Context } from '../../graphql/context';
import { formatResult, refuseNonSubscription, type FormatError } from './subscriptionResults';

/**
 * `/graphql` over WebSocket (the `graphql-ws` protocol, subprotocol `graphql-transport-ws`), for subscriptions
 * only; upgrades to any other path are refused. Returns `close`, which says goodbye to every client (1001).
 */
export function attachWebSocketSubscriptions(
  httpServer: Server,
  schema: GraphQLSchema,
  createContext: (request: IncomingMessage) => Context,
  formatError: FormatError,
): { close(): Promise<void> } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1_000_000 });
  let active = 0;
  let drained: (() => void) | null = null;
  const server = useServer<Record<string, unknown>>(
    {
      schema,
      context: (context) => createContext(context.extra.request),
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
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client, request));
  };
  httpServer.on('upgrade', onUpgrade);
  return {
    /** Waits (at most `graceMs`) for the subscriptions just completed to say so to their clients, then closes every socket. */
    async close(graceMs = 1000) {
      httpServer.off('upgrade', onUpgrade);
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
