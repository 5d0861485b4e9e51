import { GraphQLError } from 'graphql';
import type { ConnectionModel, EdgeModel } from '../models/ConnectionModel';

/**
 * Resolvers shared by every `*Connection` type: each field asks the connection for just what it needs. A node
 * that is a refused entry's error is answered as a rejected item (null, its error at its index).
 */
export function connectionResolvers<N>() {
  return {
    edges: (connection: ConnectionModel<N>) => connection.edges(),
    nodes: async (connection: ConnectionModel<N>) => (await connection.edges()).map(nodeOf),
    pageInfo: (connection: ConnectionModel<N>) => connection.pageInfo(),
    totalCount: (connection: ConnectionModel<N>) => connection.totalCount(),
  };
}

/** Resolvers shared by every `*Edge` type over an upstream listing: the node, or its refused entry's error. */
export function edgeResolvers<N>() {
  return { node: (edge: EdgeModel<N>) => nodeOf(edge) };
}

// Private: the item, or its error as a rejected value: graphql-js answers it on that field (or list index) alone.
function nodeOf<N>(edge: EdgeModel<N>): N | Promise<N> {
  return edge.node instanceof GraphQLError ? Promise.reject(edge.node) : edge.node;
}
