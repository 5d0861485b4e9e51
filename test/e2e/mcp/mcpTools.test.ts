import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { buildCatalogue, findResource, type FakeResource } from '../../fakeUpstream/catalogue';
import { connectMcp, toolErrorOf } from '../../helpers/mcpClient';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';

const EDITION_FIELDS = 'resourceName name title editionDate updated zone { code name } format { code } crs { code }';
const TOOLS = ['find_products', 'latest_edition', 'editions_at', 'edition_files', 'download_plan', 'changes_since'];

describe.each(DIALECTS)('POST /mcp: the catalogue as MCP tools, through the SDK client, each answering what GraphQL answers, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let subgraph: SubgraphUnderTest;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  let client: Client;
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };

  beforeAll(async () => {
    catalogue = buildCatalogue();
    store = await stores.open();
    subgraph = await startSubgraph({ upstreamRate: 200, fake: { catalogue }, catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } } });
    await subgraph.server.catalogue!.syncer.runOnce();
    // A second sync after a product lost an edition: the change log holds its withdrawal.
    const bdortho = findResource(catalogue, 'BDORTHO')!;
    bdortho.editions.splice(0, 1);
    clock.now = new Date('2026-12-02T08:00:00.000Z');
    await subgraph.server.catalogue!.syncer.runOnce();
    await subgraph.server.catalogue!.knowledge.settled();
    client = await connectMcp(subgraph.server.port);
  }, 180_000);
  afterAll(async () => {
    await client?.close();
    await subgraph?.stop();
  });
  beforeEach(() => subgraph.clearUpstream());

  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const structured = (result: CallToolResult) => {
    expect(toolErrorOf(result)).toMatch(/^not an error/);
    expect(result.content[0]).toMatchObject({ type: 'text', text: expect.any(String) });
    return result.structuredContent as Record<string, any>;
  };
  const graphql = async (query: string, variables?: Record<string, unknown>) => {
    const answer = await subgraph.query(query, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data!;
  };

  it('lists exactly the six tools, each read-only with an input and an output schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(TOOLS);
    for (const tool of tools) {
      expect({ name: tool.name, readOnly: tool.annotations?.readOnlyHint, input: tool.inputSchema.type, output: tool.outputSchema?.type }).toEqual({
        name: tool.name,
        readOnly: true,
        input: 'object',
        output: 'object',
      });
      expect(tool.description?.length).toBeGreaterThan(40);
    }
    // Open world: the tools that may read the upstream; the others answer from the index alone.
    expect(tools.filter((tool) => tool.annotations?.openWorldHint).map((tool) => tool.name)).toEqual(['latest_edition', 'edition_files', 'download_plan']);
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(byName['find_products']!.inputSchema).toMatchObject({
      required: ['q'],
      properties: { q: { type: 'string', maxLength: 200 }, limit: { type: 'integer' } },
    });
    expect(byName['latest_edition']!.inputSchema.required).toEqual(['product', 'place']);
    expect(Object.keys(byName['editions_at']!.inputSchema.properties ?? {})).toEqual(['place', 'lon', 'lat', 'bbox', 'product', 'from', 'to', 'limit']);
    expect(byName['edition_files']!.inputSchema.required).toEqual(['product', 'edition']);
    expect(byName['download_plan']!.inputSchema).toMatchObject({
      required: ['editions', 'format'],
      properties: { format: { enum: ['METALINK', 'ARIA2', 'SCRIPT'] }, editions: { type: 'array', maxItems: 20 } },
    });
    expect(Object.keys(byName['changes_since']!.inputSchema.properties ?? {})).toEqual(['cursor', 'product', 'place', 'limit']);
    expect(byName['changes_since']!.outputSchema?.required).toEqual(['changes', 'nextCursor', 'hasMore']);
  });

  it('find_products: what searchResources answers, from the index alone', async () => {
    const result = structured(await call('find_products', { q: 'bd topo', limit: 3 }));
    expect(subgraph.upstreamLog()).toEqual([]);
    const data = await graphql('{ searchResources(q: "bd topo", first: 3) { totalCount nodes { name title description } } }');
    expect(result).toEqual({ totalCount: data['searchResources'].totalCount, products: data['searchResources'].nodes });
    expect(result['products'][0].name).toBe('BDTOPO');
  });

  it('find_products with nothing close: no product, and the suggestions GraphQL gives', async () => {
    const result = structured(await call('find_products', { q: 'bdtpoo' }));
    expect(result).toMatchObject({ totalCount: 0, products: [], suggestions: [{ resources: [{ name: 'BDTOPO' }] }] });
  });

  it('editions_at: what editions(filter: { place }) answers, from the index alone, by place, point and box', async () => {
    const byPlace = structured(await call('editions_at', { place: 'Brest', product: 'BDORTHO', limit: 5 }));
    const byPoint = structured(await call('editions_at', { lon: -4.49, lat: 48.39, limit: 5 }));
    const byBox = structured(await call('editions_at', { bbox: [-4.6, 48.3, -4.4, 48.5], from: '2000-01-01', limit: 5 }));
    expect(subgraph.upstreamLog()).toEqual([]);
    const data = await graphql(
      `{ place: editions(filter: { place: "Brest", resources: ["BDORTHO"] }, first: 5) { totalCount nodes { ${EDITION_FIELDS} } }
         point: editions(filter: { point: { lon: -4.49, lat: 48.39 } }, first: 5) { totalCount nodes { ${EDITION_FIELDS} } }
         box: editions(filter: { bbox: [-4.6, 48.3, -4.4, 48.5], editionDateFrom: "2000-01-01" }, first: 5) { totalCount nodes { ${EDITION_FIELDS} } } }`,
    );
    expect(byPlace).toEqual({ totalCount: data['place'].totalCount, editions: data['place'].nodes });
    expect(byPoint).toEqual({ totalCount: data['point'].totalCount, editions: data['point'].nodes });
    expect(byBox).toEqual({ totalCount: data['box'].totalCount, editions: data['box'].nodes });
    expect(byPlace['editions'].length).toBeGreaterThan(0);
    expect(byPlace['editions'].every((edition: { zone: { code: string } }) => ['D029', 'R53', 'FXX', 'FRA'].includes(edition.zone.code))).toBe(true);
  });

  it('latest_edition: what resource.latestEdition(place:) answers', async () => {
    const result = structured(await call('latest_edition', { product: 'BDORTHO', place: 'Brest' }));
    const data = await graphql(`{ resource(name: "BDORTHO") { latestEdition(place: "Brest") { ${EDITION_FIELDS} } } }`);
    expect(result).toEqual({ edition: data['resource'].latestEdition });
    expect(result['edition'].zone.code).toBe('D029');
  });

  it('edition_files: the files of downloadPlan with size, md5 and URL, and the total size', async () => {
    const edition = findResource(catalogue, 'BDTOPO')!.editions[0]!;
    const result = structured(await call('edition_files', { product: 'BDTOPO', edition: edition.name }));
    const data = await graphql('query($e: ID!) { subResource(resourceName: "BDTOPO", name: $e) { downloadPlan { totalSize files { name size md5 url } } } }', {
      e: edition.name,
    });
    expect(result).toEqual({ product: 'BDTOPO', edition: edition.name, ...data['subResource'].downloadPlan });
    expect(result['files'].map((file: { name: string }) => file.name).sort()).toEqual(edition.files.map((file) => file.name).sort());
  });

  it('download_plan: the same bytes as downloadPlan(format:) for each edition, and their total size', async () => {
    const [first, second] = findResource(catalogue, 'BDTOPO')!.editions;
    const editions = [
      { product: 'BDTOPO', edition: first!.name },
      { product: 'BDTOPO', edition: second!.name },
    ];
    for (const format of ['METALINK', 'ARIA2', 'SCRIPT']) {
      const result = structured(await call('download_plan', { editions, format }));
      const data = await graphql(
        `
          query ($a: ID!, $b: ID!, $f: DownloadPlanFormat) {
            a: subResource(resourceName: "BDTOPO", name: $a) {
              downloadPlan(format: $f) {
                totalSize
                manifest
                files {
                  name
                }
              }
            }
            b: subResource(resourceName: "BDTOPO", name: $b) {
              downloadPlan(format: $f) {
                totalSize
                manifest
                files {
                  name
                }
              }
            }
          }
        `,
        { a: first!.name, b: second!.name, f: format },
      );
      const plans = [data['a'].downloadPlan, data['b'].downloadPlan];
      expect(result).toEqual({
        format,
        totalSize: plans[0].totalSize + plans[1].totalSize,
        plans: plans.map((plan, index) => ({ ...editions[index], totalSize: plan.totalSize, fileCount: plan.files.length, manifest: plan.manifest })),
      });
    }
  });

  it('changes_since: what changes(after:) answers, from the index alone, with the cursor to resume from', async () => {
    const all = structured(await call('changes_since', {}));
    const ofProduct = structured(await call('changes_since', { product: 'BDORTHO', limit: 1 }));
    const atPlace = structured(await call('changes_since', { place: 'FXX' }));
    expect(subgraph.upstreamLog()).toEqual([]);
    const data = await graphql(`
      {
        all: changes {
          nodes {
            seq
            kind
            resourceName
            editionName
            zoneCode
            format
            crs
            editionDate
            observedAt
          }
          pageInfo {
            endCursor
            hasNextPage
          }
        }
        one: changes(filter: { resources: ["BDORTHO"] }, first: 1) {
          nodes {
            seq
          }
          pageInfo {
            endCursor
            hasNextPage
          }
        }
      }
    `);
    expect(all).toEqual({ changes: data['all'].nodes, nextCursor: data['all'].pageInfo.endCursor, hasMore: data['all'].pageInfo.hasNextPage });
    expect(all['changes'].length).toBeGreaterThan(0);
    expect(ofProduct['changes'].map((change: { seq: string }) => change.seq)).toEqual(data['one'].nodes.map((change: { seq: string }) => change.seq));
    expect(atPlace['changes'].every((change: { zoneCode: string | null }) => change.zoneCode === null || ['FXX', 'FRA'].includes(change.zoneCode))).toBe(true);
    const after = structured(await call('changes_since', { cursor: all['nextCursor'] }));
    expect(after).toEqual({ changes: [], nextCursor: all['nextCursor'], hasMore: false });
  });

  it('lists the two resource templates and reads a product and an edition as JSON', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(['geopf://product/{name}', 'geopf://edition/{product}/{name}']);
    const edition = findResource(catalogue, 'BDTOPO')!.editions[0]!;
    const product = await client.readResource({ uri: 'geopf://product/BDTOPO' });
    const productJson = JSON.parse((product.contents[0] as { text: string }).text) as Record<string, any>;
    const data = await graphql(
      `
        query ($e: ID!) {
          resource(name: "BDTOPO") {
            title
            description
            zones {
              code
            }
            latestEdition {
              name
            }
          }
          subResource(resourceName: "BDTOPO", name: $e) {
            name
            editionDate
            zone {
              code
            }
          }
        }
      `,
      { e: edition.name },
    );
    expect(productJson).toMatchObject({ name: 'BDTOPO', title: data['resource'].title, description: data['resource'].description, licence: null });
    expect(productJson['zones'].map((zone: { code: string }) => zone.code)).toEqual(data['resource'].zones.map((zone: { code: string }) => zone.code));
    expect(productJson['latestEdition'].name).toBe(data['resource'].latestEdition.name);
    const read = await client.readResource({ uri: `geopf://edition/BDTOPO/${encodeURIComponent(edition.name)}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ ...data['subResource'], resourceName: 'BDTOPO' });
    await expect(client.readResource({ uri: 'geopf://product/BDTOPPO' })).rejects.toMatchObject({ code: -32002 });
    await expect(client.readResource({ uri: 'https://example.org/x' })).rejects.toMatchObject({ code: -32602 });
  });

  it('answers hostile arguments with tool errors carrying the GraphQL code, never a crash', async () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['find_products', { q: 42 }, { code: 'BAD_USER_INPUT', parameter: 'q', message: 'q: expected string, got 42' }],
      ['find_products', { q: 'x'.repeat(100_000) }, { code: 'BAD_USER_INPUT', parameter: 'q', message: 'q: expected at most 200 characters, got 100000' }],
      ['find_products', { q: 'de la' }, { code: 'BAD_USER_INPUT' }],
      ['find_products', { q: 'topo', limit: 1e9 }, { code: 'BAD_USER_INPUT', parameter: 'limit', message: 'limit: expected at most 100, got 1000000000' }],
      ['find_products', { q: 'topo', extra: true }, { code: 'BAD_USER_INPUT', parameter: 'extra' }],
      ['editions_at', { place: 'Brest', lon: 1, lat: 2 }, { code: 'BAD_USER_INPUT', parameter: 'place' }],
      ['editions_at', { lon: 1 }, { code: 'BAD_USER_INPUT', parameter: 'lat' }],
      ['editions_at', { place: 'Saint-Denis' }, { code: 'BAD_USER_INPUT', candidates: expect.arrayContaining([expect.anything()]) }],
      ['editions_at', { bbox: [10, 10, 0, 0] }, { code: 'BAD_USER_INPUT' }],
      ['latest_edition', { product: 'BDTOPO', place: 'Saint-Denis' }, { code: 'BAD_USER_INPUT', candidates: expect.arrayContaining([expect.anything()]) }],
      ['latest_edition', { product: 'BDTOPPO', place: 'Brest' }, { code: 'UPSTREAM_NOT_FOUND', candidates: expect.arrayContaining(['BDTOPO']) }],
      ['edition_files', { product: 'BDTOPO', edition: 'nope' }, { code: 'UPSTREAM_NOT_FOUND' }],
      ['edition_files', { product: 'a/b', edition: '..' }, { code: 'BAD_USER_INPUT' }],
      ['edition_files', { product: ['BDTOPO'], edition: null }, { code: 'BAD_USER_INPUT', parameter: 'product' }],
      ['download_plan', { editions: [], format: 'SCRIPT' }, { code: 'BAD_USER_INPUT', parameter: 'editions' }],
      [
        'download_plan',
        { editions: [{ product: 'BDTOPO', edition: 'nope' }], format: 'ZIP' },
        { code: 'BAD_USER_INPUT', parameter: 'format', message: 'format: expected one of METALINK, ARIA2, SCRIPT, got "ZIP"' },
      ],
      ['changes_since', { cursor: 'not a cursor' }, { code: 'BAD_USER_INPUT' }],
      ['changes_since', { place: 'Nowhere-sur-Mer' }, { code: 'BAD_USER_INPUT' }],
      ['no_such_tool', {}, { code: 'BAD_USER_INPUT', parameter: 'name' }],
    ];
    const problems: string[] = [];
    for (const [name, args, expected] of cases) {
      const error = toolErrorOf(await call(name, args));
      try {
        expect(error).toMatchObject(expected);
      } catch {
        problems.push(`${name} ${JSON.stringify(args).slice(0, 100)}: ${JSON.stringify(error).slice(0, 300)}`);
      }
    }
    expect(problems).toEqual([]);
    // Still serving.
    structured(await call('find_products', { q: 'ortho' }));
  });
});
