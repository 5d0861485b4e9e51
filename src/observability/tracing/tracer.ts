import { trace, type Tracer } from '@opentelemetry/api';

/** The instrumentation scope of every span this subgraph makes, and its default `service.name`. */
export const TRACER_NAME = 'geopf-download-subgraph';

/**
 * The subgraph's tracer, through the global OpenTelemetry API: a no-op until `startTracing` (or a test)
 * registers a provider, so spans cost nothing when tracing is off.
 */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}
