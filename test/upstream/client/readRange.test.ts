import { ErrorCode } from '../../../src/core/errors';
import { GeopfClient } from '../../../src/upstream/client/GeopfClient';
import type { Gate } from '../../../src/upstream/gate/Gate';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { urlOf } from '../../helpers/urlOf';

/** A real gate that counts the slots taken. */
function countingGate(): Gate & { acquired: number } {
  const inner = new RateGate({ ratePerSecond: 1000 });
  return {
    acquired: 0,
    acquire(signal, owner) {
      this.acquired += 1;
      return inner.acquire(signal, owner);
    },
    pause: (ms) => inner.pause(ms),
    get queueLength() {
      return inner.queueLength;
    },
    get pausedFor() {
      return inner.pausedFor;
    },
  };
}

function clientAnswering(answer: () => Response) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const gate = countingGate();
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: urlOf(input), headers: { ...(init?.headers as Record<string, string>) } });
    return answer();
  }) as typeof fetch;
  const client = new GeopfClient({
    baseUrl: 'https://up.example/telechargement',
    gate,
    timeoutMs: 1000,
    fetch: fetchFn,
    userAgent: 'ua-test',
    retry: { maxAttempts: 1 },
  });
  return { client, calls, gate };
}

/** A body that records whether it was read to the end or cancelled. */
function trackedBody(bytes: Uint8Array) {
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += 1;
      if (state.pulled > 1) controller.close();
      else controller.enqueue(bytes);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('GeopfClient.readRange()', () => {
  it('sends one Range request through the gate, uncompressed, and returns exactly the bytes', async () => {
    const { client, calls, gate } = clientAnswering(
      () => new Response(new Uint8Array([1, 2, 3, 4]), { status: 206, headers: { 'content-range': 'bytes 10-13/100' } }),
    );
    const answer = await client.readRange('R', 'S', 'F.7z', 10, 4);
    expect(answer).toEqual({ kind: 'bytes', bytes: new Uint8Array([1, 2, 3, 4]) });
    expect(gate.acquired).toBe(1);
    expect(calls).toEqual([
      {
        url: 'https://up.example/telechargement/download/R/S/F.7z',
        headers: { accept: '*/*', 'accept-encoding': 'identity', range: 'bytes=10-13', 'user-agent': 'ua-test' },
      },
    ]);
  });

  it('cancels the body of a 200 (the whole file) unread and says the range was ignored', async () => {
    const { stream, state } = trackedBody(new Uint8Array(1000));
    const { client } = clientAnswering(() => new Response(stream, { status: 200 }));
    await expect(client.readRange('R', 'S', 'F.7z', 0, 32)).resolves.toEqual({ kind: 'rangeIgnored', status: 200 });
    expect(state.cancelled).toBe(true);
  });

  it.each([
    ['a Content-Range for other bytes', { 'content-range': 'bytes 0-3/100' }, new Uint8Array(4)],
    ['no Content-Range', {}, new Uint8Array(4)],
    ['more bytes than the range', { 'content-range': 'bytes 10-13/100' }, new Uint8Array(5)],
    ['fewer bytes than the range', { 'content-range': 'bytes 10-13/100' }, new Uint8Array(3)],
  ])('answers %s with UPSTREAM_BAD_RESPONSE', async (_label, headers, body) => {
    const { client } = clientAnswering(() => new Response(body, { status: 206, headers }));
    await expect(client.readRange('R', 'S', 'F.7z', 10, 4)).rejects.toMatchObject({ upstreamCode: ErrorCode.UPSTREAM_BAD_RESPONSE });
  });

  it('maps an upstream 404 to UPSTREAM_NOT_FOUND like every download', async () => {
    const { client } = clientAnswering(() => new Response('nope', { status: 404 }));
    await expect(client.readRange('R', 'S', 'F.7z', 0, 4)).rejects.toMatchObject({ upstreamCode: ErrorCode.UPSTREAM_NOT_FOUND });
  });
});
