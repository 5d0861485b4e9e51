import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse';
import type { Context } from '../../graphql/context';
import { formatResult, refuseNonSubscription, type FormatError } from './subscriptionResults';

/** The per-request state graphql-sse carries to our context factory. */
interface SseRequestContext {
  context: Context;
}

/**
 * `/graphql` over Server-Sent Events (the `graphql-sse` protocol, both its modes), for subscriptions only.
 * It claims the requests of that protocol: an `Accept: text/event-stream` request, a `PUT` reservation, or a
 * request carrying a stream token. The body comes already read (by the server's admission). `close` ends
 * every open stream (after the subscriptions have completed).
 */
export function createSseRoute(schema: GraphQLSchema, formatError: FormatError) {
  const open = new Set<ServerResponse>();
  // graphql-sse wants an index-signature context type; ours is a plain interface, hence the casts.
  const handler = createHandler<IncomingMessage, SseRequestContext, Record<string, unknown>>({
    schema,
    context: (request) => request.context.context as unknown as Record<string, unknown>,
    execute: refuseNonSubscription,
    onNext: (_context, _request, result) => ('hasNext' in result ? result : formatResult(result, formatError)),
  });
  return {
    handles(request: IncomingMessage, url: URL): boolean {
      if (url.pathname !== '/graphql') return false;
      return (
        (request.headers.accept ?? '').includes('text/event-stream') ||
        request.method === 'PUT' ||
        request.method === 'DELETE' ||
        request.headers['x-graphql-event-stream-token'] !== undefined ||
        url.searchParams.has('token')
      );
    },
    async serve(request: IncomingMessage, response: ServerResponse, body: string, context: Context): Promise<void> {
      open.add(response);
      response.once('close', () => open.delete(response));
      const [result, init] = await handler({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: {
          get(key: string) {
            const header = request.headers[key];
            return Array.isArray(header) ? header.join('\n') : header;
          },
        },
        body,
        raw: request,
        context: { context },
      });
      response.writeHead(init.status, init.statusText, init.headers);
      if (!result || typeof result === 'string') {
        response.end(result);
        return;
      }
      response.once('close', () => void result.return(undefined));
      for await (const value of result) {
        if (!response.writable) break;
        const drained = await new Promise<boolean>((resolve) => response.write(value, (error) => resolve(!error)));
        if (!drained) break;
      }
      response.end();
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

/** The SSE route of the change delivery. */
export type SseRoute = ReturnType<typeof createSseRoute>;
