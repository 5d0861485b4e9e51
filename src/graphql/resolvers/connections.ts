import type { ConnectionModel } from '../models/ConnectionModel';

/** Resolvers shared by every `*Connection` type: each field asks the connection for just what it needs. */
export function connectionResolvers<N>() {
  return {
    edges: (connection: ConnectionModel<N>) => connection.edges(),
    nodes: async (connection: ConnectionModel<N>) => (await connection.edges()).map((edge) => edge.node),
    pageInfo: (connection: ConnectionModel<N>) => connection.pageInfo(),
    totalCount: (connection: ConnectionModel<N>) => connection.totalCount(),
  };
}
