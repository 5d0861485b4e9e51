import { encodeCursor } from '../../src/graphql/connections/cursor';
import { PUBLIC_ERROR_CODES } from '../../src/core/errors';
import { buildCatalogue } from '../fakeUpstream/catalogue';
import type { Fault } from '../fakeUpstream/FakeGeopfServer';
import { subgraphForSuite } from '../helpers/startSubgraph';
import { seededRandom as random } from '../helpers/seededRandom';

const catalogue = buildCatalogue();
const PRODUCTS = ['ADMIN-EXPRESS-COG', 'BDORTHO', 'RGEALTI', 'cartes'];

/** Hostile or broken values for each kind of argument. */
const HOSTILE = {
  name: ['', '.', '..', '../capabilities', 'a/b', 'x\u0000y', 'x\ny', '%2e%2e', 'é'.repeat(300), ' ', 'BDORTHO?page=2', 'NO-SUCH', ...PRODUCTS],
  size: [-1, 0, 1, 7, 50, 51, 100, 101, 2 ** 31, -(2 ** 31)],
  cursor: [
    '',
    'x',
    '====',
    'djE6',
    Buffer.from('v1:00000000:5').toString('base64'),
    Buffer.from('v1:bbe58544:-3').toString('base64'),
    encodeCursor('capabilities?', 10),
    encodeCursor('capabilities?', 99999),
    'A'.repeat(5000),
  ],
  date: ['2025-01-01', '2025-02-30', '2025-13-01', '01/02/2025', '', '2025-1-1', '9999-12-31'],
  zone: ['D075', '75', '2A', '20', 'Paris', 'R11', 'D0971', 'AE', 'zzz', '', 'D075&page=2', 'é'.repeat(70)],
  code: ['SHP', 'GPKG', '', 'SHP;DROP', 'a'.repeat(100), 'EPSG:2154'],
};

function pick<T>(rand: () => number, values: readonly T[]): T {
  return values[Math.floor(rand() * values.length)] as T;
}

/** One generated operation: a query text, its variables, and for some a check of the data against the catalogue. */
interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  /** A description of what is wrong with the data, or null. */
  check?: (data: any) => string | null;
}

function operation(rand: () => number): Operation {
  const kind = Math.floor(rand() * 14);
  switch (kind) {
    case 0:
      return {
        query: 'query($f: Int, $a: String) { resources(first: $f, after: $a) { totalCount nodes { name } } }',
        variables: { f: pick(rand, HOSTILE.size), a: pick(rand, HOSTILE.cursor) },
      };
    case 1:
      return {
        query: 'query($l: Int, $b: String) { resources(last: $l, before: $b) { edges { cursor node { name } } pageInfo { hasPreviousPage } } }',
        variables: { l: pick(rand, HOSTILE.size), b: pick(rand, HOSTILE.cursor) },
      };
    case 2: {
      const name = pick(rand, HOSTILE.name);
      const known = catalogue.find((resource) => resource.name === name);
      return {
        query: 'query($n: ID!) { resource(name: $n) { name title subResources(first: 2) { totalCount nodes { name } } } }',
        variables: { n: name },
        check: (data) => {
          const got = data?.resource;
          if (!got) return null;
          if (!known) return `an unknown product ${JSON.stringify(name)} answered ${JSON.stringify(got).slice(0, 80)}`;
          if (got.title !== known.title) return `${name}: title ${got.title}, expected ${known.title}`;
          if (got.subResources && got.subResources.totalCount !== known.editions.length)
            return `${name}: ${got.subResources.totalCount} editions, expected ${known.editions.length}`;
          return null;
        },
      };
    }
    case 3:
      return {
        query: 'query($r: ID!, $n: ID!) { subResource(resourceName: $r, name: $n) { editionDate files(first: 3) { nodes { name size } } } }',
        variables: { r: pick(rand, HOSTILE.name), n: pick(rand, HOSTILE.name) },
      };
    case 4:
      return {
        query: 'query($z: String, $f: String, $d: Date) { resources(first: 5, filter: { zone: $z, format: $f, editionDateFrom: $d }) { totalCount } }',
        variables: { z: pick(rand, HOSTILE.zone), f: pick(rand, HOSTILE.code), d: pick(rand, HOSTILE.date) },
      };
    case 5: {
      const points = Array.from({ length: Math.floor(rand() * 6) }, () => ({ lon: rand() * 500 - 250, lat: rand() * 200 - 100 }));
      return { query: 'query($p: [PointInput!]) { resources(first: 3, filter: { polygon: $p }) { totalCount } }', variables: { p: points } };
    }
    case 6:
      return {
        query: `query($g: String) { resources(first: 3, filter: { geoJson: $g }) { totalCount } }`,
        variables: { g: pick(rand, ['{', '{"type":"Point"}', '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}', 'null', '[]']) },
      };
    case 7: {
      const depth = 1 + Math.floor(rand() * 10);
      let inner = 'name';
      for (let level = 0; level < depth; level += 1) inner = `subResources(first: 1) { nodes { resource { ${inner} } } }`;
      return { query: `{ resource(name: "BDORTHO") { ${inner} } }` };
    }
    case 8: {
      const count = Math.floor(rand() * 60);
      return {
        query: `{ ${Array.from({ length: count }, (_, index) => `a${index}: resource(name: "${pick(rand, PRODUCTS)}") { name }`).join(' ')} __typename }`,
      };
    }
    case 9:
      return { query: '{ resources(first: 100) { nodes { subResources(first: 100) { nodes { files(first: 100) { totalCount } } } } } }' };
    case 10: {
      const representations = Array.from({ length: Math.floor(rand() * 30) }, () =>
        pick(rand, [
          { __typename: 'Resource', name: pick(rand, HOSTILE.name) },
          { __typename: 'Nope' },
          { name: 'x' },
          { __typename: 'Zone', code: pick(rand, HOSTILE.zone) },
          42,
          null,
        ]),
      );
      return {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { name } ... on Zone { label } } }',
        variables: { r: representations },
      };
    }
    case 11:
      return {
        query: pick(rand, [
          '{',
          '}',
          'query {',
          '{ resources(first: ) }',
          'mutation { x }',
          'subscription { x }',
          '{ __schema { types { name } } }',
          'fragment F on Query { ...F } { ...F }',
          '{ resources { totalCount } resources { nodes { name } } }',
          '{ nope }',
        ]),
      };
    case 12:
      return { query: 'query($z: String!) { zone(input: $z) { code label kind departements { code } } }', variables: { z: pick(rand, HOSTILE.zone) } };
    default:
      return {
        query: 'query($n: ID!) { resource(name: $n) { latestEdition(zone: "75", format: "SHP") { name } editions(zones: ["R11"]) { name } } }',
        variables: { n: pick(rand, HOSTILE.name) },
      };
  }
}

/** Upstream faults injected on a share of the requests. */
function fault(rand: () => number): Fault | undefined {
  const roll = rand();
  if (roll > 0.15) return undefined;
  return pick<Fault>(rand, [
    { status: 500 },
    { status: 502 },
    { status: 503 },
    { status: 429, headers: { 'retry-after': '0' } },
    { status: 403 },
    { reset: true },
    { truncateAt: 200 },
    { body: '<feed xmlns="http://www.w3.org/2005/Atom"><entry>' },
    { body: '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><feed>&b;</feed>' },
    { body: '{"totalentries":1}', contentType: 'application/json' },
    { body: '<html>maintenance</html>', contentType: 'text/html' },
    { delayMs: 50 },
  ]);
}

describe('hostile operations and a faulty upstream', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 10, cacheTtlSeconds: 300, maxAttempts: 2, deadlineMs: 3000, timeoutMs: 1000 });

  it('answers every one of 2,000 operations with well-formed data or coded errors, never exceeding the upstream rate', async () => {
    const rand = random(20261127);
    const faultRand = random(7);
    let faultsInjected = 0;
    subgraph.fake.setFault(() => {
      const picked = fault(faultRand);
      if (picked) faultsInjected += 1;
      return picked;
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const problems: string[] = [];
    const codes = new Map<string, number>();
    let withData = 0;
    const total = 2000;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        next += 1;
        const { query, variables, check } = operation(rand);
        const response = await fetch(subgraph.server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        const text = await response.text();
        let body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
        try {
          body = JSON.parse(text);
        } catch {
          problems.push(`not JSON (${response.status}): ${text.slice(0, 100)}`);
          continue;
        }
        if (![200, 400].includes(response.status)) problems.push(`HTTP ${response.status} for ${query.slice(0, 80)}`);
        if (body.data === undefined && body.errors === undefined) problems.push(`neither data nor errors for ${query.slice(0, 80)}`);
        if (body.data) withData += 1;
        const wrong = check?.(body.data);
        if (wrong) problems.push(`wrong data: ${wrong}`);
        for (const error of body.errors ?? []) {
          const code = error.extensions?.code ?? 'none';
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (!PUBLIC_ERROR_CODES.has(code)) problems.push(`code ${code}: ${error.message.slice(0, 120)} for ${query.slice(0, 80)}`);
          if (/\n\s+at |telechargement\/|127\.0\.0\.1/.test(error.message)) problems.push(`leak: ${error.message.slice(0, 120)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    subgraph.fake.setFault(undefined);

    expect(problems).toEqual([]);
    expect(withData).toBeGreaterThan(100);
    expect(codes.get('BAD_USER_INPUT')).toBeGreaterThan(100);
    expect(codes.get('QUERY_TOO_EXPENSIVE')).toBeGreaterThan(10);
    expect(subgraph.fake.requests.length).toBeGreaterThan(20);
    // Never above the rate, even with 429s, retries and resets in the mix.
    expect(subgraph.fake.maxRequestsInAnyWindow(1000)).toBeLessThanOrEqual(10);
    // Still serving, and its data still right.
    const after = await subgraph.query('{ resource(name: "BDORTHO") { title } }');
    expect(after.data?.resource.title).toBe(catalogue.find((resource) => resource.name === 'BDORTHO')?.title);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(300 * 2 ** 20);
    expect(faultsInjected).toBeGreaterThan(5);
    process.stdout.write(
      `fuzz: ${total} operations, ${withData} with data, ${subgraph.fake.requests.length} upstream requests (${faultsInjected} faulted), codes ${JSON.stringify(Object.fromEntries(codes))}, max ${subgraph.fake.maxRequestsInAnyWindow(1000)} per second\n`,
    );
  }, 600_000);
});
