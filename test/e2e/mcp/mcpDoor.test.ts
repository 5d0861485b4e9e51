import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { buildCatalogue, findResource } from '../../fakeUpstream/catalogue';
import { connectMcp, toolErrorOf } from '../../helpers/mcpClient';
import { rawRequest } from '../../helpers/rawRequest';
import { subgraphForSuite } from '../../helpers/startSubgraph';

const TOKEN = 'mcp-test-token-0123456789';
const catalogue = buildCatalogue();

describe('the /mcp door: stateless POST, a bearer token, the upstream rate', () => {
  // The default rate (10 requests a second, the fake refusing more with 429), and MCP_TOKEN set.
  const subgraph = subgraphForSuite({ fake: { catalogue }, mcpToken: TOKEN }, { clearUpstreamBeforeEach: true });
  const url = () => `http://127.0.0.1:${subgraph.server.port}/mcp`;

  it('answers 401 without the bearer token, or with a wrong one, and serves with it', async () => {
    await expect(connectMcp(subgraph.server.port)).rejects.toThrow(/UNAUTHENTICATED/);
    await expect(connectMcp(subgraph.server.port, { authorization: 'Bearer wrong-token-0123456789' })).rejects.toThrow(/UNAUTHENTICATED/);
    const refused = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    const client = await connectMcp(subgraph.server.port, { authorization: `Bearer ${TOKEN}` });
    expect((await client.listTools()).tools).toHaveLength(6);
    await client.close();
  });

  it('answers GET and DELETE /mcp 405 (stateless: no stream, no session), naming POST', async () => {
    for (const method of ['GET', 'DELETE']) {
      const answer = await fetch(url(), { method, headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' } });
      expect([method, answer.status, answer.headers.get('allow')]).toEqual([method, 405, 'POST']);
      expect(((await answer.json()) as { error: { code: number } }).error.code).toBe(-32000);
    }
  });

  it('answers a body that is not JSON with a JSON-RPC parse error, and a body over 1 MB with 413', async () => {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const garbled = await rawRequest({ port: subgraph.server.port, method: 'POST', path: '/mcp', headers, body: '{"jsonrpc":' });
    expect([garbled.status, (JSON.parse(garbled.text) as { error: { code: number } }).error.code]).toEqual([400, -32700]);
    const huge = await rawRequest({
      port: subgraph.server.port,
      method: 'POST',
      path: '/mcp',
      headers,
      body: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it('20 concurrent edition_files calls all answer, the upstream never sees more than its rate, and the calls are counted', async () => {
    const client = await connectMcp(subgraph.server.port, { authorization: `Bearer ${TOKEN}` });
    // Twenty editions of plain names across the first products: twenty listings the gate must spread out.
    const editions = ['BDTOPO', 'BDORTHO', 'ADMIN-EXPRESS-COG', 'RGEALTI']
      .flatMap((product) => findResource(catalogue, product)!.editions.map((edition) => ({ product, edition: edition.name })))
      .filter(({ edition }) => /^[\w.-]+$/.test(edition))
      .slice(0, 20);
    expect(editions).toHaveLength(20);
    const results = (await Promise.all(editions.map((args) => client.callTool({ name: 'edition_files', arguments: args })))) as CallToolResult[];
    expect(results.map((result) => (result.isError ? toolErrorOf(result) : (result.structuredContent as { edition: string }).edition))).toEqual(
      editions.map(({ edition }) => edition),
    );
    expect(subgraph.upstreamLog().length).toBeGreaterThanOrEqual(20);
    expect(subgraph.fake.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(subgraph.fake.maxRequestsInAnyWindow()).toBeLessThanOrEqual(10);
    await client.callTool({ name: 'no such tool', arguments: {} });
    await client.close();
    const metrics = await (await fetch(`http://127.0.0.1:${subgraph.server.port}/metrics`)).text();
    expect(metrics).toContain('geopf_mcp_tool_calls_total{tool="edition_files",outcome="ok"} 20');
    expect(metrics).toContain('geopf_mcp_tool_calls_total{tool="unknown",outcome="BAD_USER_INPUT"} 1');
  });
});

describe('the /mcp door: the operation deadline of GraphQL', () => {
  // A deadline (1.5 s) well before the request timeout (5 s): the fake never answers a hanging request, so the
  // message naming the deadline proves which ended the wait.
  const subgraph = subgraphForSuite({ upstreamRate: 50, fake: { catalogue }, deadlineMs: 1500, timeoutMs: 5000 });

  it('ends a tool whose upstream hangs at the deadline, as a tool error UPSTREAM_TIMEOUT', async () => {
    subgraph.fake.setFault(() => ({ hang: true }));
    try {
      const client = await connectMcp(subgraph.server.port);
      const edition = findResource(catalogue, 'BDTOPO')!.editions[0]!;
      const result = (await client.callTool({ name: 'edition_files', arguments: { product: 'BDTOPO', edition: edition.name } })) as CallToolResult;
      expect(toolErrorOf(result)).toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining('deadline') });
      expect(subgraph.fake.requests).toHaveLength(1);
      await client.close();
    } finally {
      subgraph.fake.setFault(undefined);
    }
  });
});
