import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Context } from '../../graphql/context';
import { MAX_DOCUMENT_TOKENS, type OperationGuards } from '../../graphql/limits/OperationGuards';
import type { Logger } from '../../core/logger';
import { runWithLogFields } from '../../core/logContext';
import { inOperationSpan } from '../../observability/tracing/operationSpan';
import type { InFlightOperations } from '../http/InFlightOperations';
import { REQUEST_ID_HEADER, requestIdOf } from '../http/requestId';
import { refusedWithoutRouterSecret, upgradeRefusedWithoutRouterSecret } from '../http/routerSecret';
import { clientAddress } from './clientAddress';
import type { AdmittedRequest, ContextExtras, Door, DoorInfo, GraphQLRequestParams, UpgradeDoor } from './Door';
import { graphqlParams } from './graphqlParams';
import { MAX_BODY_BYTES } from '../../core/requestBounds';
import { readRequestBody } from './readRequestBody';
import { rawRefusal } from './rawRefusal';
import { refusalOf, writeRefusal, type Refusal } from './refusals';

export interface AdmissionOptions {
  /** The HTTP doors, asked in order: the first that claims a request serves it. */
  doors: readonly Door[];
  /** The doors taking upgrades (WebSocket). */
  upgradeDoors: readonly UpgradeDoor[];
  /** The process's document guards (the same the GraphQL door's plugin applies). */
  guards: OperationGuards;
  schema: GraphQLSchema;
  /** Operations in flight: a stopping server refuses new ones and cuts the running ones' deadlines. */
  operations: InFlightOperations;
  /** A context for one operation of `request`, bound to `stop` (the server's shutdown). */
  contextFor(request: IncomingMessage, stop: AbortSignal | undefined, extras?: ContextExtras): Context;
  logger: Logger;
  /** Told of every refusal the admission writes (for metrics). */
  onRefusal?(door: string, code: string): void;
  /** True for a socket refused when it connected (its client over its cap): nothing on it is served. */
  refusedSocket?: (socket: Socket) => boolean;
  /** Largest body, in bytes (default `MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
  /**
   * `GEOPF_ROUTER_SECRET`: when set, every GraphQL door (and anything at `/graphql`) and every upgrade answers 401
   * without it in `Router-Authorization`, before its body is read; health, metrics and manifests stay open.
   */
  routerSecret?: string | null;
}

/** The server's single way in: `onRequest` and `onUpgrade` are its only listeners; `doors` lists what they serve. */
export interface Admission {
  readonly doors: readonly DoorInfo[];
  onRequest(this: void, request: IncomingMessage, response: ServerResponse): void;
  onUpgrade(this: void, request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * One admission path for every door. For each request: the request id (echoed in `x-request-id`, on every
 * log line), the door that claims it (404 otherwise), the body read within `maxBodyBytes` (413), then what the
 * door's kind asks (see `DoorAdmission`): GraphQL parameters and the fragment guard, the equivalent operation
 * measured against the budget, the operation tracked (503 while stopping) in its trace span. Whatever a door
 * throws with a public code is answered as a typed JSON refusal naming the parameter; anything else is logged
 * and answered 500 without its message.
 */
export function createAdmission(options: AdmissionOptions): Admission {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const equivalents = new Map<string, DocumentNode>();
  const refuse = (door: Door, response: ServerResponse, refusal: Refusal): void => {
    options.onRefusal?.(door.name, refusal.code);
    (door.writeRefusal ?? writeRefusal)(response, refusal);
  };

  async function admit(door: Door, request: IncomingMessage, response: ServerResponse, url: URL, requestId: string): Promise<void> {
    const tracked = door.admission.kind !== 'local';
    if (tracked && options.operations.closed) {
      request.resume();
      return refuse(door, response, shuttingDown());
    }
    const read = await readRequestBody(request, maxBodyBytes);
    if (read.kind === 'tooLarge') {
      return refuse(door, response, { status: 413, code: 'BAD_REQUEST', message: `Request body larger than ${maxBodyBytes} bytes.`, close: read.close });
    }
    let json: unknown = undefined;
    let graphql: GraphQLRequestParams | null = null;
    if (door.admission.kind === 'graphql') {
      json = bodyValue(read.body, request);
      if (json === INVALID_JSON)
        return refuse(door, response, {
          status: 400,
          code: 'BAD_REQUEST',
          message: 'The request body is not valid JSON.',
          extensions: { parameter: 'body' },
        });
      graphql = graphqlParams(json, url);
      const problem = graphql ? options.guards.sourceProblem(graphql.query) : null;
      if (problem) throw problem;
    }
    const run = async (stop: AbortSignal | undefined): Promise<void> => {
      const admitted: AdmittedRequest = {
        request,
        response,
        url,
        requestId,
        clientAddress: clientAddress(request),
        body: read.body,
        json,
        graphql,
        context: (extras) => options.contextFor(request, stop, extras),
      };
      if (door.admission.kind === 'upstream') {
        const equivalent = door.admission.equivalent(admitted);
        options.guards.check(options.schema, documentOf(equivalent.query), equivalent.operationName, equivalent.variables);
      }
      return door.serve(admitted);
    };
    if (!tracked) return run(undefined);
    await options.operations.track((stop) => inOperationSpan(request.headers, requestId, () => run(stop)));
  }

  // Private: the door's equivalent operation, parsed once per text.
  function documentOf(query: string): DocumentNode {
    let document = equivalents.get(query);
    if (!document) {
      document = parse(query, { maxTokens: MAX_DOCUMENT_TOKENS });
      equivalents.set(query, document);
    }
    return document;
  }

  return {
    doors: [
      ...options.doors.map((door) => ({
        name: door.name,
        methods: door.methods,
        path: door.path,
        admission: door.admission.kind,
        upgrade: false,
        examples: door.examples,
      })),
      ...options.upgradeDoors.map((door) => ({
        name: door.name,
        methods: ['GET'],
        path: door.path,
        admission: door.admission.kind,
        upgrade: true,
        examples: door.examples,
      })),
    ],
    onRequest(request, response) {
      if (options.refusedSocket?.(request.socket)) {
        request.socket.destroy();
        return;
      }
      const requestId = requestIdOf(request.headers);
      response.setHeader(REQUEST_ID_HEADER, requestId);
      const url = requestUrl(request);
      const method = request.method ?? 'GET';
      const door = url ? options.doors.find((candidate) => candidate.methods.includes(method) && candidate.claims(request, url)) : undefined;
      if (!url || !door) {
        request.resume();
        notFound(response);
        return;
      }
      const routerOnly = door.admission.kind === 'graphql' || url.pathname === '/graphql';
      if (routerOnly && refusedWithoutRouterSecret(request, response, options.routerSecret ?? null)) {
        options.onRefusal?.(door.name, 'UNAUTHENTICATED');
        return;
      }
      void runWithLogFields({ requestId }, () =>
        admit(door, request, response, url, requestId).catch((error: unknown) => {
          const refusal = refusalOf(error);
          if (refusal) return refuse(door, response, refusal);
          options.logger.error('request failed', { door: door.name, error: error instanceof Error ? error.message : String(error) });
          if (response.headersSent) response.end();
          else (door.writeRefusal ?? writeRefusal)(response, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' });
        }),
      );
    },
    onUpgrade(request, socket, head) {
      if (options.refusedSocket?.(request.socket)) {
        socket.destroy();
        return;
      }
      const url = requestUrl(request);
      const door = url ? options.upgradeDoors.find((candidate) => candidate.claims(request, url)) : undefined;
      if (!url || !door) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (upgradeRefusedWithoutRouterSecret(request, socket, options.routerSecret ?? null)) {
        options.onRefusal?.(door.name, 'UNAUTHENTICATED');
        return;
      }
      if (options.operations.closed) {
        options.onRefusal?.(door.name, 'SHUTTING_DOWN');
        socket.end(rawRefusal(503, shuttingDown()));
        return;
      }
      const requestId = requestIdOf(request.headers);
      door.upgrade({
        request,
        socket,
        head,
        url,
        requestId,
        clientAddress: clientAddress(request),
        context: (extras) => options.contextFor(request, undefined, extras),
      });
    },
  };
}

const INVALID_JSON = Symbol('invalid JSON');

// Private: JSON bodies parsed, others passed as text (Apollo answers them); undefined without a body.
function bodyValue(body: Buffer, request: IncomingMessage): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (!(request.headers['content-type'] ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

function shuttingDown(): Refusal {
  return { status: 503, code: 'SHUTTING_DOWN', message: 'This server is shutting down; send the operation again (to another replica).', close: true };
}

function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function notFound(response: ServerResponse): void {
  response.statusCode = 404;
  response.setHeader('content-type', 'text/plain; charset=utf-8');
  response.end('Not found. GraphQL is served at /graphql.\n');
}
