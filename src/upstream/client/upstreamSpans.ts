import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { UpstreamAnswerRecord, UpstreamCacheHitRecord } from './GeopfClient';
import { tracer } from '../../observability/tracing/tracer';

/**
 * One upstream request as a CLIENT span under the active span (the operation that asked for it), recorded
 * when it ends: from joining the gate's queue (`geopf.gate.wait_ms` spent there, then a `sent` event) to the
 * answer. `endTime` is the wall-clock time of the answer (ms since the epoch).
 */
export function recordUpstreamRequestSpan(answer: UpstreamAnswerRecord, endTime = Date.now()): void {
  const sent = endTime - answer.durationMs;
  const status = Number(answer.status);
  const attributes: Attributes = {
    ...pageAttributes(answer),
    'http.request.resend_count': answer.attempt - 1,
    'geopf.upstream.attempt': answer.attempt,
    'geopf.gate.wait_ms': Math.round(answer.gateWaitMs * 10) / 10,
    ...(Number.isInteger(status) ? { 'http.response.status_code': status } : { 'error.type': answer.status }),
    ...(answer.bytes === undefined ? {} : { 'http.response.body.size': answer.bytes }),
    ...(answer.call === 'download' ? {} : { 'geopf.cache': status === 304 ? 'revalidated' : 'miss' }),
  };
  const span = tracer().startSpan(`GET ${answer.call}`, { kind: SpanKind.CLIENT, startTime: sent - answer.gateWaitMs, attributes });
  span.addEvent('sent', {}, sent);
  if (!Number.isInteger(status) || status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `upstream ${answer.status}` });
  span.end(endTime);
}

/**
 * A page served from a cache, with no request: a span of no duration, so a trace shows why nothing was sent.
 * Its attributes are built only when the span records (tracing on and sampled): a cache hit is the warm path.
 */
export function recordCacheHitSpan(hit: UpstreamCacheHitRecord): void {
  const span = tracer().startSpan(`GET ${hit.call}`, { kind: SpanKind.CLIENT });
  if (span.isRecording()) span.setAttributes({ ...pageAttributes(hit), 'geopf.cache': 'hit', 'geopf.cache.source': hit.cache });
  span.end();
}

// Private: what names the page: the call and the listing URL relative to the upstream's base.
function pageAttributes(record: { call: string; path: string }): Attributes {
  const [path = '', query] = record.path.split('?', 2);
  return { 'http.request.method': 'GET', 'geopf.upstream.call': record.call, 'url.path': path, ...(query ? { 'url.query': query } : {}) };
}
