import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { createContext, type Context } from '../../../src/graphql/context';
import { createOperationLimitsPlugin, type OperationLimitsPlugin } from '../../../src/graphql/limits/createOperationLimitsPlugin';
import type { ListingKnowledge } from '../../../src/upstream/loaders/ListingKnowledge';
import { buildSchema } from '../../../src/graphql/schema';
import { GeopfClient } from '../../../src/upstream/client/GeopfClient';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { FakeGeopfServer } from '../../fakeUpstream/FakeGeopfServer';

/** Its estimate depends on the total of BDORTHO's listing: 50 editions at most, or as many as it holds. */
const FILES_OF_EDITIONS = '{ resource(name: "BDORTHO") { subResources(first: 50) { nodes { files(first: 1) { totalCount } } } } }';
/** The same listing twice, under aliases: the walk asks its total twice. */
const ALIASED =
  '{ a: resource(name: "BDORTHO") { subResources(first: 2) { nodes { name } } } b: resource(name: "BDORTHO") { subResources(first: 3) { nodes { name } } } }';
const NO_LISTING = '{ __typename }';
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The plugin's memo of measures, seen through what it asks of the cache's knowledge of listing totals. */
describe('createOperationLimitsPlugin() remembering measures', () => {
  let fake: FakeGeopfServer;
  let client: GeopfClient;
  /** The totals the fake knowledge answers, by listing (`segments?params`); absent: unknown. */
  let totals: Map<string, number>;
  /** Every listing whose total was asked, in order. */
  let asked: string[];
  /** The capabilities page the fake knowledge says each product was last seen on. */
  let pages: Map<string, number>;
  let plugin: OperationLimitsPlugin;
  let server: ApolloServer<Context>;
  /** Apollo hands plugins a copy of the context, under which the measure is kept: captured as a logging plugin would. */
  let seen: Context | undefined;

  const listingOf = (segments: readonly string[], params: Readonly<Record<string, string>>) =>
    `${segments.join('/')}?${new URLSearchParams(params).toString()}`;
  const knowledge: ListingKnowledge = {
    knownTotal: (segments, params) => {
      asked.push(listingOf(segments, params));
      return totals.get(listingOf(segments, params));
    },
    capabilitiesPageOf: (name) => pages.get(name),
  };
  const capture: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          seen = contextValue;
        },
      };
    },
  };

  beforeAll(async () => {
    fake = new FakeGeopfServer({ ratePerSecond: 1000 });
    client = new GeopfClient({
      baseUrl: await fake.start(),
      gate: new RateGate({ ratePerSecond: 1000 }),
      timeoutMs: 5000,
      userAgent: 'geopf-download-subgraph/test',
      retry: { maxAttempts: 1 },
    });
  });
  afterAll(() => fake.stop());
  beforeEach(async () => {
    totals = new Map();
    asked = [];
    pages = new Map();
    // A budget below the unknown-total estimate: those operations are refused before they run.
    plugin = createOperationLimitsPlugin({ knowledge, budget: 10 });
    server = new ApolloServer<Context>({ schema: buildSchema(), plugins: [plugin, capture], logger: quiet });
    await server.start();
  });
  afterEach(() => server.stop());

  async function estimateOf(query: string): Promise<number | null | undefined> {
    seen = undefined;
    await server.executeOperation({ query }, { contextValue: createContext(client, { deadlineMs: 20000 }) });
    if (!seen) throw new Error('expected willSendResponse to see the context');
    return plugin.measureOf(seen)?.upstreamRequests;
  }

  it('reuses the measure of a repeated operation, only asking again, once each, the totals it used', async () => {
    const first = await estimateOf(ALIASED);
    expect(asked).toEqual(['resource/BDORTHO?', 'resource/BDORTHO?']);
    asked = [];
    expect(await estimateOf(ALIASED)).toBe(first);
    // Not walked again: the walk would have asked twice.
    expect(asked).toEqual(['resource/BDORTHO?']);
  });

  it('measures again when a total its measure used has changed (a page of the listing cached, or expired)', async () => {
    const unknown = await estimateOf(FILES_OF_EDITIONS);
    totals.set('resource/BDORTHO?', 3);
    const known = await estimateOf(FILES_OF_EDITIONS);
    expect(known).toBeLessThan(unknown as number);
    totals.delete('resource/BDORTHO?');
    expect(await estimateOf(FILES_OF_EDITIONS)).toBe(unknown);
  });

  it('measures again when the page a product was last seen on has changed (the index synced)', async () => {
    const facets = '{ resource(name: "BDORTHO") { zones { code } } }';
    pages.set('BDORTHO', 2);
    totals.set('capabilities?', 2500);
    expect(await estimateOf(facets)).toBe(1);
    pages.delete('BDORTHO');
    // Unseen since: the scan of every known page.
    expect(await estimateOf(facets)).toBe(50);
    pages.set('BDORTHO', 7);
    expect(await estimateOf(facets)).toBe(1);
  });

  it('reuses a measure that asked no total without asking any', async () => {
    await estimateOf(NO_LISTING);
    await estimateOf(NO_LISTING);
    expect(asked).toEqual([]);
  });
});
