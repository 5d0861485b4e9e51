import { productWithFiles } from '../../fakeUpstream/byteDownloads';
import { subgraphForSuite } from '../../helpers/startSubgraph';

const PRODUCT = 'TEST-LARGE';
const EDITION = 'TEST-LARGE_1-0__SHP_LAMB93_FXX_2025-06-17';
/** 2,000 files: 40 pages of the edition's file listing. */
const { resource } = productWithFiles(
  PRODUCT,
  EDITION,
  Array.from({ length: 2000 }, (_, index) => ({
    name: `${EDITION}_${String(index).padStart(4, '0')}.gpkg`,
    bytes: Buffer.from('x'),
    type: 'application/geopackage+sqlite3',
  })),
);
const BUDGET = 20;

describe('GET /downloads/{resource}/{edition}.meta4 within the operation budget', () => {
  const subgraph = subgraphForSuite({ fake: { catalogue: [resource] }, queryCostBudget: BUDGET, upstreamRate: 1000 }, { clearUpstreamBeforeEach: true });

  it.each(['meta4', 'aria2'])(
    'refuses (.%s) an edition whose listing needs more pages than QUERY_COST_BUDGET, sending at most the budget',
    async (extension) => {
      const response = await fetch(new URL(`/downloads/${PRODUCT}/${EDITION}.${extension}`, subgraph.server.url));
      const text = await response.text();
      // It sent 40 requests for an edition of 2,000 files (399 for 20,000) whatever the budget.
      expect(subgraph.upstreamLog().length).toBeLessThanOrEqual(BUDGET);
      expect(response.status).toBe(400);
      const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', budget: BUDGET });
    },
  );

  it('refuses it as downloadPlan does over GraphQL, with the same code', async () => {
    const answer = await subgraph.query(`{ subResource(resourceName: "${PRODUCT}", name: "${EDITION}") { downloadPlan(format: METALINK) { manifest } } }`);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', budget: BUDGET });
    expect(subgraph.upstreamLog().length).toBeLessThanOrEqual(BUDGET);
  });
});
