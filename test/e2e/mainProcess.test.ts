import { buildCatalogue, resourceFacets } from '../fakeUpstream/catalogue';
import { FakeGeopfServer } from '../fakeUpstream/FakeGeopfServer';
import { startReplica } from '../upstream/scaleout/processes';

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

  it('answers every operation in flight on SIGTERM under load, within a grace shorter than the deadline, then exits 0', async () => {
    const fake = new FakeGeopfServer({ ratePerSecond: 100 });
    const baseUrl = await fake.start();
    try {
      const replica = await startReplica({
        GEOPF_BASE_URL: baseUrl,
        GEOPF_RATE_LIMIT: '100',
        GEOPF_TIMEOUT_MS: '30000',
        OPERATION_DEADLINE_MS: '30000',
        SHUTDOWN_GRACE_MS: '2000',
        GEOPF_CACHE_TTL_SECONDS: '0',
      });
      fake.setFault(() => ({ delayMs: 60_000 }));
      // One operation per zone, each needing its own upstream page, all stalled by the upstream.
      const zones = [...new Set(buildCatalogue().flatMap((resource) => resourceFacets(resource).zones.map((zone) => zone.term)))]
        .filter((code) => /^D\d/.test(code))
        .slice(0, 30);
      const answers = zones.map((zone) =>
        fetch(replica.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `{ resources(first: 1, filter: { zone: "${zone}" }) { totalCount } }` }),
        })
          .then(async (response) => ({ status: response.status, body: (await response.json()) as { errors?: Array<{ extensions: { code: string } }> } }))
          .catch((error: unknown) => ({ status: 0, body: { failed: String(error) } })),
      );
      while (fake.requests.length < zones.length) await new Promise((resolve) => setTimeout(resolve, 20));
      const exited = replica.stop();
      const settled = await Promise.all(answers);
      expect(settled.filter((answer) => answer.status !== 200)).toEqual([]);
      expect(
        new Set(
          settled.map((answer) =>
            JSON.stringify((answer.body as { errors?: Array<{ extensions: { code: string } }> }).errors?.map((error) => error.extensions.code)),
          ),
        ),
      ).toEqual(new Set(['["UPSTREAM_TIMEOUT"]']));
      expect(await exited).toBe(0);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
