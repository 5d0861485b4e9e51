import type { GraphQLFormattedError } from 'graphql';

/** The distinct `extensions.code`s of an answer's errors (`INTERNAL_SERVER_ERROR` for an uncoded one). */
export function errorCodesOf(errors: readonly Pick<GraphQLFormattedError, 'extensions'>[] | undefined): string[] {
  return [...new Set((errors ?? []).map((error) => String(error.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR')))];
}
