import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Logger } from '../../core/logger';
import { packageVersion } from '../../core/userAgent';
import { MCP_RESOURCE_TEMPLATES, readMcpResource } from './mcpResources';
import { MCP_TOOLS } from './mcpTools';
import type { RunOperation } from './OperationAnswer';
import type { ToolDefinition } from './ToolDefinition';
import { badArguments, ToolFailure, type ToolErrorDetails } from './ToolFailure';

/** How `tools/list` lists a tool: its JSON Schemas (draft 7), read-only, open-world when it may read the upstream. */
export function toolListing(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, 'input') as Tool['inputSchema'],
    outputSchema: jsonSchema(tool.output, 'output') as NonNullable<Tool['outputSchema']>,
    annotations: { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: tool.readsUpstream },
  };
}

const LISTINGS: readonly Tool[] = MCP_TOOLS.map(toolListing);

/**
 * A new MCP server (the SDK's low-level `Server`) answering one request: the tools, each run as GraphQL operations
 * through `run`, and the resource templates. Every failure of a tool is a tool result with `isError: true` and
 * the GraphQL error (`toolError`), never a JSON-RPC error.
 */
export function createMcpServer(run: RunOperation, logger: Logger, onToolCall?: ToolCallListener): Server {
  const server = new Server(
    { name: 'geopf-download-subgraph', version: packageVersion() },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'The download catalogue of the IGN Géoplateforme: find products by words (find_products), then editions by place (editions_at, latest_edition), their files (edition_files) and a download script or Metalink (download_plan); changes_since follows the catalogue.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...LISTINGS] }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const result = await callTool(request.params.name, request.params.arguments, run, logger);
    onToolCall?.(MCP_TOOLS.some((tool) => tool.name === request.params.name) ? request.params.name : 'unknown', outcomeOf(result));
    return result;
  });
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [...MCP_RESOURCE_TEMPLATES] }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => readMcpResource(request.params.uri, run));
  return server;
}

/** Told of every tool call: the tool's name (`unknown` for a name that is none) and `ok` or the error code. */
export type ToolCallListener = (tool: string, outcome: string) => void;

// Private: `ok`, or the code of a tool error (its first text block is `CODE: message`).
function outcomeOf(result: CallToolResult): string {
  if (!result.isError) return 'ok';
  const [first] = result.content;
  return first?.type === 'text' ? (/^[A-Z_]+/.exec(first.text)?.[0] ?? 'INTERNAL_SERVER_ERROR') : 'INTERNAL_SERVER_ERROR';
}

/** Calls a tool by name: its result, or a tool error for unknown tools, refused arguments and failed operations. */
export async function callTool(name: string, args: unknown, run: RunOperation, logger: Logger): Promise<CallToolResult> {
  const tool = MCP_TOOLS.find((candidate) => candidate.name === name);
  if (!tool) {
    return toolError({
      code: 'BAD_USER_INPUT',
      message: `name: no tool ${JSON.stringify(name.slice(0, 100))}; tools: ${MCP_TOOLS.map((known) => known.name).join(', ')}`,
      parameter: 'name',
    });
  }
  try {
    const parsed = tool.input.safeParse(args ?? {}, { reportInput: true });
    if (!parsed.success) throw badArguments(parsed.error);
    const result = await tool.call(parsed.data, run);
    return { content: [{ type: 'text', text: result.summary }], structuredContent: result.structured as Record<string, unknown> };
  } catch (error) {
    if (error instanceof ToolFailure) return toolError(error.details);
    logger.error('MCP tool failed', { tool: name, error: error instanceof Error ? error.message : String(error) });
    return toolError({ code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' });
  }
}

/**
 * A tool error: `isError`, a line for people (`CODE: message`), then the error as JSON (`{"error":{"code",…}}`)
 * with its parameter, candidates and suggestions. No `structuredContent`: clients check it against the output schema.
 */
export function toolError(details: ToolErrorDetails): CallToolResult {
  return {
    isError: true,
    content: [
      { type: 'text', text: `${details.code}: ${details.message}` },
      { type: 'text', text: JSON.stringify({ error: details }) },
    ],
  };
}

// Private: a zod schema as a draft-7 JSON Schema without its `$schema` (MCP clients validate with draft 7).
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io }) as Record<string, unknown>;
  return rest;
}
