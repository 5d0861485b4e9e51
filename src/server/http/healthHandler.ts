import type { IncomingMessage, ServerResponse } from 'node:http';

/** Liveness and readiness, for orchestrators and load balancers. */
export interface HealthHandler {
  handles(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/**
 * `GET /health`: 200 while the process serves HTTP at all (live). `GET /ready`: 200 when it accepts
 * operations, 503 while starting or shutting down, so a router stops sending it traffic before it stops.
 * `/ready` also names what is degraded without stopping the live fields (`degraded()`, e.g. `{ catalogue:
 * "corrupt: …" }`): still 200, since most operations are still served, but said, for monitoring.
 */
export function createHealthHandler(isReady: () => boolean, degraded: () => Record<string, string> | null = () => null): HealthHandler {
  return {
    handles: (request) => request.method === 'GET' && /^\/(health|ready)(\?|$)/.test(request.url ?? ''),
    async serve(request, response) {
      const ready = isReady();
      const live = (request.url ?? '').startsWith('/health');
      response.statusCode = live || ready ? 200 : 503;
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.setHeader('cache-control', 'no-store');
      const faults = live ? null : degraded();
      response.end(
        JSON.stringify({
          status:
            live ? 'live'
            : ready ? 'ready'
            : 'not ready',
          ...(faults ? { degraded: faults } : {}),
        }),
      );
    },
  };
}
