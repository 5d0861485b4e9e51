import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';

/**
 * This subgraph has only queries: a mutation or subscription is refused before execution with a coded
 * error (graphql-js would otherwise fail it during execution with an uncoded one, masked as internal).
 */
export function queriesOnlyPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation && operation.operation !== 'query') {
            throw new GraphQLError(`This subgraph serves queries only; got a ${operation.operation}.`, {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
