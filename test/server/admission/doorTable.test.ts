import WebSocket from 'ws';
import type { DoorExample, DoorInfo } from '../../../src/server/admission/Door';
import { rawRequest, type RawAnswer } from '../../helpers/rawRequest';
import { subgraphForSuite } from '../../helpers/startSubgraph';

/** A query text chaining 12,000 fragments: it overflowed validators' stacks on the doors that skipped the guard. */
const FRAGMENT_CHAIN = `{ ...F0 } ${Array.from({ length: 12_000 }, (_, index) => `fragment F${index} on Query { ${index + 1 < 12_000 ? `...F${index + 1}` : '__typename'} }`).join(' ')}`;

/** The typed error of a JSON refusal, or a description of what came instead. */
function refusalOf(answer: RawAnswer): { code?: string; parameter?: string; message?: string } | string {
  try {
    const body = JSON.parse(answer.text) as {
      errors?: Array<{ message?: string; extensions?: { code?: string; parameter?: string } }>;
      code?: string;
      description?: string;
      parameter?: string;
    };
    // STAC doors answer as STAC and OGC API spell errors: `{code, description, parameter}`.
    if (typeof body.code === 'string')
      return { code: body.code, ...(body.parameter ? { parameter: body.parameter } : {}), ...(body.description ? { message: body.description } : {}) };
    const [error] = body.errors ?? [];
    return error ? { ...error.extensions, ...(error.message ? { message: error.message } : {}) } : `no error in ${answer.text.slice(0, 200)}`;
  } catch {
    return `not JSON (${String(answer.status)} ${answer.error ?? ''}): ${answer.text.slice(0, 200)}`;
  }
}

/** Every HTTP door's examples, with the door they must reach. */
function httpExamples(doors: readonly DoorInfo[]): Array<{ door: DoorInfo; example: DoorExample }> {
  return doors.filter((door) => !door.upgrade).flatMap((door) => door.examples.map((example) => ({ door, example })));
}

describe('the door table: every route goes through the admission', () => {
  // A budget of 0 upstream requests: every upstream door's example needs at least one before its data tells more.
  const subgraph = subgraphForSuite({ queryCostBudget: 0 });
  const send = (example: DoorExample, body?: string, headers: Record<string, string> = {}) =>
    rawRequest({
      port: subgraph.server.port,
      method: example.method,
      path: example.path,
      headers: { ...example.headers, ...headers },
      ...(body !== undefined ? { body } : {}),
    });
  const refusalsCounted = async (): Promise<string> => (await fetch(`http://127.0.0.1:${subgraph.server.port}/metrics`)).text();

  it('lists every door with an admission kind and at least one example, and the admission is the only listener', () => {
    const { doors, http, admission } = subgraph.server;
    expect(doors.length).toBeGreaterThanOrEqual(8);
    for (const door of doors) {
      expect({
        door: door.name,
        admission: ['local', 'graphql', 'upstream', 'operations'].includes(door.admission),
        examples: door.examples.length > 0,
      }).toEqual({
        door: door.name,
        admission: true,
        examples: true,
      });
    }
    expect(new Set(doors.map((door) => door.name)).size).toBe(doors.length);
    // Besides the admission, Apollo's drain plugin listens to requests to count them per socket (it never answers).
    expect(http.listeners('request').filter((listener) => listener === admission.onRequest)).toHaveLength(1);
    expect(http.listenerCount('request')).toBe(2);
    expect(http.listeners('upgrade')).toEqual([admission.onUpgrade]);
  });

  it("refuses a body over 1 MB on every door's every example with a typed 413, counted under that door", async () => {
    const problems: string[] = [];
    const examples = httpExamples(subgraph.server.doors);
    for (const { door, example } of examples) {
      const answer = await send(example, JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(1_100_000) }), { 'content-type': 'application/json' });
      const refusal = refusalOf(answer);
      if (answer.status !== 413 || typeof refusal === 'string' || refusal.code !== 'BAD_REQUEST') {
        problems.push(`${door.name} ${example.method} ${example.path}: ${answer.status} ${JSON.stringify(refusal)}`);
      }
    }
    expect(problems).toEqual([]);
    const metrics = await refusalsCounted();
    for (const { door } of examples) expect(metrics).toMatch(new RegExp(`geopf_admission_refusals_total\\{door="${door.name}",code="BAD_REQUEST"\\} [1-9]`));
  });

  it("refuses a 12,000-fragment chain on every GraphQL door's every example that carries a body, before the transport parses it", async () => {
    const problems: string[] = [];
    const posts = httpExamples(subgraph.server.doors).filter(({ door, example }) => door.admission === 'graphql' && example.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const { door, example } of posts) {
      const answer = await send(example, JSON.stringify({ query: FRAGMENT_CHAIN }), { 'content-type': 'application/json' });
      const refusal = refusalOf(answer);
      if (answer.status !== 400 || typeof refusal === 'string' || refusal.code !== 'BAD_USER_INPUT' || !/nests 12000|cycle/.test(refusal.message ?? '')) {
        problems.push(`${door.name} ${example.method} ${example.path}: ${answer.status} ${JSON.stringify(refusal).slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("measures every upstream door's example against the budget before sending anything upstream", async () => {
    const upstreamDoors = httpExamples(subgraph.server.doors).filter(({ door }) => door.admission === 'upstream');
    expect(upstreamDoors.length).toBeGreaterThanOrEqual(1);
    subgraph.clearUpstream();
    const problems: string[] = [];
    for (const { door, example } of upstreamDoors) {
      const answer = await send(example);
      const refusal = refusalOf(answer);
      if (answer.status !== 400 || typeof refusal === 'string' || refusal.code !== 'QUERY_TOO_EXPENSIVE') {
        problems.push(`${door.name} ${example.method} ${example.path}: ${answer.status} ${JSON.stringify(refusal).slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it("runs every operations door's example within the budget: a tool needing the upstream is a tool error QUERY_TOO_EXPENSIVE, nothing sent", async () => {
    const operationDoors = httpExamples(subgraph.server.doors).filter(({ door }) => door.admission === 'operations');
    expect(operationDoors.length).toBeGreaterThanOrEqual(1);
    subgraph.clearUpstream();
    const problems: string[] = [];
    for (const { door, example } of operationDoors) {
      expect(example.body).toEqual(expect.any(String));
      const answer = await send(example, example.body);
      let result: { isError?: boolean; content?: Array<{ text: string }> } | undefined;
      try {
        result = (JSON.parse(answer.text) as { result?: typeof result }).result;
      } catch {
        result = undefined;
      }
      if (answer.status !== 200 || result?.isError !== true || !result.content?.some((block) => block.text.startsWith('QUERY_TOO_EXPENSIVE'))) {
        problems.push(`${door.name} ${example.method} ${example.path}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it("guards every upgrade door's example: a message over 1 MB closes it (1009), a fragment chain is a typed error, and the connection still serves", async () => {
    const stderr = jest.spyOn(console, 'error');
    const upgrades = subgraph.server.doors.filter((door) => door.upgrade);
    expect(upgrades.length).toBeGreaterThanOrEqual(1);
    for (const door of upgrades) {
      for (const example of door.examples) {
        const url = `ws://127.0.0.1:${subgraph.server.port}${example.path}`;
        const protocol = example.headers?.['sec-websocket-protocol'];
        const big = await session(url, protocol);
        big.socket.send('x'.repeat(1_100_000));
        expect(await big.closed).toBe(1009);

        const chained = await session(url, protocol);
        chained.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: FRAGMENT_CHAIN.replace('{ ...F0 }', 'subscription { ...F0 }') } }));
        const answer = (await chained.next()) as { id: string; type: string; payload: Array<{ extensions?: { code?: string } }> };
        expect([answer.type, answer.payload[0]?.extensions?.code]).toEqual(['error', 'BAD_USER_INPUT']);
        chained.socket.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: '{ __typename }' } }));
        expect(((await chained.next()) as { type: string }).type).toBe('next');
        chained.socket.close();
      }
    }
    // A client's oversized message is the client's fault: nothing written to stderr for it.
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
  });
});

/** A graphql-ws session, acknowledged: its socket, its next message, how it closed. */
async function session(url: string, protocol: string | undefined) {
  const socket = new WebSocket(url, protocol);
  const messages: unknown[] = [];
  const waiting: Array<(message: unknown) => void> = [];
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as unknown;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const next = () => (messages.length > 0 ? Promise.resolve(messages.shift()) : new Promise<unknown>((resolve) => waiting.push(resolve)));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  expect(await next()).toEqual({ type: 'connection_ack' });
  return { socket, next, closed };
}
