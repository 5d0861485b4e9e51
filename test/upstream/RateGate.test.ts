import { RateGate } from '../../src/upstream/RateGate';
import { FakeClock, flushPromises } from '../helpers/FakeClock';

function gateWithClock(ratePerSecond: number) {
  const clock = new FakeClock();
  const gate = new RateGate({ ratePerSecond, now: clock.now, setTimer: clock.setTimer });
  const admittedAt: number[] = [];
  const request = (count: number) =>
    Array.from({ length: count }, () => gate.acquire().then(() => admittedAt.push(clock.now())));
  return { clock, gate, admittedAt, request };
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((start) => times.filter((time) => time >= start && time < start + windowMs).length));
}

describe('RateGate', () => {
  describe('admission', () => {
    it('admits a burst of up to the rate at once after a quiet spell', async () => {
      const { admittedAt, request } = gateWithClock(10);
      request(10);
      await flushPromises();
      expect(admittedAt).toEqual(Array(10).fill(0));
    });

    it('queues the request over the rate until the oldest admission leaves the window', async () => {
      const { clock, admittedAt, request } = gateWithClock(10);
      request(11);
      await flushPromises();
      expect(admittedAt).toHaveLength(10);
      clock.advance(999);
      await flushPromises();
      expect(admittedAt).toHaveLength(10);
      clock.advance(1);
      await flushPromises();
      expect(admittedAt).toHaveLength(11);
      expect(admittedAt[10]).toBe(1000);
    });

    it('never admits more than the rate in any one-second window, and uses the whole rate under saturation', async () => {
      const { clock, admittedAt, request } = gateWithClock(10);
      request(95);
      await flushPromises();
      for (let step = 0; step < 100; step += 1) {
        clock.advance(100);
        await flushPromises();
      }
      expect(admittedAt).toHaveLength(95);
      expect(maxInAnyWindow(admittedAt, 1000)).toBe(10);
      // 95 requests at 10/s: the last batch starts at 9 s.
      expect(admittedAt[94]).toBe(9000);
    });

    it('serves waiting callers in the order they asked', async () => {
      const { clock, gate } = gateWithClock(1);
      const order: string[] = [];
      for (const name of ['a', 'b', 'c']) void gate.acquire().then(() => order.push(name));
      await flushPromises();
      clock.advance(3000);
      await flushPromises();
      expect(order).toEqual(['a', 'b', 'c']);
    });

    it('keeps one timer however many callers wait', async () => {
      const { clock, request } = gateWithClock(2);
      request(50);
      await flushPromises();
      expect(clock.pendingTimers).toBe(1);
    });
  });

  describe('options', () => {
    it.each([0, -1, 1.5, Number.NaN])('refuses a rate of %p with an "expected X, got Y" message', (rate) => {
      expect(() => new RateGate({ ratePerSecond: rate })).toThrow(/expected ratePerSecond to be a positive integer, got/);
    });

    it('honours a longer window (the safety margin)', async () => {
      const clock = new FakeClock();
      const gate = new RateGate({ ratePerSecond: 1, windowMs: 1020, now: clock.now, setTimer: clock.setTimer });
      const times: number[] = [];
      void gate.acquire().then(() => times.push(clock.now()));
      void gate.acquire().then(() => times.push(clock.now()));
      await flushPromises();
      clock.advance(1019);
      await flushPromises();
      expect(times).toEqual([0]);
      clock.advance(1);
      await flushPromises();
      expect(times).toEqual([0, 1020]);
    });
  });
});
