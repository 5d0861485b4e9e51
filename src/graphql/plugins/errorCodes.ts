import type { GraphQLFormattedError } from 'graphql';

/** The distinct `extensions.code`s of an answer's errors (`INTERNAL_SERVER_ERROR` for an uncoded one). */
export function errorCodesOf(errors: readonly Pick<GraphQLFormattedError, 'extensions'>[] | undefined): string[] {
  return [...new Set((errors ?? []).map((error) => codeOf(error.extensions?.['code'])))];
}

// Private: an error's code as text; an uncoded error (or a code that is not text) counts as internal.
function codeOf(code: unknown): string {
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
