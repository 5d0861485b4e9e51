import { context as otelContext, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { tracer } from './tracer';

export interface SpanOptions {
  /** Default `INTERNAL`; `SERVER` for work a caller asked for over the network. */
  kind?: SpanKind;
  attributes?: Attributes;
  /** Default: the active context, so the span nests under whatever span is running (an operation, a job). */
  parent?: Context;
}

/**
 * Runs `work` in a new span, the active one while `work` runs (spans it starts nest under it); a throw is
 * recorded on the span (status ERROR) and rethrown. For sync and delivery work:
 * `await withSpan('sync.edition', (span) => …, { attributes: { 'geopf.resource': name } })`.
 */
export async function withSpan<T>(name: string, work: (span: Span) => Promise<T>, options: SpanOptions = {}): Promise<T> {
  const parent = options.parent ?? otelContext.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  try {
    return await otelContext.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
