import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Door, DoorExample } from '../admission/Door';

/** A handler answering from the process itself. */
export interface LocalHandler {
  handles(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** A `local` door around a handler (health, metrics, GraphiQL, the change feed): the body bound and typed refusals. */
export function localDoor(name: string, methods: readonly string[], path: string, handler: LocalHandler, examples: readonly DoorExample[]): Door {
  return {
    name,
    methods,
    path,
    claims: (request) => handler.handles(request),
    admission: { kind: 'local' },
    examples,
    serve: (admitted) => handler.serve(admitted.request, admitted.response),
  };
}
