import { ProxyTracerProvider, trace, type Tracer } from '@opentelemetry/api';

/** The instrumentation scope of every span this subgraph makes, and its default `service.name`. */
export const TRACER_NAME = 'geopf-download-subgraph';

/**
 * The subgraph's tracer, through the global OpenTelemetry API: a no-op until `startTracing` (or a test)
 * registers a provider, so spans cost nothing when tracing is off.
 */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Whether a tracer provider is registered (by `startTracing` or a test). When none is, every span is a no-op that
 * records nothing, and a caller on a hot path may skip making one.
 */
export function tracingRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(TRACER_NAME) !== undefined;
}
