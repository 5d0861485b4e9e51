import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import type { Logger } from '../../core/logger';
import type { SubgraphMetrics } from '../../observability/metrics/subgraphMetrics';
import { errorCodesOf } from './errorCodes';

/**
 * One structured log line per GraphQL operation — its name, duration, upstream request count (and the
 * estimate it was admitted with) and error codes — and the operation metrics.
 */
export function operationLogPlugin(
  logger: Logger,
  metrics?: SubgraphMetrics,
  estimateOf: (context: Context) => number | null = () => null,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, errors }) {
          const durationMs = Math.round((performance.now() - started) * 10) / 10;
          const errorCodes = errorCodesOf(errors);
          metrics?.operations.inc({ outcome: errorCodes.length > 0 ? 'errors' : 'ok' });
          metrics?.operationDuration.observe(durationMs / 1000);
          logger.info('operation', {
            operationName: operationName ?? null,
            durationMs,
            upstreamRequests: contextValue.upstreamRequests?.length ?? 0,
            estimatedUpstreamRequests: estimateOf(contextValue),
            ...(errorCodes.length > 0 ? { errorCodes } : {}),
          });
        },
      };
    },
  };
}
