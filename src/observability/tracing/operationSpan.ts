import type { IncomingHttpHeaders } from 'node:http';
import { propagation, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { withSpan } from './withSpan';

/**
 * Runs one GraphQL request in its operation span, whose parent is the caller's W3C trace context
 * (`traceparent` from a router) when it sent one. The operation plugin names the span and adds the
 * operation's attributes; upstream requests made meanwhile become its children.
 */
export function inOperationSpan<T>(headers: IncomingHttpHeaders, requestId: string, work: () => Promise<T>): Promise<T> {
  return withSpan('graphql.operation', () => work(), {
    kind: SpanKind.SERVER,
    parent: propagation.extract(ROOT_CONTEXT, headers),
    attributes: { 'geopf.request_id': requestId },
  });
}
