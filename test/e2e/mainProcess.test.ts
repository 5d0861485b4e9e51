import { FakeGeopfServer } from '../fakeUpstream/FakeGeopfServer';
import { startReplica } from '../scaleout/processes';

describe('src/main.ts as a process (what npm start runs)', () => {
  it('serves /graphql on PORT against GEOPF_BASE_URL, then exits 0 on SIGTERM', async () => {
    const fake = new FakeGeopfServer({ ratePerSecond: 10 });
    const baseUrl = await fake.start();
    try {
      const replica = await startReplica({ GEOPF_BASE_URL: baseUrl });
      const response = await fetch(replica.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ resources(first: 3) { nodes { subResources(first: 2) { nodes { files(first: 10) { totalCount } } } } } }' }),
      });
      const answer = (await response.json()) as { data?: { resources: { nodes: unknown[] } }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.resources.nodes).toHaveLength(3);
      expect(fake.requests).toHaveLength(10);
      expect(await replica.stop()).toBe(0);
      expect(replica.logs.map((line) => line['message'])).toEqual(expect.arrayContaining(['subgraph ready', 'operation', 'shutting down']));
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
