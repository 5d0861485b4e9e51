import { request as httpRequest } from 'node:http';
import { MAX_FRAGMENT_NESTING } from '../../src/graphql/limits/fragmentSpreads';
import { subgraphForSuite } from '../helpers/startSubgraph';

/** `{ ...F0 }` with F0 spreading F1 … spreading F`length`, the last one selecting `__typename`. */
function fragmentChain(length: number): string {
  const links = Array.from({ length }, (_, index) => `fragment F${index} on Query { ...F${index + 1} }`);
  return `{ ...F0 } ${links.join(' ')} fragment F${length} on Query { __typename }`;
}

/** `length` fragments, each spreading the next two (modulo `length`): one big cycle. */
function fragmentCycle(length: number): string {
  const links = Array.from({ length }, (_, index) => `fragment F${index} on Query { ...F${(index + 1) % length} ...F${(index + 2) % length} }`);
  return `{ ...F0 } ${links.join(' ')}`;
}

describe('hostile clients', () => {
  const logged: string[] = [];
  const subgraph = subgraphForSuite({ logger: { info: () => undefined, warn: (message) => logged.push(message), error: (message) => logged.push(message) } });
  beforeEach(() => {
    logged.length = 0;
    subgraph.clearUpstream();
  });

  describe('fragment spreads', () => {
    it('answers a chain of 3,000 fragments with BAD_USER_INPUT naming the limit, not a stack overflow', async () => {
      const answer = await subgraph.query(fragmentChain(3000));
      expect(answer.status).toBe(400);
      expect(answer.errors).toEqual([{ message: expect.stringContaining(`at most ${MAX_FRAGMENT_NESTING} deep`), extensions: { code: 'BAD_USER_INPUT' } }]);
      expect(answer.errors?.[0]?.message).toContain('nests 3001');
      expect(logged).toEqual([]);
    });

    it('answers a cycle of 1,000 fragments with two spreads each with BAD_USER_INPUT, not a stack overflow', async () => {
      const answer = await subgraph.query(fragmentCycle(1000));
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/^Fragments must not spread themselves.*\(1000 fragments\)/);
      expect(logged).toEqual([]);
    });

    it('refuses a chain through a GET request too', async () => {
      const url = `${subgraph.server.url}?query=${encodeURIComponent(fragmentChain(150))}`;
      const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    });

    it('still runs a chain of exactly the limit, and leaves a short cycle to validation', async () => {
      const chained = await subgraph.query(fragmentChain(MAX_FRAGMENT_NESTING - 1));
      expect(chained).toEqual({
        status: 200,
        data: { __typename: 'Query' },
        extensions: { upstream: { estimated: 0, reserved: 0, sent: 0, cacheHits: 0, budget: 300 } },
      });
      const cycle = await subgraph.query(fragmentCycle(3));
      expect(cycle.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('filters that cannot fit a URL', () => {
    it('refuses a 500-point polygon with BAD_USER_INPUT saying the limit, before any upstream request', async () => {
      const polygon = Array.from({ length: 500 }, (_, index) => {
        const angle = (2 * Math.PI * index) / 500;
        return { lon: 2.35 + 0.1 * Math.cos(angle), lat: 48.85 + 0.1 * Math.sin(angle) };
      });
      const answer = await subgraph.query(
        'query($p: [PointInput!]) { resource(name: "BDORTHO") { subResources(first: 1, filter: { polygon: $p }) { totalCount } } }',
        { p: polygon },
      );
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.polygon' });
      expect(answer.errors?.[0]?.message).toMatch(/at most 6000 characters once encoded/);
      expect(subgraph.upstreamLog().filter((path) => path.includes('polygon='))).toEqual([]);
    });
  });

  describe('request bodies', () => {
    it('answers 413 to a 5 MB body sent by fetch, every time, without resetting the connection', async () => {
      const body = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(5_000_000) });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 8; attempt += 1) {
        const response = await fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        statuses.push(response.status);
        expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
      }
      expect(statuses).toEqual(Array(8).fill(413));
      // The server is still fine.
      expect(await subgraph.query('{ __typename }')).toEqual({
        status: 200,
        data: { __typename: 'Query' },
        extensions: { upstream: { estimated: 0, reserved: 0, sent: 0, cacheHits: 0, budget: 300 } },
      });
    });

    it('answers 413 at once, and closes, when the declared length is far beyond what it would read', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          subgraph.server.url,
          { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(2 ** 40) } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.write('{"query":"');
      });
      expect(status).toBe(413);
    });
  });
});
