import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsRegistry } from '../../observability/metrics/Metrics';

/** `GET /metrics`: the registry in the Prometheus text format. */
export function createMetricsHandler(registry: MetricsRegistry) {
  return {
    handles: (request: IncomingMessage) => request.method === 'GET' && /^\/metrics(\?|$)/.test(request.url ?? ''),
    async serve(_request: IncomingMessage, response: ServerResponse): Promise<void> {
      const text = await registry.expose();
      response.statusCode = 200;
      response.setHeader('content-type', registry.contentType);
      response.setHeader('cache-control', 'no-store');
      response.end(text);
    },
  };
}
