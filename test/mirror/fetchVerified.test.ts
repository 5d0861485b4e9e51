import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadPacer } from '../../src/mirror/DownloadPacer';
import { fetchVerified, type FileEvents } from '../../src/mirror/fetchVerified';
import { FakeGeopfServer } from '../fakeUpstream/FakeGeopfServer';
import { md5, patternBytes } from './mirrorHarness';

describe('fetchVerified(), against the fake upstream serving real bytes', () => {
  const bytes = patternBytes(200_000, 9);
  // Its rate limit high: each test's pacer starts afresh, and the pace is tested elsewhere.
  const server = new FakeGeopfServer({ ratePerSecond: 1000, fileBytes: new Map([['P/E/E.7z', bytes]]) });
  let base = '';
  let folder: string;
  const events: string[] = [];
  const told: FileEvents = {
    started: (from) => events.push(`started ${from}`),
    received: () => undefined,
    retrying: (reason) => events.push(`retrying ${reason}`),
  };
  const file = () => ({ name: 'E.7z', url: `${base}/download/P/E/E.7z`, size: bytes.length, md5: md5(bytes) });
  const options = () => ({ pacer: new DownloadPacer({ rate: 10 }), userAgent: 'test' });
  const part = () => join(folder, '.E.7z.part');

  beforeAll(async () => {
    base = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'geopf-fetch-'));
    server.clearRequests();
    server.setFault(undefined);
    events.length = 0;
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('downloads to the temporary name, verifies, renames', async () => {
    expect(await fetchVerified(file(), folder, options(), told)).toEqual({ kind: 'verified', md5: md5(bytes), size: bytes.length, transferred: bytes.length });
    expect(readFileSync(join(folder, 'E.7z')).equals(bytes)).toBe(true);
    expect(existsSync(part())).toBe(false);
    expect(server.requests.map((request) => request.headers['range'])).toEqual([undefined]);
  });

  it('resumes a transfer cut midway in the same run, with a Range request from where it stopped', async () => {
    // The first response's body fails after 70,000 bytes were read. Cut on the client's side, after the bytes
    // were taken: a socket closed by the server may lose its last bytes with the stream's error, and the
    // resume would then start from another place on every run.
    let cut = false;
    const cuttingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (cut || response.body === null) return response;
      cut = true;
      return new Response(bodyCutAfter(response.body, 70_000), { status: response.status, headers: response.headers });
    };
    const outcome = await fetchVerified(file(), folder, { ...options(), fetch: cuttingFetch }, told);
    expect(outcome).toMatchObject({ kind: 'verified' });
    const ranges = server.requests.map((request) => request.headers['range']);
    expect(ranges).toEqual([undefined, 'bytes=70000-']);
    expect(events).toEqual(['started 0', 'started 70000']);
    expect(readFileSync(join(folder, 'E.7z')).equals(bytes)).toBe(true);
  });

  it('starts over when the server ignores the Range (200 with the whole file)', async () => {
    writeFileSync(part(), bytes.subarray(0, 50_000));
    server.setFault(() => ({ ignoreRange: true }));
    expect(await fetchVerified(file(), folder, options(), told)).toMatchObject({ kind: 'verified', transferred: bytes.length });
    expect(server.requests.map((request) => [request.headers['range'], request.status])).toEqual([['bytes=50000-', 200]]);
    expect(readFileSync(join(folder, 'E.7z')).equals(bytes)).toBe(true);
  });

  it('asks nothing for a part already whole: verifies it and renames', async () => {
    writeFileSync(part(), bytes);
    expect(await fetchVerified(file(), folder, options(), told)).toMatchObject({ kind: 'verified', transferred: 0 });
    expect(server.requests).toEqual([]);
  });

  it('keeps a file already at its final name when its md5 matches, and downloads it again when it does not', async () => {
    writeFileSync(join(folder, 'E.7z'), bytes);
    expect(await fetchVerified(file(), folder, options(), told)).toMatchObject({ kind: 'verified', transferred: 0 });
    expect(server.requests).toEqual([]);
    const damaged = Buffer.from(bytes);
    damaged[1000] = (damaged[1000] as number) ^ 0xff;
    writeFileSync(join(folder, 'E.7z'), damaged);
    expect(await fetchVerified(file(), folder, options(), told)).toMatchObject({ kind: 'verified', transferred: bytes.length });
    expect(readFileSync(join(folder, 'E.7z')).equals(bytes)).toBe(true);
  });

  it('downloads a file whose md5 does not match once more from the start, then fails, leaving nothing', async () => {
    const outcome = await fetchVerified({ ...file(), md5: '0'.repeat(32) }, folder, options(), told);
    expect(outcome).toEqual({
      kind: 'failed',
      reason: `md5 ${md5(bytes)} where the listing says ${'0'.repeat(32)}, twice: the file is corrupt upstream, or changed while listed`,
      transferred: 2 * bytes.length,
    });
    expect(events).toEqual(['started 0', `retrying md5 ${md5(bytes)} where the listing says ${'0'.repeat(32)}`, 'started 0']);
    expect(existsSync(join(folder, 'E.7z')) || existsSync(part())).toBe(false);
  });

  it('fails at once on a 404, and after 4 attempts on 5xx; refuses a URL that is not plain http(s) without a request', async () => {
    expect(await fetchVerified({ ...file(), url: `${base}/download/P/E/missing.7z` }, folder, options(), told)).toEqual({
      kind: 'failed',
      reason: 'HTTP 404',
      transferred: 0,
    });
    server.clearRequests();
    server.setFault(() => ({ status: 503 }));
    expect(await fetchVerified(file(), folder, options(), told)).toEqual({ kind: 'failed', reason: 'HTTP 503 (4 attempts)', transferred: 0 });
    expect(server.requests).toHaveLength(4);
    server.clearRequests();
    for (const url of ['file:///etc/passwd', 'http://user:secret@127.0.0.1/x', 'http://127.0.0.1/a b'])
      expect(await fetchVerified({ ...file(), url }, folder, options(), told)).toMatchObject({
        kind: 'failed',
        reason: expect.stringMatching(/^a download URL that is not plain http\(s\)/),
      });
    expect(server.requests).toEqual([]);
  });

  it('fails a file whose bytes run past the listed size', async () => {
    expect(await fetchVerified({ ...file(), size: bytes.length - 10 }, folder, options(), told)).toMatchObject({
      kind: 'failed',
      reason: `${bytes.length} bytes where the listing says ${bytes.length - 10} (4 attempts)`,
    });
  });
});

/** `body`'s first `limit` bytes, then an error, as a connection lost midway shows to a reader. */
function bodyCutAfter(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let passed = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (passed >= limit) {
          await reader.cancel();
          controller.error(new Error('connection lost'));
          return;
        }
        const chunk = await reader.read();
        if (chunk.done) return controller.close();
        const kept = chunk.value.subarray(0, limit - passed);
        passed += kept.byteLength;
        controller.enqueue(kept);
      },
    },
    { highWaterMark: 0 },
  );
}
