import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { MemoryChangeSource } from '../../src/catalogue/changes/MemoryChangeSource';
import { PUBLIC_ERROR_CODES } from '../../src/core/errors';
import type { DoorExample, DoorInfo } from '../../src/server/admission/Door';
import { editionAdded } from '../catalogue/changes/sampleEvents';
import { rawRequest, type RawAnswer } from '../helpers/rawRequest';
import { pick, seededRandom } from '../helpers/seededRandom';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

/** Requests generated per HTTP door, and messages per upgrade door. */
const PER_DOOR = 400;

const integer = (rand: () => number, max: number) => Math.floor(rand() * max);

/** Text a hostile client likes: quotes, escapes, controls, right-to-left marks, long runs, percent signs. */
function hostileText(rand: () => number): string {
  const pieces = [
    '',
    'a',
    '..',
    '/',
    '\\',
    '%',
    '%2e%2e',
    '%E0%A4%A',
    "'",
    '"',
    '`',
    '$(id)',
    ';',
    '|',
    '&',
    '#',
    '\u0000',
    '\n',
    '\u202e',
    'é',
    '𝔘',
    ' ',
    '-',
    '{',
    '}',
  ];
  return Array.from({ length: integer(rand, 8) }, () => (rand() < 0.05 ? 'x'.repeat(integer(rand, 3000)) : pick(rand, pieces))).join('');
}

/** A GraphQL text, from harmless to hostile. */
function query(rand: () => number): string {
  switch (integer(rand, 9)) {
    case 0:
      return 'subscription { catalogueChanged { id kind zoneCode } }';
    case 1:
      return `subscription { catalogueChanged(filter: { zones: ["${hostileText(rand)}"] }) { id } }`;
    case 2: {
      const count = integer(rand, 80);
      return `subscription { catalogueChanged { ${Array.from({ length: count }, (_, index) => `a${index}: id`).join(' ') || 'id'} } }`;
    }
    case 3: {
      const length = 1 + integer(rand, 3000);
      return `subscription { catalogueChanged { ...F0 } } ${Array.from({ length }, (_, index) => `fragment F${index} on CatalogueChange { ${index + 1 < length ? `...F${index + 1}` : 'id'} }`).join(' ')}`;
    }
    case 4:
      return `{ ${'... on Query { '.repeat(integer(rand, 500))}__typename${' }'.repeat(integer(rand, 500))} }`;
    case 5:
      return '{ resources(first: 3) { nodes { name } } }';
    case 6:
      return hostileText(rand);
    case 7:
      return `query { ${Array.from({ length: integer(rand, 40) }, (_, index) => `a${index}: __typename`).join(' ') || '__typename'} }`;
    default:
      return 'mutation { deleteWatch(id: "x") }';
  }
}

/** `extensions` of a request: an operation id, a callback subscription of any shape, or nonsense. */
function extensions(rand: () => number, callbackBase: string): unknown {
  const values: unknown[] = [1, 'x', -5, 0, 1000, null, [], {}, hostileText(rand), 1e308, 2 ** 53];
  switch (integer(rand, 5)) {
    case 0:
      return undefined;
    case 1:
      return { operationId: rand() < 0.7 ? `op${integer(rand, 20)}` : pick(rand, values) };
    case 2:
      return {
        subscription: {
          callbackUrl:
            rand() < 0.5 ?
              `${callbackBase}/cb/${integer(rand, 1e9)}`
            : pick(rand, [...values, 'http://internal.test/x', 'ftp://x', 'http://[::ffff:127.0.0.1]/']),
          subscriptionId: rand() < 0.8 ? `s${integer(rand, 100)}` : pick(rand, values),
          verifier: rand() < 0.8 ? 'v' : pick(rand, values),
          ...(rand() < 0.7 ? { heartbeatIntervalMs: pick(rand, [...values, 5000, 0]) } : {}),
        },
      };
    case 3:
      return { subscription: pick(rand, values) };
    default:
      return pick(rand, values);
  }
}

/** One request to a door: a variation on one of its examples. */
function httpAttack(
  rand: () => number,
  door: DoorInfo,
  tokens: readonly string[],
  callbackBase: string,
): { method: string; path: string; headers: Record<string, string>; body?: string } {
  const example: DoorExample = pick(rand, door.examples);
  const headers: Record<string, string> = { ...example.headers };
  if (rand() < 0.3)
    headers['accept'] = pick(rand, ['text/event-stream', 'application/json', '*/*', 'text/html', hostileText(rand).replace(/[^\x20-\x7e]/g, '')]);
  if (rand() < 0.3)
    headers['x-graphql-event-stream-token'] = rand() < 0.6 && tokens.length > 0 ? pick(rand, tokens) : hostileText(rand).replace(/[^\x21-\x7e]/g, '') || 'x';
  if (rand() < 0.2) headers['content-type'] = pick(rand, ['application/json', 'text/plain', 'application/x-www-form-urlencoded']);
  const method = rand() < 0.85 ? example.method : pick(rand, ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS']);
  let path = example.path;
  if (door.name === 'manifest' || rand() < 0.3) {
    const segment = encodeURIComponent(hostileText(rand)).replace(/%25/g, rand() < 0.5 ? '%' : '%25');
    path = door.name === 'manifest' ? `/downloads/${pick(rand, ['BDORTHO', 'BDTOPO', segment])}/${segment || 'x'}.${pick(rand, ['meta4', 'aria2'])}` : path;
    if (door.name.startsWith('stac') && rand() < 0.5)
      path = `/stac/${pick(rand, ['search', 'collections', `collections/${segment}`, `collections/BDTOPO/items`, `collections/${segment}/items/${segment}`, segment])}`;
    const parameters = door.name.startsWith('stac') ? ['bbox', 'intersects', 'datetime', 'limit', 'sortby', 'collections', 'ids', 'q', 'token'] : [];
    if (rand() < 0.5)
      path += `${path.includes('?') ? '&' : '?'}${pick(rand, ['query', 'zone', 'limit', 'before', 'token', 'operationId', 'variables', 'place', 'bbox', 'from', 'q', ...parameters])}=${segment}`;
  }
  const body =
    door.name === 'mcp' && method === 'POST' && rand() < 0.6 ? mcpMessage(rand)
    : method === 'GET' || method === 'HEAD' ?
      rand() < 0.05 ?
        'x'.repeat(integer(rand, 2000))
      : undefined
    : rand() < 0.1 ? pick(rand, ['{', '[]', 'null', '"x"', '[{"query":"{ __typename }"}]', '\u0000'.repeat(50), 'x'.repeat(1_000_100)])
    : JSON.stringify({
        query: query(rand),
        ...(rand() < 0.3 ? { variables: pick(rand, [{ zone: hostileText(rand) }, 'x', [], null, { filter: { zones: [hostileText(rand)] } }]) } : {}),
        ...(rand() < 0.2 ? { operationName: pick(rand, ['x', 5, null]) } : {}),
        extensions: extensions(rand, callbackBase),
      });
  return { method, path, headers, ...(body !== undefined ? { body } : {}) };
}

/** One MCP JSON-RPC message: a tool call with hostile arguments, a resource read, or a malformed request. */
function mcpMessage(rand: () => number): string {
  const tools = ['find_products', 'latest_edition', 'editions_at', 'edition_files', 'download_plan', 'changes_since', hostileText(rand)];
  const value = () => pick(rand, [hostileText(rand), integer(rand, 1e6) - 500, null, [], {}, [hostileText(rand)], true, 'Brest', 'BDTOPO', -1e308]);
  const args = Object.fromEntries(
    Array.from({ length: integer(rand, 5) }, () => [
      pick(rand, ['q', 'limit', 'product', 'place', 'edition', 'editions', 'format', 'lon', 'lat', 'bbox', 'cursor', hostileText(rand)]),
      value(),
    ]),
  );
  switch (integer(rand, 4)) {
    case 0:
      return JSON.stringify({
        jsonrpc: '2.0',
        id: integer(rand, 100),
        method: 'resources/read',
        params: { uri: pick(rand, [`geopf://product/${hostileText(rand)}`, hostileText(rand)]) },
      });
    case 1:
      return JSON.stringify({
        jsonrpc: '2.0',
        id: pick(rand, [1, null, {}, 'x']),
        method: pick(rand, ['tools/call', 'tools/list', hostileText(rand)]),
        params: pick(rand, [null, 'x', [], {}]),
      });
    default:
      return JSON.stringify({
        jsonrpc: '2.0',
        id: integer(rand, 100),
        method: 'tools/call',
        params: { name: pick(rand, tools), arguments: rand() < 0.9 ? args : value() },
      });
  }
}

/** One graphql-ws message, from the protocol's own to garbage. */
function wsMessage(rand: () => number): string | Buffer {
  switch (integer(rand, 6)) {
    case 0:
      return JSON.stringify({
        id: `${integer(rand, 30)}`,
        type: 'subscribe',
        payload: { query: query(rand), ...(rand() < 0.3 ? { variables: { zone: hostileText(rand) } } : {}) },
      });
    case 1:
      return JSON.stringify({ id: `${integer(rand, 30)}`, type: 'complete' });
    case 2:
      return JSON.stringify({
        type: pick(rand, ['ping', 'pong', 'connection_init', 'next', 'error', hostileText(rand)]),
        payload: pick(rand, [null, 1, 'x', {}]),
      });
    case 3:
      return Buffer.from(Array.from({ length: integer(rand, 200) }, () => integer(rand, 256)));
    case 4:
      return JSON.stringify({ id: pick(rand, [1, null, {}, '']), type: 'subscribe', payload: pick(rand, [null, 'x', { query: 5 }]) });
    default:
      return hostileText(rand);
  }
}

/** Times `/health` until stopped: the slowest answer, and failures. */
function healthProbe(port: number) {
  let slowest = 0;
  let failures = 0;
  let probes = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const answer = await rawRequest({ port, method: 'GET', path: '/health', timeoutMs: 5000 });
      if (answer.status !== 200) failures += 1;
      slowest = Math.max(slowest, performance.now() - started);
      probes += 1;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { slowest, failures, probes };
    },
  };
}

/** What is wrong with an answer: a 500, a refusal that is not JSON or has no public code (HEAD answers have no body); null when fine. */
function problemOf(answer: RawAnswer, method: string): string | null {
  if (answer.status === null) return answer.error?.includes('ECONNRESET') || answer.error?.includes('EPIPE') ? null : `no answer: ${answer.error}`;
  if (answer.status >= 500 && answer.status !== 503) return `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
  const type = String(answer.headers['content-type'] ?? '');
  if (answer.status >= 400 && type.includes('json') && method !== 'HEAD') {
    let body: { errors?: Array<{ extensions?: { code?: string } }>; code?: string; jsonrpc?: string; error?: { code?: unknown } };
    try {
      body = JSON.parse(answer.text) as typeof body;
    } catch {
      return `HTTP ${answer.status} announced JSON but sent ${JSON.stringify(answer.text.slice(0, 200))}`;
    }
    // The MCP door's protocol refusals are JSON-RPC errors (a numeric code), as MCP clients read them.
    if (body.jsonrpc === '2.0' && typeof body.error?.code === 'number') return null;
    // GraphQL's errors shape, or STAC's `{code, description}` on the STAC doors (with NOT_FOUND for an unknown path).
    const code = body.errors?.[0]?.extensions?.code ?? body.code;
    if (code === undefined || (!PUBLIC_ERROR_CODES.has(code) && code !== 'TOO_MANY_SUBSCRIPTIONS' && code !== 'SHUTTING_DOWN' && code !== 'NOT_FOUND'))
      return `HTTP ${answer.status} code ${String(code)}`;
  }
  if (answer.text.includes('Cannot read properties') || answer.text.includes('    at ')) return `internal message: ${answer.text.slice(0, 200)}`;
  return null;
}

describe('fuzz: every door of the table, thousands of hostile inputs', () => {
  let subgraph: SubgraphUnderTest;
  let receiver: Server;
  let callbackBase = '';
  const source = new MemoryChangeSource();
  const logged: string[] = [];
  beforeAll(async () => {
    receiver = createServer((request, response) => request.resume().on('end', () => response.writeHead(rand204()).end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    callbackBase = `http://router.test:${(receiver.address() as AddressInfo).port}`;
    subgraph = await startSubgraph({
      upstreamRate: 1000,
      changes: {
        source,
        resolveHost: async (hostname) => {
          if (hostname === 'router.test') return [{ address: '127.0.0.1', family: 4 }];
          if (hostname === 'internal.test') return [{ address: '10.0.0.7', family: 4 }];
          throw new Error(`ENOTFOUND ${hostname}`);
        },
      },
      webhookAllowedHosts: ['router.test'],
      subscriptions: { reservationTtlMs: 2000, maxPerClient: 200 },
      logger: { info: () => undefined, warn: () => undefined, error: (message) => logged.push(message) },
    });
  });
  afterAll(async () => {
    await subgraph.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });
  let routerAnswers = 0;
  const rand204 = () => ((routerAnswers += 1) % 7 === 0 ? 404 : 204);

  it(`sends ${PER_DOOR} generated requests to each HTTP door: no 500, no internal message, /health within 1 s throughout`, async () => {
    const rand = seededRandom(20261207);
    const probe = healthProbe(subgraph.server.port);
    const problems: string[] = [];
    const statuses = new Map<string, number>();
    const tokens: string[] = [];
    const doors = subgraph.server.doors.filter((door) => !door.upgrade);
    let sent = 0;
    for (const door of doors) {
      const attacks = Array.from({ length: PER_DOOR }, () => httpAttack(rand, door, tokens, callbackBase));
      let next = 0;
      const worker = async () => {
        while (next < attacks.length) {
          const attack = attacks[next] as ReturnType<typeof httpAttack>;
          next += 1;
          // An accepted event stream never ends on its own: what arrived in 300 ms is its answer.
          const answer = await rawRequest({ port: subgraph.server.port, ...attack, timeoutMs: 300 });
          sent += 1;
          if (answer.status === 201 && attack.method === 'PUT') tokens.push(answer.text);
          if (rand() < 0.02) source.record(editionAdded(pick(rand, ['D029', 'D075', 'D001'])));
          const key = `${door.name} ${String(answer.status)}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          const problem = problemOf(answer, attack.method);
          if (problem) problems.push(`${door.name} ${attack.method} ${attack.path.slice(0, 80)}: ${problem}`);
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    }
    const health = await probe.stop();
    process.stdout.write(
      `fuzz (doors): ${sent} requests ${JSON.stringify(Object.fromEntries(statuses))}; /health ${health.probes} probes, slowest ${Math.round(health.slowest)} ms\n`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBe(doors.length * PER_DOOR);
    expect(health.failures).toBe(0);
    expect(health.slowest).toBeLessThan(1000);
    // Refusals are not faults: nothing is logged as an error once per hostile request.
    expect(logged.length).toBeLessThan(20);
  }, 240_000);

  it(`sends ${PER_DOOR} generated messages to each upgrade door over a few connections: typed answers or a close, never a crash`, async () => {
    const rand = seededRandom(20261208);
    const probe = healthProbe(subgraph.server.port);
    const closes = new Map<number, number>();
    const problems: string[] = [];
    for (const door of subgraph.server.doors.filter((candidate) => candidate.upgrade)) {
      const example = door.examples[0] as DoorExample;
      let left = PER_DOOR;
      while (left > 0) {
        const socket = new WebSocket(`ws://127.0.0.1:${subgraph.server.port}${example.path}`, example.headers?.['sec-websocket-protocol']);
        socket.on('error', () => undefined);
        socket.on('message', (data: Buffer) => {
          const text = data.toString('utf8');
          if (text.includes('INTERNAL_SERVER_ERROR') || text.includes('Cannot read')) problems.push(`ws: ${text.slice(0, 200)}`);
        });
        const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
        const opened = await Promise.race([new Promise((resolve) => socket.once('open', () => resolve(true))), closed.then(() => false)]);
        if (opened) {
          if (rand() < 0.9) socket.send(JSON.stringify({ type: 'connection_init' }));
          for (let index = 0; index < 50 && left > 0 && socket.readyState === WebSocket.OPEN; index += 1, left -= 1) {
            socket.send(wsMessage(rand));
            await new Promise((resolve) => setImmediate(resolve));
          }
          if (socket.readyState === WebSocket.OPEN) socket.close();
        } else left -= 1;
        const code = await closed;
        closes.set(code, (closes.get(code) ?? 0) + 1);
        if (code === 4500 || code === 1011) problems.push(`closed ${code}`);
      }
    }
    const health = await probe.stop();
    process.stdout.write(`fuzz (doors, WebSocket): closes ${JSON.stringify(Object.fromEntries(closes))}; /health slowest ${Math.round(health.slowest)} ms\n`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(health.failures).toBe(0);
    expect(health.slowest).toBeLessThan(1000);
    // The server still serves after it all.
    expect(await subgraph.query('{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  }, 240_000);
});
