import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { rawRequest } from '../../helpers/rawRequest';
import { subgraphForSuite } from '../../helpers/startSubgraph';

const aliases = (count: number) => `subscription { catalogueChanged { ${Array.from({ length: count }, (_, index) => `a${index}: id`).join(' ')} } }`;
const FRAGMENT_CHAIN = `subscription { catalogueChanged { ...F0 } } ${Array.from({ length: 12_000 }, (_, index) => `fragment F${index} on CatalogueChange { ${index + 1 < 12_000 ? `...F${index + 1}` : 'id'} }`).join(' ')}`;

/** What a client saw of one subscription: its results, and how it ended (an error, or complete). */
interface Outcome {
  results: Array<{ errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  error?: unknown;
  completed: boolean;
}

/** Subscribes, and resolves once the subscription ended (refusals end it at once). */
function outcomeOf(client: { subscribe: WsClient['subscribe'] }, query: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { results: [], completed: false };
    client.subscribe(
      { query },
      {
        next: (value) => outcome.results.push(value as Outcome['results'][number]),
        error: (error) => resolve({ ...outcome, error }),
        complete: () => resolve({ ...outcome, completed: true }),
      },
    );
  });
}

/** The first error code a subscription ended with, whichever way its transport reports it. */
function codeOf(outcome: Outcome): unknown {
  const errors = Array.isArray(outcome.error) ? (outcome.error as Outcome['results'][number]['errors']) : outcome.results[0]?.errors;
  return errors?.[0]?.extensions?.['code'];
}

describe('subscriptions go through the same document guards as POST /graphql', () => {
  const subgraph = subgraphForSuite({ changes: { source: new MemoryChangeSource() } });
  let sse: ReturnType<typeof createSseClient>;
  let ws: WsClient;
  beforeAll(() => {
    sse = createSseClient({ url: subgraph.server.url, retryAttempts: 0 });
    ws = createWsClient({ url: subgraph.server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  });
  afterAll(async () => {
    sse.dispose();
    await ws.dispose();
  });

  it.each([
    ['40 aliases', aliases(40), 'QUERY_TOO_EXPENSIVE'],
    ['20,000 aliases', aliases(20_000), 'GRAPHQL_PARSE_FAILED'],
  ])('refuses %s over SSE and WebSocket, as POST does, before any stream opens', async (_case, query, code) => {
    // The same shape over POST: as many aliases of a query field.
    const post = await subgraph.query(
      query.replace(/^subscription \{ catalogueChanged \{ (.*) \} \}$/, (_all, fields: string) => `{ ${fields.replace(/: id/g, ': __typename')} }`),
    );
    expect(post.errors?.[0]?.extensions?.['code']).toBe(code);
    const [overSse, overWs] = await Promise.all([outcomeOf(sse, query), outcomeOf(ws, query)]);
    expect([codeOf(overSse), codeOf(overWs)]).toEqual([code, code]);
    expect(subgraph.server.openSubscriptions).toBe(0);
  });

  it('refuses a 12,000-fragment chain typed: 400 over SSE (it answered 500), an error message over WebSocket (it closed 4500)', async () => {
    const overSse = await rawRequest({
      port: subgraph.server.port,
      method: 'POST',
      path: '/graphql',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: FRAGMENT_CHAIN }),
      timeoutMs: 10_000,
    });
    expect(overSse.status).toBe(400);
    expect(JSON.parse(overSse.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const overWs = await outcomeOf(ws, FRAGMENT_CHAIN);
    expect(codeOf(overWs)).toBe('BAD_USER_INPUT');
    // The connection survived: it still serves.
    expect(codeOf(await outcomeOf(ws, aliases(40)))).toBe('QUERY_TOO_EXPENSIVE');
  });
});
