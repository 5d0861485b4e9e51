import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ErrorCode } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { AdmittedRequest, Door } from '../admission/Door';
import { createMcpServer, type ToolCallListener } from '../mcp/createMcpServer';
import type { RunOperation } from '../mcp/OperationAnswer';

/** What the MCP door needs from the server. */
export interface McpDoorOptions {
  /** `MCP_TOKEN`: the bearer token `/mcp` asks for; null for none. */
  token: string | null;
  /** Runs a GraphQL operation for an admitted request, through the server's own execution. */
  runner(admitted: AdmittedRequest): RunOperation;
  logger: Logger;
  /** Told of every tool call (for metrics). */
  onToolCall?: ToolCallListener;
}

/**
 * `POST /mcp`: the Model Context Protocol's Streamable HTTP transport, stateless (a new SDK server and transport
 * per request, JSON answers), whose tools run GraphQL operations through Apollo with the same guards, budget and
 * deadline as `POST /graphql` (an `operations` door). `GET` and `DELETE /mcp` (a stream, a session: neither
 * exists without sessions) answer 405. With `MCP_TOKEN`, a request without `Authorization: Bearer <token>` is 401.
 */
export function mcpDoor(options: McpDoorOptions): Door {
  return {
    name: 'mcp',
    methods: ['GET', 'POST', 'DELETE'],
    path: '/mcp',
    claims: (_request, url) => url.pathname === '/mcp',
    admission: { kind: 'operations' },
    examples: [
      {
        method: 'POST',
        path: '/mcp',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'edition_files', arguments: { product: 'BDTOPO', edition: 'BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15' } },
        }),
      },
    ],
    async serve(admitted) {
      const { request, response } = admitted;
      if (!hasBearer(request.headers.authorization, options.token)) {
        response.setHeader('www-authenticate', 'Bearer');
        throw new GraphQLError('/mcp asks for a bearer token: the Authorization header is missing or wrong.', {
          extensions: { code: ErrorCode.UNAUTHENTICATED, parameter: 'authorization' },
        });
      }
      if (request.method !== 'POST')
        return rpcError(response, 405, -32000, 'Method not allowed: this MCP endpoint is stateless, send POST.', { allow: 'POST' });
      let message: unknown;
      try {
        message = JSON.parse(admitted.body.toString('utf8')) as unknown;
      } catch {
        return rpcError(response, 400, -32700, 'Parse error: the body is not JSON.');
      }
      const server = createMcpServer(options.runner(admitted), options.logger, options.onToolCall);
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const answer = await transport.handleRequest(
          new Request(`http://localhost${admitted.url.pathname}`, { method: 'POST', headers, body: new Uint8Array(admitted.body) }),
          {
            parsedBody: message,
          },
        );
        const body = Buffer.from(await answer.arrayBuffer());
        response.statusCode = answer.status;
        answer.headers.forEach((value, name) => response.setHeader(name, value));
        response.end(body);
      } finally {
        await server.close();
      }
    },
  };
}

// Private: true when no token is asked, or `Bearer <token>` is given (compared in constant time).
function hasBearer(authorization: string | undefined, token: string | null): boolean {
  if (token === null) return true;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(token));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

// Private: a JSON-RPC error answered outside the SDK (no request id is known).
function rpcError(response: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
