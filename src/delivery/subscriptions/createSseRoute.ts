import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import type { Context } from '../../graphql/context';
import { formatResult, refuseNonSubscription, type FormatError } from './subscriptionResults';

/**
 * `/graphql` over Server-Sent Events (the `graphql-sse` protocol, both its modes), for subscriptions only.
 * It claims the requests of that protocol: an `Accept: text/event-stream` request, a `PUT` reservation, or a
 * request carrying a stream token. `close` ends every open stream (after the subscriptions have completed).
 */
export function createSseRoute(schema: GraphQLSchema, createContext: (request: IncomingMessage) => Context, formatError: FormatError) {
  const open = new Set<ServerResponse>();
  // graphql-sse wants an index-signature context type; ours is a plain interface, hence the casts.
  const handler = createHandler<Record<string, unknown>>({
    schema,
    context: (request) => createContext(request.raw) as unknown as Record<string, unknown>,
    execute: refuseNonSubscription,
    onNext: (_context, _request, result) => ('hasNext' in result ? result : formatResult(result, formatError)),
  });
  return {
    handles(request: IncomingMessage): boolean {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/graphql') return false;
      return (
        (request.headers.accept ?? '').includes('text/event-stream') ||
        request.method === 'PUT' ||
        request.headers['x-graphql-event-stream-token'] !== undefined ||
        url.searchParams.has('token')
      );
    },
    async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
      open.add(response);
      response.once('close', () => open.delete(response));
      await handler(request, response);
    },
    /**
     * Ends the streams still open: waits (at most `graceMs`) for those whose subscriptions were just completed
     * to send their `complete` and end, then ends the rest (single-connection reservations).
     */
    async close(graceMs = 1000): Promise<void> {
      const ended = [...open].map((response) => new Promise<void>((resolve) => (response.writableEnded ? resolve() : response.once('close', () => resolve()))));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(ended), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      for (const response of open) if (!response.writableEnded) response.end();
    },
  };
}
