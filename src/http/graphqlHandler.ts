import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Context } from '../context';

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * Serves GraphQL over Node's `http` with Apollo Server's own integration API
 * (`executeHTTPGraphQLRequest`): parses the body, builds the request's context, writes Apollo's answer.
 */
export function createGraphqlHandler(apollo: ApolloServer<Context>, createContext: (request: IncomingMessage) => Context) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    if (body.kind === 'error') {
      writeJsonError(response, body.status, body.message);
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body: body.value },
      context: async () => createContext(request),
    });
    response.statusCode = answer.status ?? 200;
    for (const [name, value] of answer.headers) response.setHeader(name, value);
    if (answer.body.kind === 'complete') {
      response.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) response.write(chunk);
    response.end();
  };
}

type BodyResult = { kind: 'ok'; value: unknown } | { kind: 'error'; status: number; message: string };

// Private: JSON bodies are parsed, others passed as text (Apollo answers them); sizes are capped.
async function readBody(request: IncomingMessage): Promise<BodyResult> {
  if (request.method !== 'POST') return { kind: 'ok', value: undefined };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { kind: 'error', status: 413, message: `Request body larger than ${MAX_BODY_BYTES} bytes.` };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!(request.headers['content-type'] ?? '').includes('json')) return { kind: 'ok', value: text };
  if (text === '') return { kind: 'ok', value: undefined };
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'error', status: 400, message: 'The request body is not valid JSON.' };
  }
}

function writeJsonError(response: ServerResponse, status: number, message: string): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
}
