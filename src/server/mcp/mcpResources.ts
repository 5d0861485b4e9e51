import { ErrorCode as RpcErrorCode, McpError, type ReadResourceResult, type ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import type { RunOperation } from './OperationAnswer';
import { notFound, withProductCandidates } from './productCandidates';
import { TOOL_OPERATIONS } from './toolOperations';
import { dataOf, ToolFailure } from './ToolFailure';

/** The resource templates of `/mcp`: a product and an edition, as JSON. */
export const MCP_RESOURCE_TEMPLATES: readonly ResourceTemplate[] = [
  {
    uriTemplate: 'geopf://product/{name}',
    name: 'product',
    title: 'A product of the download service',
    description: 'Its title, description, licence (null: the upstream states none), zones and latest edition.',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'geopf://edition/{product}/{name}',
    name: 'edition',
    title: 'An edition of a product',
    description: "Its title, date, zone, format and CRS, its product's title and description, licence (null: the upstream states none).",
    mimeType: 'application/json',
  },
];

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * Reads `geopf://product/{name}` or `geopf://edition/{product}/{name}` through the same GraphQL operations as the
 * tools. A URI of neither form is InvalidParams; an unknown product or edition is MCP's "resource not found" with
 * the GraphQL code and candidates in its `data`; any other GraphQL error, InvalidParams with its code.
 */
export async function readMcpResource(uri: string, run: RunOperation): Promise<ReadResourceResult> {
  const segments = uriSegments(uri);
  try {
    let body: unknown;
    if (segments?.kind === 'product' && segments.names.length === 1) {
      const [name] = segments.names as [string];
      const product = dataOf(await run(TOOL_OPERATIONS.Product, { name }))['resource'];
      if (!product) throw await withProductCandidates(notFound('product', `No product named "${name}".`), name, run);
      body = { ...product, licence: null };
    } else if (segments?.kind === 'edition' && segments.names.length === 2) {
      const [product, name] = segments.names as [string, string];
      const edition = dataOf(await run(TOOL_OPERATIONS.Edition, { product, name }))['subResource'];
      if (!edition) throw await withProductCandidates(notFound('edition', `No edition "${name}" of "${product}".`), product, run);
      body = { ...edition, licence: null };
    } else {
      throw new McpError(
        RpcErrorCode.InvalidParams,
        `uri: expected geopf://product/{name} or geopf://edition/{product}/{name}, got ${JSON.stringify(uri.slice(0, 300))}`,
      );
    }
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(body) }] };
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    const code = error.details.code === 'UPSTREAM_NOT_FOUND' ? RESOURCE_NOT_FOUND : RpcErrorCode.InvalidParams;
    throw new McpError(code, error.message, error.details);
  }
}

// Private: the kind and percent-decoded names of a geopf:// URI; null for another scheme or a malformed escape.
function uriSegments(uri: string): { kind: string; names: string[] } | null {
  const match = /^geopf:\/\/(product|edition)\/(.+)$/.exec(uri);
  if (!match) return null;
  try {
    return { kind: match[1] as string, names: (match[2] as string).split('/').map((segment) => decodeURIComponent(segment)) };
  } catch {
    return null;
  }
}
