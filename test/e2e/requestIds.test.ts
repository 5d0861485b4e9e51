import { memoryLog } from '../helpers/memoryLog';
import { subgraphForSuite } from '../helpers/startSubgraph';

describe('request ids and secrets in the logs of an operation', () => {
  const log = memoryLog();
  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const subgraph = subgraphForSuite({ upstreamRate: 50, logger: log.logger });

  it("puts the caller's x-request-id on every line of the operation and echoes it", async () => {
    subgraph.fake.setFault(() => ({ status: 500 }));
    let response: Response;
    try {
      response = await post('{ resources(first: 2, filter: { zone: "D095" }) { totalCount } }', {
        'x-request-id': 'router-req-42',
        authorization: 'Bearer caller-secret-1',
      });
      await response.json();
    } finally {
      subgraph.fake.setFault(undefined);
    }
    expect(response.headers.get('x-request-id')).toBe('router-req-42');
    const lines = log.lines.filter((line) => line['requestId'] === 'router-req-42');
    expect(lines.map((line) => line['message'])).toEqual(['upstream request failed', 'operation']);
    expect(log.text()).not.toContain('caller-secret-1');
  });

  it('makes an id when none (or an unsafe one) is given', async () => {
    const plain = await post('{ resources(first: 1) { totalCount } }');
    const forged = await post('{ resources(first: 1) { totalCount } }', { 'x-request-id': 'a"b\\n{"level":"fatal"}' });
    const made = [plain.headers.get('x-request-id'), forged.headers.get('x-request-id')];
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(made[0]).not.toBe(made[1]);
    expect(log.lines.filter((line) => line['message'] === 'operation' && made.includes(line['requestId'] as string))).toHaveLength(2);
  });
});
