import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { inOperationSpan } from '../../../src/observability/tracing/operationSpan';
import { tracingRegistered } from '../../../src/observability/tracing/tracer';

describe('tracingRegistered() and the operation span', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
  });

  it('is false with no provider: the operation runs as it is, with no active span', async () => {
    expect(tracingRegistered()).toBe(false);
    const active = await inOperationSpan({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, 'r1', async () => trace.getActiveSpan());
    expect(active).toBeUndefined();
  });

  it('is true once a provider is registered: the operation runs in its recorded span', async () => {
    const exporter = new InMemorySpanExporter();
    new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
    expect(tracingRegistered()).toBe(true);
    const recording = await inOperationSpan({}, 'r2', async () => trace.getActiveSpan()?.isRecording());
    expect(recording).toBe(true);
    expect(exporter.getFinishedSpans().map((span) => [span.name, span.attributes['geopf.request_id']])).toEqual([['graphql.operation', 'r2']]);
  });
});
