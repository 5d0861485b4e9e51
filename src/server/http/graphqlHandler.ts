import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Context } from '../../graphql/context';
import { ErrorCode } from '../../core/errors';
import { sourceFragmentProblem } from '../../graphql/limits/fragmentSpreads';
import type { InFlightOperations } from './InFlightOperations';
import { runWithLogFields } from '../../core/logContext';
import { inOperationSpan } from '../../observability/tracing/operationSpan';
import { REQUEST_ID_HEADER, requestIdOf } from './requestId';

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 1_000_000;
/**
 * Largest body read (and thrown away) to answer 413: a client that cannot read an answer before it has sent its
 * whole body (fetch, most HTTP libraries) sees a reset instead of the 413 when the server stops reading. Past
 * this, or when the declared length is over it, the 413 is sent at once and the connection closed.
 */
const MAX_DRAINED_BYTES = 32_000_000;

/**
 * Serves GraphQL over Node's `http` with Apollo Server's own integration API
 * (`executeHTTPGraphQLRequest`): parses the body, builds the request's context, writes Apollo's answer.
 * A document whose fragment spreads would overflow a validator's stack (see `fragmentSpreads`) is refused
 * here, before Apollo validates it. Each operation runs tracked by `operations` with a context built for
 * its stop signal; once `operations` is closed (shutting down), new ones get a 503 and the connection closes.
 * Every log line of the operation carries its request id, which the answer echoes in `x-request-id`; the
 * operation runs in its trace span, child of the caller's `traceparent`.
 */
export function createGraphqlHandler(
  apollo: ApolloServer<Context>,
  createContext: (request: IncomingMessage, stop: AbortSignal) => Context,
  operations: InFlightOperations,
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = requestIdOf(request.headers);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    if (operations.closed) {
      request.resume();
      writeJsonError(response, 503, 'SHUTTING_DOWN', 'This server is shutting down; send the operation again (to another replica).', true);
      return;
    }
    await runWithLogFields({ requestId }, () =>
      operations.track((stop) => inOperationSpan(request.headers, requestId, () => serve(apollo, request, response, () => createContext(request, stop)))),
    );
  };
}

// Private: one operation, from reading its body to writing its answer.
async function serve(apollo: ApolloServer<Context>, request: IncomingMessage, response: ServerResponse, createContext: () => Context): Promise<void> {
  const body = await readBody(request);
  if (body.kind === 'error') {
    writeJsonError(response, body.status, 'BAD_REQUEST', body.message, body.close);
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fragmentProblem = sourceFragmentProblem(queryText(body.value, url));
  if (fragmentProblem !== null) {
    writeJsonError(response, 400, ErrorCode.BAD_USER_INPUT, fragmentProblem, false);
    return;
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const answer = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body: body.value },
    context: async () => createContext(),
  });
  response.statusCode = answer.status ?? 200;
  for (const [name, value] of answer.headers) response.setHeader(name, value);
  if (answer.body.kind === 'complete') {
    response.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) response.write(chunk);
  response.end();
}

type BodyResult = { kind: 'ok'; value: unknown } | { kind: 'error'; status: number; message: string; close: boolean };

// Private: JSON bodies are parsed, others passed as text (Apollo answers them); sizes are capped. A body over
// the cap is read to its end (discarded) so the client gets its 413, up to `MAX_DRAINED_BYTES`.
async function readBody(request: IncomingMessage): Promise<BodyResult> {
  if (request.method !== 'POST') return { kind: 'ok', value: undefined };
  const tooLarge = (close: boolean): BodyResult => ({ kind: 'error', status: 413, message: `Request body larger than ${MAX_BODY_BYTES} bytes.`, close });
  const declared = Number(request.headers['content-length']);
  if (declared > MAX_DRAINED_BYTES) return tooLarge(true);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    // Leaving the loop would destroy the socket under the client's feet: keep reading, keep nothing.
    if (size > MAX_DRAINED_BYTES) return tooLarge(true);
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) return tooLarge(false);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!(request.headers['content-type'] ?? '').includes('json')) return { kind: 'ok', value: text };
  if (text === '') return { kind: 'ok', value: undefined };
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'error', status: 400, message: 'The request body is not valid JSON.', close: false };
  }
}

// Private: the query text of a POST body or a GET query string; '' when there is none (Apollo answers that).
function queryText(body: unknown, url: URL): string {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const query = (body as Record<string, unknown>)['query'];
    return typeof query === 'string' ? query : '';
  }
  return url.searchParams.get('query') ?? '';
}

// Private: an answer in GraphQL's error shape; `close` ends the connection (a body left unread).
function writeJsonError(response: ServerResponse, status: number, code: string, message: string, close: boolean): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  if (close) response.setHeader('connection', 'close');
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
