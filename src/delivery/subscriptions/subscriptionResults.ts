import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../core/errors';

/** The server's `formatError` (public codes pass, anything else is masked and logged). */
export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * The SSE and WebSocket transports carry subscriptions only: queries and mutations go through POST /graphql,
 * where the operation limits and the query-only guard apply. This stands in for `execute` on those transports.
 */
export function refuseNonSubscription(): ExecutionResult {
  return {
    errors: [
      new GraphQLError('Only subscriptions are served over Server-Sent Events and WebSocket; send queries and mutations with POST /graphql.', {
        extensions: { code: 'BAD_REQUEST' },
      }),
    ],
  };
}

/** `result` with its errors formatted as Apollo formats them on the HTTP path. */
export function formatResult(result: ExecutionResult, formatError: FormatError): ExecutionResult {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error) as unknown as GraphQLError) };
}

/**
 * `result` with a code on the errors graphql-js returns for the request itself before a stream opens (a
 * variable missing or of the wrong type: no path, no original error), which it leaves uncoded: `BAD_USER_INPUT`,
 * as Apollo codes them on the HTTP path. Errors of resolvers keep theirs (or are masked as internal).
 */
export function codeRequestErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  return {
    ...result,
    errors: result.errors.map((error) =>
      error.extensions['code'] !== undefined || error.originalError || error.path ?
        error
      : new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT } }),
    ),
  };
}
