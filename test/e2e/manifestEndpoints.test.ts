import { productWithFiles } from '../fakeUpstream/byteDownloads';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

const PRODUCT = 'TEST-PLANS';
const EDITION = 'TEST-PLANS_1-0__SHP_LAMB93_FXX_2025-06-17';
const { resource, bytes } = productWithFiles(PRODUCT, EDITION, [
  { name: `${EDITION}.7z.001`, bytes: Buffer.from('one') },
  { name: `${EDITION}.7z.002`, bytes: Buffer.from('two') },
  { name: `${EDITION}.md5`, bytes: Buffer.from('x'), type: 'application/octet-stream' },
]);

describe('download manifests: downloadPlan(format:) and GET /downloads/…', () => {
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({ fake: { catalogue: [resource], fileBytes: bytes } });
  });
  afterAll(async () => subgraph.stop());

  const get = (path: string) => fetch(new URL(path, subgraph.server.url));

  it.each([
    ['METALINK', 'meta4', 'application/metalink4+xml; charset=utf-8'],
    ['ARIA2', 'aria2', 'text/plain; charset=utf-8'],
  ])('serves the same %s manifest over GraphQL and over GET', async (format, extension, contentType) => {
    const answer = await subgraph.query(
      `{ subResource(resourceName: "${PRODUCT}", name: "${EDITION}") { downloadPlan(format: ${format}) { format manifest } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const plan = answer.data?.['subResource'].downloadPlan;
    expect(plan.format).toBe(format);
    subgraph.clearUpstream();
    const response = await get(`/downloads/${PRODUCT}/${EDITION}.${extension}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(await response.text()).toBe(plan.manifest);
    // One page of the edition's file listing, and nothing downloaded.
    expect(subgraph.upstreamLog()).toEqual([`resource/${PRODUCT}/${EDITION}?limit=50&page=1`]);
  });

  it("writes a split archive's own plan: its volumes alone", async () => {
    const answer = await subgraph.query(
      `{ subResource(resourceName: "${PRODUCT}", name: "${EDITION}") { archives { name downloadPlan(format: ARIA2) { manifest } } } }`,
    );
    const [archive] = answer.data!['subResource'].archives;
    expect(archive.name).toBe(`${EDITION}.7z`);
    expect(archive.downloadPlan.manifest.match(/^ {2}out=.*$/gm)).toEqual([`  out=${EDITION}.7z.001`, `  out=${EDITION}.7z.002`]);
  });

  it.each([
    [`/downloads/${PRODUCT}/NOPE_2025-01-01.meta4`, 404, /^UPSTREAM_NOT_FOUND: /],
    [`/downloads/${PRODUCT}/%2E%2E.meta4`, 400, /^BAD_USER_INPUT: edition: expected an upstream name/],
    [`/downloads/${PRODUCT}/%E0%A4%A.aria2`, 400, /^BAD_USER_INPUT: edition: expected a percent-encoded name/],
    [`/downloads/${PRODUCT}/${EDITION}.txt`, 404, /^Not found/],
    [`/downloads/${PRODUCT}`, 404, /^Not found/],
  ])('answers GET %s with %i and one line saying why', async (path, status, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(message);
  });
});
