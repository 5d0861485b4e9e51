import { PUBLIC_ERROR_CODES } from '../../src/core/errors';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { seededRandom as random } from '../helpers/seededRandom';

const integer = (rand: () => number, max: number) => Math.floor(rand() * max);

/** One request a hostile client may send: a JSON body (or raw text) and what the answer must be. */
interface Attack {
  kind: string;
  body: string;
  /** HTTP statuses allowed for it. */
  statuses: readonly number[];
}

const json = (kind: string, payload: unknown, statuses: readonly number[] = [200, 400]): Attack => ({ kind, body: JSON.stringify(payload), statuses });

// Private: fragments F0…F(n−1) on Query, each spreading `spreads` others picked by `target`.
function fragmentGraph(count: number, spreads: number, target: (index: number, spread: number) => number, leaf = '__typename'): string {
  const fragments = Array.from({ length: count }, (_, index) => {
    const inner = Array.from({ length: spreads }, (_, spread) => target(index, spread))
      .filter((other) => other < count)
      .map((other) => `...F${other}`)
      .join(' ');
    return `fragment F${index} on Query { ${inner || leaf} ${inner ? '' : ''} }`;
  });
  return `{ ...F0 } ${fragments.join(' ')}`;
}

function attack(rand: () => number): Attack {
  switch (integer(rand, 9)) {
    case 0: {
      // A chain of fragments, from harmless to thousands long.
      const length = 1 + integer(rand, 4000);
      return json('fragment chain', { query: fragmentGraph(length, 1, (index) => (index + 1 < length ? index + 1 : length)) });
    }
    case 1: {
      // A cycle of spreads, one to three spreads per fragment.
      const length = 2 + integer(rand, 2000);
      const spreads = 1 + integer(rand, 3);
      return json('fragment cycle', { query: fragmentGraph(length, spreads, (index, spread) => (index + spread + 1) % length) });
    }
    case 2: {
      // A dense web of fragments, each spreading several later ones.
      const count = 2 + integer(rand, 60);
      return json('fragment web', { query: fragmentGraph(count, 1 + integer(rand, 6), (index, spread) => index + 1 + spread * (1 + integer(rand, 3))) });
    }
    case 3: {
      // _entities with keys of every wrong shape.
      const keys: unknown[] = [{ x: 1 }, 42, null, true, [], ['BDORTHO'], '', 'BDORTHO', { toString: 'x' }];
      const representations = Array.from({ length: integer(rand, 3000) }, () => {
        const typename = ['Resource', 'SubResource', 'File', 'Zone'][integer(rand, 4)];
        const representation: Record<string, unknown> = { __typename: typename };
        for (const field of ['name', 'resourceName', 'subResourceName', 'code']) if (rand() < 0.7) representation[field] = keys[integer(rand, keys.length)];
        return representation;
      });
      return json('entity keys', { query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: representations } });
    }
    case 4: {
      // A body far over the limit, or just over it.
      const size = rand() < 0.5 ? 1_000_001 + integer(rand, 1000) : 2_000_000 + integer(rand, 2_000_000);
      return json('huge body', { query: '{ __typename }', padding: 'x'.repeat(size) }, [413]);
    }
    case 5: {
      // A polygon of up to 500 points at full precision: most cannot fit a URL.
      const count = 3 + integer(rand, 498);
      const polygon = Array.from({ length: count }, (_, index) => {
        const angle = (2 * Math.PI * index) / count;
        return { lon: 2.35 + 0.1 * Math.cos(angle) + rand() * 1e-9, lat: 48.85 + 0.1 * Math.sin(angle) };
      });
      return json('polygon', { query: 'query($p: [PointInput!]) { resources(first: 1, filter: { polygon: $p }) { totalCount } }', variables: { p: polygon } });
    }
    case 6: {
      // Deep nesting of fields or inline fragments, up to what the parser refuses.
      const depth = 1 + integer(rand, 3000);
      const query =
        rand() < 0.5 ?
          `{ ${'resource(name: "BDORTHO") { subResources { nodes { resource { '.repeat(Math.ceil(depth / 4))}name${' } } } }'.repeat(Math.ceil(depth / 4))} }`
        : `{ ${'... on Query { '.repeat(depth)}__typename${' }'.repeat(depth)} }`;
      return json('deep nesting', { query });
    }
    case 7: {
      // Malformed bodies.
      const bodies = [
        '{',
        '[]',
        '[{"query":"{ __typename }"}]',
        'null',
        '"text"',
        '{"query": 42}',
        '{"query": "{ __typename }", "variables": "x"}',
        '\u0000'.repeat(100),
      ];
      return { kind: 'malformed body', body: bodies[integer(rand, bodies.length)] as string, statuses: [200, 400] };
    }
    default: {
      // Thousands of aliases or of repeated fields.
      const count = integer(rand, 5000);
      return json('wide selection', {
        query: `{ ${Array.from({ length: count }, (_, index) => (rand() < 0.5 ? `a${index}: __typename` : '__typename')).join(' ')} }`,
      });
    }
  }
}

describe('hostile clients', () => {
  let subgraph: SubgraphUnderTest;
  const logLines: string[] = [];
  beforeAll(async () => {
    const record = (message: string) => logLines.push(message);
    subgraph = await startSubgraph({ upstreamRate: 10, cacheTtlSeconds: 300, logger: { info: () => undefined, warn: record, error: record } });
  });
  afterAll(() => subgraph.stop());

  it('answers every one of 150 hostile requests with a coded answer: no 500, no reset, no crash, few log lines', async () => {
    const rand = random(20261130);
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    const codes = new Map<string, number>();
    const total = 150;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        next += 1;
        const { kind, body, statuses } = attack(rand);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        let response: Response;
        try {
          response = await fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        } catch (error) {
          problems.push(`${kind}: no answer (${String(error)})`);
          continue;
        }
        const text = await response.text();
        if (!statuses.includes(response.status)) problems.push(`${kind}: HTTP ${response.status} ${text.slice(0, 120)}`);
        let answer: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
        try {
          answer = JSON.parse(text);
        } catch {
          problems.push(`${kind}: not JSON (${response.status}): ${text.slice(0, 100)}`);
          continue;
        }
        if (answer.data === undefined && answer.errors === undefined) problems.push(`${kind}: neither data nor errors`);
        for (const error of answer.errors ?? []) {
          const code = error.extensions?.code ?? 'none';
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (!PUBLIC_ERROR_CODES.has(code)) problems.push(`${kind}: code ${code}: ${error.message.slice(0, 120)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(problems).toEqual([]);
    // Client mistakes are not logged as errors, and never once per entry of one request.
    expect(logLines.length).toBeLessThan(20);
    expect([...kinds.keys()].sort()).toEqual([
      'deep nesting',
      'entity keys',
      'fragment chain',
      'fragment cycle',
      'fragment web',
      'huge body',
      'malformed body',
      'polygon',
      'wide selection',
    ]);
    expect(await subgraph.query('{ __typename }')).toEqual({
      status: 200,
      data: { __typename: 'Query' },
      extensions: { upstream: { estimated: 0, reserved: 0, sent: 0, cacheHits: 0, budget: 300 } },
    });
    process.stdout.write(
      `fuzz (clients): ${total} requests ${JSON.stringify(Object.fromEntries(kinds))}, codes ${JSON.stringify(Object.fromEntries(codes))}, ${logLines.length} log lines\n`,
    );
  }, 240_000);
});
