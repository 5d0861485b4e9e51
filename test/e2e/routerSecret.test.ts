import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { subgraphForSuite } from '../helpers/startSubgraph';

const SECRET = 'router-secret-0123456789';
const QUERY = '{ resources(first: 1) { totalCount } }';

describe('GEOPF_ROUTER_SECRET: a subgraph only its router may reach', () => {
  const subgraph = subgraphForSuite({ routerSecret: SECRET }, { clearUpstreamBeforeEach: true });
  const post = (headers: Record<string, string>) =>
    fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: QUERY }) });

  it.each([
    ['without the header', {}],
    ['with a wrong secret', { 'router-authorization': 'router-secret-0123456780' }],
    ['with the secret in Authorization instead', { authorization: SECRET }],
  ])('answers 401 UNAUTHENTICATED %s, and asks the upstream nothing', async (_case, headers) => {
    const response = await post(headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: [{ message: expect.stringContaining('Router-Authorization'), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('answers the router, which sends Router-Authorization', async () => {
    const response = await post({ 'router-authorization': SECRET });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({ resources: { totalCount: expect.any(Number) } });
  });

  it('refuses a GET query and an SSE subscription without it too; health and metrics stay open', async () => {
    const get = await fetch(`${subgraph.server.url}?query=${encodeURIComponent(QUERY)}`);
    expect(get.status).toBe(401);
    const sse = await fetch(subgraph.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { catalogueChanged { id } }' }),
    });
    expect(sse.status).toBe(401);
    await sse.body?.cancel();
    const base = subgraph.server.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  it('refuses a WebSocket upgrade without it (graphql-ws cannot connect), and accepts one with it', async () => {
    const url = subgraph.server.url.replace(/^http/, 'ws');
    const refused = createWsClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    const failed = await new Promise<unknown>((resolve) => refused.on('error', resolve));
    expect((failed as { message?: string }).message).toBe('Unexpected server response: 401');
    await refused.dispose();

    class RouterSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { 'router-authorization': SECRET } });
      }
    }
    const accepted = createWsClient({ url, webSocketImpl: RouterSocket, retryAttempts: 0, lazy: false });
    await new Promise((resolve) => accepted.on('connected', resolve));
    await accepted.dispose();
  });

  it('lets an SSE client through with it', async () => {
    const client = createSseClient({ url: subgraph.server.url, headers: { 'router-authorization': SECRET }, retryAttempts: 0 });
    const errors: unknown[] = [];
    const subscribed = new Promise<void>((resolve) => {
      client.subscribe(
        { query: 'subscription { catalogueChanged { id } }' },
        { next: () => undefined, error: (error) => errors.push(error), complete: () => undefined },
      );
      // The route answers 200 and keeps the stream open: one open subscription on the server.
      const check = () => (subgraph.server.openSubscriptions === 1 ? resolve() : setTimeout(check, 5));
      check();
    });
    await subscribed;
    expect(errors).toEqual([]);
    client.dispose();
  });
});
