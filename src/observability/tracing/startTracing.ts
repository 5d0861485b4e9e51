import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { packageVersion } from '../../core/userAgent';
import { TRACER_NAME } from './tracer';

/** Tracing as started; `shutdown` exports the spans still buffered. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * When `config.tracing` is on: registers the process's tracer provider (W3C trace context, async-local
 * context, parent-based sampling: a router's sampled flag is followed) exporting in batches over OTLP/HTTP
 * (protobuf). The exporter reads its standard `OTEL_EXPORTER_OTLP_*` variables (endpoint, headers, timeout,
 * compression), the resource `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`. Returns null when tracing is
 * off. Nothing instruments `fetch`: upstream requests carry no trace headers.
 */
export function startTracing(config: { tracing: boolean }): Tracing | null {
  if (!config.tracing) return null;
  const resource = resourceFromAttributes({ 'service.name': TRACER_NAME, 'service.version': packageVersion() }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
