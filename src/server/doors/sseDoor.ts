import type { SseRoute } from '../../delivery/subscriptions/createSseRoute';
import type { ChangeServices } from '../../graphql/context';
import type { Door } from '../admission/Door';

/**
 * `/graphql` over Server-Sent Events (graphql-sse, both modes): an `Accept: text/event-stream` request, a `PUT`
 * reservation, a `DELETE`, or a request carrying a stream token. A `graphql` door: the body bound, the
 * parameters read and the fragment guard by the admission; the transport applies the rest of the document guards.
 */
export function sseDoor(route: SseRoute, services: ChangeServices): Door {
  return {
    name: 'graphql-sse',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    path: '/graphql (Accept: text/event-stream, or an event stream token)',
    claims: (request, url) => route.handles(request, url),
    admission: { kind: 'graphql' },
    examples: [
      { method: 'POST', path: '/graphql', headers: { accept: 'text/event-stream', 'content-type': 'application/json' } },
      { method: 'PUT', path: '/graphql' },
    ],
    serve: (admitted) => route.serve(admitted.request, admitted.response, admitted.body.toString('utf8'), admitted.context({ changes: services })),
  };
}
