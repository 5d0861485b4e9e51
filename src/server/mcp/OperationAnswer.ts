import type { GraphQLFormattedError } from 'graphql';

/** One GraphQL operation's answer as a client reads it: data, formatted errors (public codes only), extensions. */
export interface OperationAnswer {
  data: Readonly<Record<string, unknown>> | null;
  errors: readonly GraphQLFormattedError[];
  extensions: Readonly<Record<string, unknown>>;
}

/**
 * Runs one GraphQL operation through the server's own execution (Apollo Server and its plugins: the document
 * guards, the budget, the deadline), in a new context of the request being served.
 */
export type RunOperation = (query: string, variables: Readonly<Record<string, unknown>>) => Promise<OperationAnswer>;
