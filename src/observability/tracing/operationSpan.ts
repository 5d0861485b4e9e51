import type { IncomingHttpHeaders } from 'node:http';
import { propagation, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { tracingRegistered } from './tracer';
import { withSpan } from './withSpan';

/**
 * Runs one GraphQL request in its operation span, whose parent is the caller's W3C trace context
 * (`traceparent` from a router) when it sent one. The operation plugin names the span and adds the
 * operation's attributes; upstream requests made meanwhile become its children. Tracing off (no provider
 * registered), `work` runs as it is: the span would record nothing.
 */
export function inOperationSpan<T>(headers: IncomingHttpHeaders, requestId: string, work: () => Promise<T>): Promise<T> {
  if (!tracingRegistered()) return work();
  return withSpan('graphql.operation', () => work(), {
    kind: SpanKind.SERVER,
    parent: propagation.extract(ROOT_CONTEXT, headers),
    attributes: { 'geopf.request_id': requestId },
  });
}
