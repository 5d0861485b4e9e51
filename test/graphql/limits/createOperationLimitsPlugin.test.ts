import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { getIntrospectionQuery, parse } from 'graphql';
import { estimateUpstreamRequests } from '../../../src/graphql/limits/estimateUpstreamRequests';
import { createContext, type Context } from '../../../src/graphql/context';
import { createFormatError } from '../../../src/graphql/formatError';
import { createOperationLimitsPlugin, type OperationLimitsPlugin } from '../../../src/graphql/limits/createOperationLimitsPlugin';
import { silentLogger } from '../../../src/core/logger';
import { buildSchema } from '../../../src/graphql/schema';
import { GeopfClient } from '../../../src/upstream/client/GeopfClient';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { FakeGeopfServer } from '../../fakeUpstream/FakeGeopfServer';
import { MULTIPART, ORTHO_OF_2024, TWENTY_ENTITIES_QUERY, TWENTY_REPRESENTATIONS } from '../../helpers/twentyRepresentations';

const orthoOf2024 = ORTHO_OF_2024;
const multipart = MULTIPART;

const OVER_BUDGET = '{ resources(first: 100) { nodes { subResources(first: 100) { nodes { files(first: 100) { totalCount } } } } } }';
const README_NESTED = '{ resources(first: 3) { nodes { subResources(first: 2) { nodes { files(first: 10) { nodes { name } } } } } } }';

const REPRESENTATIONS = TWENTY_REPRESENTATIONS;
const resource = (name: string) => ({ __typename: 'Resource', name });
const ENTITIES = TWENTY_ENTITIES_QUERY;

interface Run {
  status: number | undefined;
  data: Record<string, unknown> | null | undefined;
  errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> | undefined;
  extensions: Record<string, unknown> | undefined;
  /** The context as plugins and resolvers saw it. */
  context: Context;
}

describe('createOperationLimitsPlugin()', () => {
  let fake: FakeGeopfServer;
  let plugin: OperationLimitsPlugin;
  let server: ApolloServer<Context>;
  let client: GeopfClient;
  let lastContext: Context | undefined;

  beforeAll(async () => {
    fake = new FakeGeopfServer({ ratePerSecond: 50 });
    const baseUrl = await fake.start();
    client = new GeopfClient({
      baseUrl,
      gate: new RateGate({ ratePerSecond: 50 }),
      timeoutMs: 5000,
      userAgent: 'geopf-download-subgraph/test',
      retry: { maxAttempts: 1 },
    });
    plugin = createOperationLimitsPlugin();
    // Apollo hands plugins and resolvers a copy of the context it is given: capture it as a logging plugin would.
    const captureContext: ApolloServerPlugin<Context> = {
      async requestDidStart() {
        return {
          async willSendResponse({ contextValue }) {
            lastContext = contextValue;
          },
        };
      },
    };
    server = new ApolloServer<Context>({
      schema: buildSchema(),
      plugins: [plugin, captureContext],
      formatError: createFormatError(silentLogger),
      introspection: true,
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await fake.stop();
  });
  beforeEach(() => fake.clearRequests());

  async function run(query: string, variables?: Record<string, unknown>): Promise<Run> {
    lastContext = undefined;
    const contextValue = createContext(client, { deadlineMs: 20000 });
    const response = await server.executeOperation({ query, ...(variables ? { variables } : {}) }, { contextValue });
    if (response.body.kind !== 'single') throw new Error(`expected a single result, got ${response.body.kind}`);
    if (!lastContext) throw new Error('expected willSendResponse to see the context');
    const { data, errors, extensions } = response.body.singleResult;
    return { status: response.http.status, data, errors, extensions, context: lastContext };
  }

  describe('an operation over the budget', () => {
    it('is refused with QUERY_TOO_EXPENSIVE, its estimate and the budget, and no upstream request', async () => {
      const answer = await run(OVER_BUDGET);
      expect(answer.status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(answer.errors).toEqual([
        {
          message:
            'This operation could need up to 10,202 upstream requests; the budget is 300 (about 30 s of upstream time). Ask for fewer items (first/last) or less nesting.',
          extensions: { code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', estimate: 10202, budget: 300 },
        },
      ]);
      expect(fake.requests).toHaveLength(0);
      expect(plugin.measureOf(answer.context)).toMatchObject({ upstreamRequests: 10202, exceeded: { limit: 'upstreamRequests' } });
    });

    it('is refused for _entities with more representations than the budget allows', async () => {
      // Each product's own feed page 1 proves it and carries its title: one request per product.
      const representations = Array.from({ length: 301 }, (_, index) => resource(`PRODUCT-${index}`));
      const answer = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { title } } }', { r: representations });
      expect(answer.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', estimate: 301, budget: 300 });
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('an operation too deep or too aliased', () => {
    it('is refused for its depth before being estimated', async () => {
      const answer = await run(
        '{ resources { nodes { subResources { nodes { files { nodes { subResource { resource { subResources { nodes { resource { subResources { totalCount } } } } } } } } } } } } }',
      );
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]).toEqual({
        message: 'This operation nests fields 13 deep; the limit is 12. Ask for less nesting.',
        extensions: { code: 'QUERY_TOO_EXPENSIVE', limit: 'depth', depth: 13, maxDepth: 12 },
      });
      expect(plugin.measureOf(answer.context)).toMatchObject({ depth: 13, upstreamRequests: null });
      expect(fake.requests).toHaveLength(0);
    });

    it('is refused for 31 aliases', async () => {
      const fields = Array.from({ length: 31 }, (_, index) => `r${index}: resources(first: 1) { totalCount }`).join(' ');
      const answer = await run(`{ ${fields} }`);
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]).toEqual({
        message: 'This operation uses 31 aliases; the limit is 30. Use fewer aliases, or split the operation.',
        extensions: { code: 'QUERY_TOO_EXPENSIVE', limit: 'aliases', aliases: 31, maxAliases: 30 },
      });
      expect(fake.requests).toHaveLength(0);
    });

    it('lets 30 aliases through', async () => {
      const fields = Array.from({ length: 30 }, (_, index) => `r${index}: resources(first: 1) { totalCount }`).join(' ');
      const answer = await run(`{ ${fields} }`);
      expect(answer.errors).toBeUndefined();
      expect(plugin.measureOf(answer.context)).toMatchObject({ aliases: 30, upstreamRequests: 1, exceeded: null });
      // Thirty aliases of one window read its page once.
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('operations within the limits', () => {
    it("lets GraphiQL's full introspection through, at no upstream cost", async () => {
      const answer = await run(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }));
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.['__schema']).toBeDefined();
      expect(plugin.measureOf(answer.context)).toEqual({ depth: 0, introspectionDepth: 15, aliases: 0, upstreamRequests: 0, exceeded: null });
      expect(fake.requests).toHaveLength(0);
    });

    it("answers the README's nested example, estimated at 10 for 10 real requests", async () => {
      const answer = await run(README_NESTED);
      expect(answer.errors).toBeUndefined();
      expect((answer.data?.['resources'] as { nodes: unknown[] }).nodes).toHaveLength(3);
      expect(plugin.measureOf(answer.context)).toEqual({ depth: 7, introspectionDepth: 0, aliases: 0, upstreamRequests: 10, exceeded: null });
      expect(fake.requests).toHaveLength(10);
    });
  });

  describe('the estimate bounds what is sent before the data tells more; the worst case bounds everything', () => {
    const ortho2024 = orthoOf2024[0]!.name;
    it.each([
      ["the README's nested example", README_NESTED, undefined, 10],
      [
        "the README's filtered example",
        '{ resources(first: 2, filter: { zone: "FXX", format: "GPKG" }) { totalCount nodes { name title subResources(first: 1, filter: { zone: "FXX", format: "GPKG" }) { nodes { name editionDate zone { code label } crs { code } files(first: 3) { totalCount nodes { name url size md5 } } } } } } }',
        undefined,
        5,
      ],
      ['the last window of a listing', '{ resources(last: 5) { nodes { name } } }', undefined, 3],
      ['totals only: the probe page of each listing', '{ resources(first: 3) { totalCount nodes { subResources(first: 100) { totalCount } } } }', undefined, 4],
      // Cold, knowing nothing: capabilities page 1, which gives the total; the rest of the scan (the fake's 116
      // products take 3 pages) and the product's own feed, should the scan miss it, are reserved at run time.
      ['a product for its facets', '{ resource(name: "BDORTHO") { name title zones { code } } }', undefined, 1],
      ['an unknown product: every capabilities page, then its feed', '{ resource(name: "NO-SUCH-PRODUCT") { title zones { code } } }', undefined, 1],
      ['the last editions of a product reached by name', '{ resource(name: "BDORTHO") { subResources(last: 30) { nodes { name } } } }', undefined, 4],
      [
        'an edition whose date hint misses',
        '{ subResource(resourceName: "BDORTHO", name: "BDORTHO_9-9_NOPE_LAMB93_D000_2024-01-01") { editionDate } }',
        undefined,
        1,
      ],
      [
        'an edition without a date in its name: the product walk',
        '{ subResource(resourceName: "cartes", name: "cartes_PLAN-IGN_FXX") { editionDate zone { code } } }',
        undefined,
        2,
      ],
      [
        "a file's edition and that edition's product, reached by name",
        'query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { files(first: 3) { nodes { subResource { title editionDate resource { title zones { code } } } } } } }',
        { s: ortho2024 },
        6,
      ],
      [
        'zones reached by their code',
        'query($z: [_Any!]!) { _entities(representations: $z) { ... on Zone { label resources(first: 3) { nodes { name } } } } }',
        {
          z: [
            { __typename: 'Zone', code: 'D075' },
            { __typename: 'Zone', code: 'FXX' },
          ],
        },
        2,
      ],
      ['the 20 representations of the federation test', ENTITIES, { representations: REPRESENTATIONS }, 4],
      [
        'the latest edition for a zone, and its files',
        '{ resource(name: "ADMIN-EXPRESS-COG") { latestEdition(zone: "Paris", format: "SHP") { name files { nodes { name size md5 } } } } }',
        undefined,
        2,
      ],
      // Page 1 of the product's listing, then of each of the 13 zones a région may hold.
      ['the newest edition per zone of a région', '{ resource(name: "BDORTHO") { editions(zones: ["R11"], format: "JP2-E080") { name } } }', undefined, 14],
      [
        'the checksums of a split archive',
        'query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { totalSize archives { name } checksums { allAgree } } }',
        { s: multipart.name },
        2,
      ],
      // Cold: page 1, which gives the total; the other pages of the fake's 116 products are reserved at run time.
      ['the catalogue facets', '{ facets { formats { resourceCount resources { name } } } }', undefined, 1],
    ])('%s', async (_title, query, variables, estimate) => {
      const answer = await run(query, variables);
      expect(answer.errors).toBeUndefined();
      expect(plugin.measureOf(answer.context)?.upstreamRequests).toBe(estimate);
      const sent = fake.requests.length;
      const usage = answer.context.loaders.usage();
      expect(sent).toBeGreaterThan(0);
      expect(usage.sent).toBe(sent);
      // What was not taken from a run-time reservation was charged before running.
      expect(sent - usage.reserved).toBeLessThanOrEqual(estimate);
      expect(sent).toBeLessThanOrEqual(estimateUpstreamRequests(buildSchema(), parse(query), null, variables ?? null, undefined, { worstCase: true }));
    });
  });

  describe('extensions.upstream on every answer', () => {
    it('an answer: what was estimated, reserved and sent, and the budget', async () => {
      const answer = await run(README_NESTED);
      expect(answer.extensions?.['upstream']).toEqual({ estimated: 10, reserved: 0, sent: 10, cacheHits: 0, budget: 300 });
    });

    it('a walk of unknown length: page 1 estimated, the other pages reserved while running', async () => {
      const answer = await run('{ facets { formats { resourceCount } } }');
      // The fake's 116 products: 3 capabilities pages.
      expect(answer.extensions?.['upstream']).toEqual({ estimated: 1, reserved: 2, sent: 3, cacheHits: 0, budget: 300 });
    });

    it('a refusal: the estimate over the budget, nothing sent', async () => {
      const answer = await run(OVER_BUDGET);
      expect(answer.extensions?.['upstream']).toEqual({ estimated: 10202, reserved: 0, sent: 0, cacheHits: 0, budget: 300 });
    });

    it('a refusal for its shape, and a document that does not parse: no estimate', async () => {
      const deep = await run(
        '{ resources { nodes { subResources { nodes { files { nodes { subResource { resource { subResources { nodes { resource { subResources { totalCount } } } } } } } } } } } } }',
      );
      expect(deep.extensions?.['upstream']).toEqual({ estimated: null, reserved: 0, sent: 0, cacheHits: 0, budget: 300 });
      const broken = await run('{ resources {');
      expect(broken.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
      expect(broken.extensions?.['upstream']).toEqual({ estimated: null, reserved: 0, sent: 0, cacheHits: 0, budget: 300 });
    });
  });

  describe('options', () => {
    it.each([
      [{ budget: -1 }, 'createOperationLimitsPlugin: expected budget to be an integer of at least 0, got -1'],
      [{ maxDepth: 0 }, 'createOperationLimitsPlugin: expected maxDepth to be an integer of at least 1, got 0'],
      [{ maxAliases: 1.5 }, 'createOperationLimitsPlugin: expected maxAliases to be an integer of at least 0, got 1.5'],
      [{ ratePerSecond: Number.NaN }, 'createOperationLimitsPlugin: expected ratePerSecond to be an integer of at least 1, got NaN'],
    ])('refuses %p', (options, message) => {
      expect(() => createOperationLimitsPlugin(options)).toThrow(new TypeError(message));
    });
  });
});
