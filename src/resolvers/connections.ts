import type { ConnectionModel } from '../connections/ConnectionModel';

/** Resolvers shared by every `*Connection` type: each field reads the one lazily loaded window. */
export function connectionResolvers<N>() {
  return {
    edges: async (connection: ConnectionModel<N>) => (await connection.load()).edges,
    nodes: async (connection: ConnectionModel<N>) => (await connection.load()).edges.map((edge) => edge.node),
    pageInfo: async (connection: ConnectionModel<N>) => (await connection.load()).pageInfo,
    totalCount: async (connection: ConnectionModel<N>) => (await connection.load()).totalCount,
  };
}
