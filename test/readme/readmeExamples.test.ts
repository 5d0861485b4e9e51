import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSupergraph, type RunningSupergraph } from '../../examples/supergraph/startSupergraph';
import { DEFAULT_BASE_URL } from '../../src/server/config';
import { FakeGeopfServer } from '../fakeUpstream/FakeGeopfServer';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { storesForSuite } from '../helpers/testStores';

const root = join(__dirname, '..', '..');

/** A query a page shows, with the answer it shows right after it. */
interface DocumentedExample {
  /** How the page sends it: a ```graphql block, or the body of a curl command in a ```sh block. */
  source: string;
  query: string;
  answer: unknown;
}

/**
 * Every ```graphql block of a markdown page, and every curl command (`-d '{"query": …}'`) of a ```sh block, each with
 * the ```json block that follows it: the answer the page promises. A query without a following answer is an error.
 */
function documentedExamples(file: string): DocumentedExample[] {
  const text = readFileSync(join(root, file), 'utf8');
  const blocks = [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: match[1]!,
    body: match[2]!,
    line: text.slice(0, match.index).split('\n').length,
  }));
  const examples: DocumentedExample[] = [];
  blocks.forEach((block, index) => {
    let query: string | undefined;
    if (block.lang === 'graphql') query = block.body;
    const curlBody = block.lang === 'sh' && /\bcurl\b/.test(block.body) ? /-d '([^']*)'/.exec(block.body)?.[1] : undefined;
    if (curlBody !== undefined) query = (JSON.parse(curlBody) as { query: string }).query;
    if (query === undefined) return;
    const next = blocks[index + 1];
    if (next?.lang !== 'json') throw new Error(`${file}:${block.line}: a query without its answer (a \`\`\`json block right after it)`);
    examples.push({ source: `${file}:${block.line} (${block.lang === 'sh' ? 'curl' : 'graphql'})`, query, answer: JSON.parse(next.body) });
  });
  return examples;
}

/** The body of a GraphQL answer, with the fake upstream's base URL written as the real one (as the pages show it). */
function asDocumented(body: unknown, fakeBaseUrl: string): unknown {
  return JSON.parse(JSON.stringify(body).split(fakeBaseUrl).join(DEFAULT_BASE_URL));
}

describe('the README’s queries answer what the README shows', () => {
  const examples = documentedExamples('README.md');
  const stores = storesForSuite('sqlite');
  let subgraph: SubgraphUnderTest;
  // The catalogue index answers `editions`: one sync of the fake upstream fills it before the examples run.
  beforeAll(async () => {
    subgraph = await startSubgraph({ upstreamRate: 100, catalogue: { store: await stores.open(), autoStart: false } });
    await subgraph.server.catalogue!.syncer.runOnce();
  }, 120_000);
  afterAll(() => subgraph?.stop());

  it('shows at least the nested query and the curl command, each with its answer', () => {
    expect(examples.map((example) => example.source.replace(/:\d+/, ''))).toEqual(expect.arrayContaining(['README.md (graphql)', 'README.md (curl)']));
  });

  it.each(examples.map((example) => [example.source, example] as const))('%s', async (_source, example) => {
    const { status, ...body } = await subgraph.query(example.query);
    expect(status).toBe(200);
    expect(asDocumented(body, subgraph.baseUrl)).toEqual(example.answer);
  });
});

describe('docs/federation.md’s supergraph query answers what the page shows', () => {
  const examples = documentedExamples(join('docs', 'federation.md'));
  let fake: FakeGeopfServer;
  let upstreamBaseUrl: string;
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    fake = new FakeGeopfServer({ ratePerSecond: 10 });
    upstreamBaseUrl = await fake.start();
    supergraph = await startSupergraph({ upstreamBaseUrl });
  });
  afterAll(async () => {
    await supergraph.stop();
    await fake.stop();
  });

  it('shows one', () => expect(examples.length).toBeGreaterThan(0));

  it.each(examples.map((example) => [example.source, example] as const))('%s', async (_source, example) => {
    const response = await fetch(supergraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: example.query }),
    });
    expect(asDocumented(await response.json(), upstreamBaseUrl)).toEqual(example.answer);
  });
});
