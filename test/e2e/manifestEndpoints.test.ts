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
    [`/downloads/${PRODUCT}/NOPE_2025-01-01.meta4`, 404, { code: 'UPSTREAM_NOT_FOUND' }, /does not know/],
    [`/downloads/${PRODUCT}/%2E%2E.meta4`, 400, { code: 'BAD_USER_INPUT', parameter: 'edition' }, /^edition: expected an upstream name/],
    [`/downloads/${PRODUCT}/%E0%A4%A.aria2`, 400, { code: 'BAD_USER_INPUT', parameter: 'edition' }, /^edition: expected a percent-encoded name/],
  ])('answers GET %s with %i and a typed JSON error naming the parameter', async (path, status, extensions, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions).toMatchObject(extensions);
    expect(body.errors[0]?.message).toMatch(message);
  });

  it.each([`/downloads/${PRODUCT}/${EDITION}.txt`, `/downloads/${PRODUCT}`])('answers GET %s with 404: not a door', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/^Not found/);
  });
});
