import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context } from '../context';
import { errorCodesOf } from './errorCodes';

/**
 * Names the operation's span (`query Name`, started around the request by `inOperationSpan`) and adds what
 * explains its time: operation name and type, the upstream requests estimated before it ran and made, and
 * its outcome (`ok`, or the error codes, span status ERROR).
 */
export function operationTracePlugin(estimateOf: (context: Context) => number | null = () => null): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return {};
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? 'query';
          span.updateName(operationName ? `${type} ${operationName}` : type);
          span.setAttributes({ 'graphql.operation.type': type, ...(operationName ? { 'graphql.operation.name': operationName } : {}) });
        },
        async willSendResponse({ contextValue, errors }) {
          const errorCodes = errorCodesOf(errors);
          const estimate = estimateOf(contextValue);
          span.setAttributes({
            'geopf.outcome': errorCodes.length > 0 ? 'errors' : 'ok',
            'geopf.upstream_requests': contextValue.upstreamRequests?.length ?? 0,
            ...(estimate === null ? {} : { 'geopf.cost.estimated_upstream_requests': estimate }),
            ...(errorCodes.length > 0 ? { 'geopf.error_codes': errorCodes } : {}),
          });
          if (errorCodes.length > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: errorCodes.join(', ') });
        },
      };
    },
  };
}
