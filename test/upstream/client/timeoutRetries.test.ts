import { readConfig } from '../../../src/server/config';
import { ErrorCode } from '../../../src/core/errors';
import { GeopfClient } from '../../../src/upstream/client/GeopfClient';
import { RateGate } from '../../../src/upstream/gate/RateGate';

describe('default timeouts and retries', () => {
  // Every attempt times out; the clock is advanced by the client's own timeout, the longest backoff drawn.
  function timingOut() {
    const config = readConfig({});
    let clock = 0;
    const timers: AbortController[] = [];
    const sent: number[] = [];
    const client = new GeopfClient({
      baseUrl: 'https://up.example/telechargement',
      gate: new RateGate({ ratePerSecond: 1000 }),
      timeoutMs: config.timeoutMs,
      retry: { maxAttempts: config.maxAttempts },
      userAgent: 'ua-test',
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      random: () => 0.999,
      timeoutSignal: () => {
        const timer = new AbortController();
        timers.push(timer);
        return timer.signal;
      },
      fetch: (async (_url: string, init: RequestInit) => {
        sent.push(clock);
        clock += config.timeoutMs;
        timers.at(-1)!.abort(new DOMException('The operation timed out.', 'TimeoutError'));
        throw (init.signal as AbortSignal).reason;
      }) as unknown as typeof fetch,
    });
    return { client, config, sent, clock: () => clock };
  }

  it('retries a timed-out request at least once, as the README promises, within the operation deadline', async () => {
    const { client, config, sent, clock } = timingOut();
    await expect(client.capabilities({}, 1)).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_TIMEOUT } });
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.length).toBeLessThanOrEqual(config.maxAttempts);
    // The last attempt has timed out before the operation's deadline would have cut it short.
    expect(clock()).toBeLessThanOrEqual(config.deadlineMs);
  });
});
