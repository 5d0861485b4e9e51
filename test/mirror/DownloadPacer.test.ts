import { DownloadPacer, MAX_BAN_MS } from '../../src/mirror/DownloadPacer';
import { FakeClock, flushPromises } from '../helpers/FakeClock';

describe('DownloadPacer', () => {
  it('admits one request per 1/rate seconds, a fractional rate too', async () => {
    for (const rate of [2, 0.5]) {
      const clock = new FakeClock();
      const pacer = new DownloadPacer({ rate, now: clock.now, setTimer: clock.setTimer });
      const admitted: number[] = [];
      for (let index = 0; index < 4; index += 1)
        void pacer.request().then((release) => {
          admitted.push(clock.now());
          release();
        });
      for (let step = 0; step < 80; step += 1) {
        await flushPromises();
        clock.advance(100);
      }
      await flushPromises();
      expect([rate, admitted]).toEqual([rate, [0, 1, 2, 3].map((index) => (index * 1000) / rate)]);
    }
  });

  it("pauses every request for a 429's Retry-After, capped at 30 s, and 5 s without one", async () => {
    const clock = new FakeClock();
    const pacer = new DownloadPacer({ rate: 10, now: clock.now, setTimer: clock.setTimer });
    expect(pacer.rateLimited('2')).toBe(2000);
    expect(pacer.rateLimited(null)).toBe(5000);
    expect(pacer.rateLimited('3600')).toBe(MAX_BAN_MS);
    expect(pacer.rateLimited('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(5000);
    let admittedAt = -1;
    void pacer.request().then(() => (admittedAt = clock.now()));
    clock.advance(29_999);
    await flushPromises();
    expect(admittedAt).toBe(-1);
    clock.advance(1);
    await flushPromises();
    expect(admittedAt).toBe(30_000);
  });

  it('runs at most two files at once, the others in turn', async () => {
    const pacer = new DownloadPacer({ rate: 10 });
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const done = Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        pacer.withFileSlot(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise<void>((resolve) => releases.push(resolve));
          running -= 1;
        }),
      ),
    );
    for (let finished = 0; finished < 5; finished += 1) {
      await flushPromises();
      expect(running).toBe(Math.min(2, 5 - finished));
      releases.shift()!();
    }
    await done;
    expect(most).toBe(2);
  });
});
