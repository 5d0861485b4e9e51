import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The MCP SDK's own client, connected to `/mcp` of a server on loopback over Streamable HTTP. */
export async function connectMcp(port: number, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'geopf-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers } }));
  return client;
}

/** A tool error's details (the JSON block of its content), or a description of what came instead. */
export function toolErrorOf(result: CallToolResult | Record<string, unknown>): Record<string, unknown> | string {
  const content = (result as CallToolResult).content;
  if (!(result as CallToolResult).isError) return `not an error: ${JSON.stringify(result).slice(0, 300)}`;
  const json = content.find((block) => block.type === 'text' && block.text.startsWith('{'));
  if (!json || json.type !== 'text') return `no JSON error in ${JSON.stringify(content).slice(0, 300)}`;
  return (JSON.parse(json.text) as { error: Record<string, unknown> }).error;
}
