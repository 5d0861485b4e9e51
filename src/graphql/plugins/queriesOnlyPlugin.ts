import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode } from 'graphql';
import type { Context } from '../context';

/** What the guard lets through besides queries. */
export interface QueriesOnlyExceptions {
  /** Mutation root fields allowed (e.g. `createWatch`); a mutation selecting any other field is refused. */
  mutations?: readonly string[];
  /**
   * Subscriptions carried by the federation HTTP callback protocol (a router's request with
   * `extensions.subscription`); the subscription callback plugin answers them. Other subscriptions over plain
   * HTTP stay refused: clients subscribe over SSE or WebSocket, which do not go through Apollo's HTTP path.
   */
  callbackSubscriptions?: boolean;
}

/**
 * This subgraph's HTTP path serves queries: a mutation or subscription is refused before execution with a
 * coded error (graphql-js would otherwise fail it during execution with an uncoded one, masked as internal),
 * except the mutation fields and callback subscriptions named in `exceptions`.
 */
export function queriesOnlyPlugin(exceptions: QueriesOnlyExceptions = {}): ApolloServerPlugin<Context> {
  const mutations = new Set(exceptions.mutations ?? []);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation || operation.operation === OperationTypeNode.QUERY) return;
          if (operation.operation === OperationTypeNode.SUBSCRIPTION && exceptions.callbackSubscriptions && request.extensions?.['subscription']) return;
          if (operation.operation === OperationTypeNode.MUTATION && mutations.size > 0) {
            const fields = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : null));
            if (fields.every((field) => field !== null && mutations.has(field))) return;
          }
          if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new GraphQLError(
              'Subscriptions are served over Server-Sent Events (graphql-sse) and WebSocket (graphql-ws) at /graphql, and to a router over HTTP callbacks; not over plain HTTP.',
              {
                extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
              },
            );
          }
          throw new GraphQLError(
            `This subgraph serves queries only${mutations.size > 0 ? ` (and the mutations ${[...mutations].join(', ')})` : ''}; got a ${operation.operation}.`,
            {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            },
          );
        },
      };
    },
  };
}
