import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestSyncPlan, SubgraphError, SYNC_PLAN_QUERY } from '../../src/mirror/requestSyncPlan';

describe('requestSyncPlan()', () => {
  let server: Server;
  let endpoint = '';
  let answer: { status: number; body: unknown } = { status: 200, body: null };
  const received: unknown[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(JSON.parse(text));
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const file = { name: 'E.7z', url: 'https://data.geopf.fr/telechargement/download/P/E/E.7z', size: 12, md5: 'ABCDEF0123456789ABCDEF0123456789' };
  const plan = (files: unknown[]) => ({
    data: { syncPlan: { download: [{ resourceName: 'P', name: 'E', editionDate: null, downloadPlan: { files } }], remove: [], endCursor: 'YzE6MA==' } },
  });

  it('sends the filter, the cursor and keep, and reads the plan (md5s lower-cased)', async () => {
    answer = { status: 200, body: plan([file]) };
    const got = await requestSyncPlan(endpoint, { filter: { resources: ['P'], place: 'Brest' }, after: 'YzE6Mw==', keep: 2 });
    expect(received.at(-1)).toEqual({ query: SYNC_PLAN_QUERY, variables: { filter: { resources: ['P'], place: 'Brest' }, after: 'YzE6Mw==', keep: 2 } });
    expect(got).toEqual({
      download: [{ resourceName: 'P', name: 'E', editionDate: null, files: [{ ...file, md5: file.md5.toLowerCase() }] }],
      remove: [],
      endCursor: 'YzE6MA==',
    });
  });

  it.each([
    ['an md5 that is not one', [{ ...file, md5: 'zz' }], /an md5 that is not 32 hexadecimal digits/],
    ['a negative size', [{ ...file, size: -1 }], /a file size that is not a whole number of bytes/],
    ['a file name that is not a string', [{ ...file, name: 7 }], /a file name that is not a string/],
  ])('refuses a plan with %s (failed)', async (_case, files, message) => {
    answer = { status: 200, body: plan(files) };
    const failure = requestSyncPlan(endpoint, { filter: {}, after: null, keep: 1 });
    await expect(failure).rejects.toMatchObject({ kind: 'failed' });
    await expect(requestSyncPlan(endpoint, { filter: {}, after: null, keep: 1 })).rejects.toThrow(message);
  });

  it.each([
    ['BAD_USER_INPUT', 'refused'],
    ['QUERY_TOO_EXPENSIVE', 'refused'],
    ['INDEX_NOT_READY', 'failed'],
    ['GRAPHQL_VALIDATION_FAILED', 'failed'],
  ])('classifies %s as %s, with its code and argument', async (code, kind) => {
    answer = { status: 400, body: { errors: [{ message: 'after: expected a cursor', extensions: { code, argumentName: 'after' } }] } };
    const error = (await requestSyncPlan(endpoint, { filter: {}, after: null, keep: 1 }).catch((caught: unknown) => caught)) as SubgraphError;
    expect(error).toBeInstanceOf(SubgraphError);
    expect([error.kind, error.code, error.argumentName]).toEqual([kind, code, 'after']);
    expect(error.message).toBe(`The subgraph at ${endpoint} gave no plan (${code}): after: expected a cursor`);
  });

  it("keeps the plan when only editions' files failed: those editions come back unplanned, with why", async () => {
    const refused = { message: 'The upstream lists a file under a name no file can have', extensions: { code: 'UPSTREAM_BAD_RESPONSE' } };
    answer = {
      status: 200,
      body: {
        data: {
          syncPlan: {
            download: [
              { resourceName: 'P', name: 'E', editionDate: null, downloadPlan: { files: [file] } },
              { resourceName: 'P', name: 'BAD', editionDate: '2026-01-01', downloadPlan: null },
            ],
            remove: [],
            endCursor: 'YzE6MA==',
          },
        },
        errors: [
          { ...refused, path: ['syncPlan', 'download', 1, 'downloadPlan'] },
          { ...refused, path: ['syncPlan', 'download', 1, 'downloadPlan', 'files'] },
        ],
      },
    };
    expect(await requestSyncPlan(endpoint, { filter: {}, after: null, keep: 1 })).toEqual({
      download: [
        { resourceName: 'P', name: 'E', editionDate: null, files: [{ ...file, md5: file.md5.toLowerCase() }] },
        { resourceName: 'P', name: 'BAD', editionDate: '2026-01-01', files: [], unplanned: `${refused.message} (UPSTREAM_BAD_RESPONSE)` },
      ],
      remove: [],
      endCursor: 'YzE6MA==',
    });
  });

  it.each([
    ['on the plan itself', ['syncPlan']],
    ['on the removals', ['syncPlan', 'remove', 0, 'name']],
    ['without a path', undefined],
  ])('gives no plan for an error %s, even beside a plan', async (_case, path) => {
    answer = { status: 200, body: { ...plan([file]), errors: [{ message: 'broken', path, extensions: { code: 'INTERNAL' } }] } };
    await expect(requestSyncPlan(endpoint, { filter: {}, after: null, keep: 1 })).rejects.toMatchObject({ kind: 'failed', code: 'INTERNAL' });
  });

  it('is unreachable when nothing answers in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`;
    try {
      await expect(requestSyncPlan(url, { filter: {}, after: null, keep: 1 }, { timeoutMs: 50 })).rejects.toMatchObject({ kind: 'unreachable' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
