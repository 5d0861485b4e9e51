import { createHash } from 'node:crypto';
import { TOOL_OPERATIONS } from './toolOperations';

/** One operation of an Apollo persisted-query manifest. */
export interface PersistedOperation {
  /** The SHA-256 of `body`, hex: the id Apollo's tools give a persisted query. */
  id: string;
  name: string;
  type: 'query';
  body: string;
}

/** Apollo's persisted-query manifest format (`apollo-persisted-query-manifest`, version 1). */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

/**
 * The operations behind the MCP tools and resources as an Apollo persisted-query manifest, in name order: what
 * `schema/published/mcp-operations.json` holds, for Apollo's MCP server in front of the supergraph.
 */
export function persistedQueryManifest(): PersistedQueryManifest {
  const operations = Object.entries(TOOL_OPERATIONS)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, body]) => ({ id: createHash('sha256').update(body).digest('hex'), name, type: 'query' as const, body }));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}
