import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, PUBLIC_ERROR_CODES } from '../core/errors';
import type { Logger } from '../core/logger';

/**
 * Apollo's `formatError`: errors carrying one of our public codes pass as they are (minus any stack);
 * anything else becomes a generic `INTERNAL_SERVER_ERROR` and its cause is logged, never shown. A cause
 * repeated within one answer (Apollo formats an answer's errors in one go) is logged once, then once more
 * with how many times it repeated: one bad request cannot write thousands of log lines.
 */
export function createFormatError(logger: Logger) {
  const repeats = repeatCounter(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const cause = unwrapResolverError(error);
    const described = cause instanceof Error ? { name: cause.name, message: cause.message, stack: cause.stack } : String(cause);
    if (repeats.firstTime(JSON.stringify(described), described)) logger.error('unexpected error', { error: described, path: formatted.path });
    return {
      message: 'Unexpected error.',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

// Private: counts the causes seen within one turn of the event loop (one answer's errors); after it, logs
// those seen more than once with their count.
function repeatCounter(logger: Logger) {
  let seen: Map<string, { error: unknown; count: number }> | null = null;
  const flush = () => {
    for (const { error, count } of seen?.values() ?? []) {
      if (count > 1) logger.error('unexpected error repeated', { error, repeated: count - 1 });
    }
    seen = null;
  };
  return {
    firstTime(key: string, error: unknown): boolean {
      if (!seen) {
        seen = new Map();
        setImmediate(flush);
      }
      const known = seen.get(key);
      if (known) known.count += 1;
      else seen.set(key, { error, count: 1 });
      return !known;
    },
  };
}
