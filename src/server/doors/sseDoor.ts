import type { SseTransport } from '../../delivery/subscriptions/sse/SseTransport';
import type { Door } from '../admission/Door';

/**
 * `/graphql` over Server-Sent Events (graphql-sse, both modes): an `Accept: text/event-stream` request, a `PUT`
 * reservation, a `DELETE`, or a request carrying a stream token. A `graphql` door: the body bound, the
 * parameters read and the fragment guard by the admission; the transport applies the document guards and the
 * subscription quota to each operation.
 */
export function sseDoor(transport: SseTransport): Door {
  return {
    name: 'graphql-sse',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    path: '/graphql (Accept: text/event-stream, or an event stream token)',
    claims: (request, url) => transport.handles(request, url),
    admission: { kind: 'graphql' },
    examples: [
      { method: 'POST', path: '/graphql', headers: { accept: 'text/event-stream', 'content-type': 'application/json' } },
      { method: 'PUT', path: '/graphql' },
      { method: 'POST', path: '/graphql', headers: { 'x-graphql-event-stream-token': 'no-such-token', 'content-type': 'application/json' } },
      { method: 'DELETE', path: '/graphql?operationId=x', headers: { 'x-graphql-event-stream-token': 'no-such-token' } },
    ],
    serve: (admitted) =>
      transport.serve({
        request: admitted.request,
        response: admitted.response,
        url: admitted.url,
        clientAddress: admitted.clientAddress,
        params: admitted.graphql,
        context: (changes) => admitted.context({ changes }),
      }),
  };
}
