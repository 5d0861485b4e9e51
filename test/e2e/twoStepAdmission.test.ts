import { archiveContentsRequestBound } from '../../src/downloads/archives/archiveContentsRequestBound';
import { DEFAULT_ARCHIVE_HEADER_MAX_BYTES } from '../../src/downloads/archives/ArchiveReader';
import { threeFileEdition, zipsEdition } from '../helpers/archiveEditions';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

// Tables of contents are admitted in two steps: the estimate charges the file listing, which tells how many files
// are archives and how large; each archive's Range reads are then reserved on the same budget, at their bound.
const CONTENTS = 'contents { format entryCount entries { path } }';
const downloads = (subgraph: SubgraphUnderTest) => subgraph.fake.requests.filter((request) => request.path.includes('/download/'));

describe('the table of contents of every file of an edition of three files (a .7z, a .zip, an .md5)', () => {
  const three = threeFileEdition();
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({ fake: { catalogue: [three.resource], fileBytes: three.bytes }, upstreamRate: 50 });
  });
  afterAll(() => subgraph.stop());

  it('is admitted under the default budget, answers every archive, and sends at most 8 requests', async () => {
    const answer = await subgraph.query(
      `{ subResource(resourceName: "${three.product}", name: "${three.edition}") { files(first: 50) { nodes { name ${CONTENTS} } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data?.['subResource'].files.nodes as Array<{ name: string; contents: { format: string; entryCount: number } | null }>;
    expect(nodes.map((node) => [node.name.slice(three.edition.length), node.contents?.format ?? null])).toEqual([
      ['.7z', 'SEVEN_ZIP'],
      ['.zip', 'ZIP'],
      ['.md5', null],
    ]);
    expect(nodes[0]!.contents!.entryCount).toBeGreaterThan(0);
    const sent = subgraph.fake.requests.length;
    expect(sent).toBeLessThanOrEqual(8);
    // The estimate was the listing's page; the Range reads were reserved once the listing said which files are archives.
    expect(answer.extensions?.['upstream']).toEqual({ estimated: 1, reserved: downloads(subgraph).length, sent, cacheHits: 0, budget: 300 });
  });
});

describe('files(first: 50) { contents } on an edition of 50 archives, under a budget that cannot pay them all', () => {
  const BUDGET = 20;
  const fifty = zipsEdition(50);
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({ fake: { catalogue: [fifty.resource], fileBytes: fifty.bytes }, upstreamRate: 50, queryCostBudget: BUDGET });
  });
  afterAll(() => subgraph.stop());

  it('answers the first ones, QUERY_TOO_EXPENSIVE (needed, remaining) on the rest, and never sends more than the budget', async () => {
    const answer = await subgraph.query(
      `{ subResource(resourceName: "${fifty.product}", name: "${fifty.edition}") { files(first: 50) { nodes { name contents { entryCount } } } } }`,
    );
    const nodes = answer.data?.['subResource'].files.nodes as Array<{ name: string; contents: { entryCount: number } | null }>;
    expect(nodes).toHaveLength(50);
    // One listing page, then the bound of each single-file archive's reads, reserved in the order of the nodes.
    const size = [...fifty.bytes.values()][0]!.length;
    const perArchive = archiveContentsRequestBound([size], DEFAULT_ARCHIVE_HEADER_MAX_BYTES);
    const paid = Math.floor((BUDGET - 1) / perArchive);
    expect(nodes.map((node) => node.contents !== null)).toEqual(Array.from({ length: 50 }, (_, index) => index < paid));
    expect(nodes.slice(0, paid).every((node) => node.contents!.entryCount === fifty.files.length + 1)).toBe(true);
    const refused = answer.errors ?? [];
    expect(refused.map((error) => error.path)).toEqual(
      Array.from({ length: 50 - paid }, (_, index) => ['subResource', 'files', 'nodes', paid + index, 'contents']),
    );
    for (const error of refused) {
      expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', needed: perArchive, budget: BUDGET });
      expect(error.extensions?.['remaining']).toBeLessThan(perArchive);
    }
    expect(subgraph.fake.requests.length).toBeLessThanOrEqual(BUDGET);
    expect(answer.extensions?.['upstream']).toMatchObject({ estimated: 1, sent: subgraph.fake.requests.length, budget: BUDGET });
  });
});

describe('a walk of the capabilities: refused before any request only when its length is known to exceed the budget', () => {
  const FACETS = '{ facets { formats { resourceCount } } }';
  // The usual catalogue: 116 products, 3 capabilities pages; a budget of 2.
  let subgraph: SubgraphUnderTest;
  beforeEach(async () => {
    subgraph = await startSubgraph({ upstreamRate: 50, queryCostBudget: 2, cacheTtlSeconds: 300 });
  });
  afterEach(() => subgraph.stop());

  it('knowing nothing: admitted for page 1, then QUERY_TOO_EXPENSIVE on the field once page 1 gave the total', async () => {
    const answer = await subgraph.query(FACETS);
    expect(answer.data).toEqual({ facets: null });
    expect(answer.errors?.[0]).toMatchObject({ path: ['facets'], extensions: { code: 'QUERY_TOO_EXPENSIVE', needed: 2, remaining: 1, budget: 2 } });
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1']);
  });

  it('once a cached page tells the total (3 pages): refused before any request', async () => {
    await subgraph.query('{ resources(first: 1) { totalCount } }');
    subgraph.clearUpstream();
    const answer = await subgraph.query(FACETS);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', estimate: 3, budget: 2 });
    expect(subgraph.upstreamLog()).toEqual([]);
    expect(answer.extensions?.['upstream']).toEqual({ estimated: 3, reserved: 0, sent: 0, cacheHits: 0, budget: 2 });
  });
});
