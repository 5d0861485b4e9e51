import type { ReleaseSlot } from '../../../src/upstream/gate/Gate';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { FakeClock, flushPromises } from '../../helpers/FakeClock';

function gateWithClock(ratePerSecond: number, maxInFlightMs = 100) {
  const clock = new FakeClock();
  const gate = new RateGate({ ratePerSecond, maxInFlightMs, now: clock.now, setTimer: clock.setTimer });
  const admittedAt: number[] = [];
  const releases: ReleaseSlot[] = [];
  /** `count` callers; each releases its slot at once when `answerAtOnce`, else keeps it for the test to release. */
  const request = (count: number, answerAtOnce = true) =>
    Array.from({ length: count }, () =>
      gate.acquire().then((release) => {
        admittedAt.push(clock.now());
        if (answerAtOnce) release();
        else releases.push(release);
      }),
    );
  return { clock, gate, admittedAt, releases, request };
}

async function advance(clock: FakeClock, ms: number, step = 10): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    clock.advance(Math.min(step, ms - elapsed));
    await flushPromises();
  }
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((start) => times.filter((time) => time >= start && time < start + windowMs).length));
}

describe('RateGate', () => {
  describe('admission', () => {
    it('admits a burst of up to the rate at once after a quiet spell', async () => {
      const { admittedAt, request } = gateWithClock(10);
      void request(10);
      await flushPromises();
      expect(admittedAt).toEqual(Array(10).fill(0));
    });

    it('admits the request over the rate one window after the answers came back', async () => {
      const { clock, admittedAt, request } = gateWithClock(10);
      void request(11);
      await flushPromises();
      expect(admittedAt).toHaveLength(10);
      await advance(clock, 999, 1);
      expect(admittedAt).toHaveLength(10);
      await advance(clock, 1, 1);
      expect(admittedAt).toEqual([...Array(10).fill(0), 1000]);
    });

    it('holds an unanswered request’s slot for at most maxInFlightMs', async () => {
      const { clock, admittedAt, releases, request } = gateWithClock(2, 100);
      void request(2, false);
      void request(1);
      await flushPromises();
      await advance(clock, 1099, 1);
      expect(admittedAt).toEqual([0, 0]);
      await advance(clock, 1, 1);
      expect(admittedAt).toEqual([0, 0, 1100]);
      expect(releases).toHaveLength(2);
    });

    it('holds the slot until a late answer, which proves when the request had arrived at the latest', async () => {
      const { clock, admittedAt, releases, request } = gateWithClock(1, 100);
      void request(1, false);
      void request(1);
      await flushPromises();
      await advance(clock, 400, 1);
      releases[0]?.();
      releases[0]?.();
      await advance(clock, 999, 1);
      expect(admittedAt).toEqual([0]);
      await advance(clock, 1, 1);
      expect(admittedAt).toEqual([0, 1400]);
    });

    it('brings the next admission forward when an answer comes back early', async () => {
      const { clock, admittedAt, releases, request } = gateWithClock(1, 100);
      void request(1, false);
      void request(1);
      await flushPromises();
      await advance(clock, 30, 1);
      releases[0]?.();
      await advance(clock, 999, 1);
      expect(admittedAt).toEqual([0]);
      await advance(clock, 1, 1);
      expect(admittedAt).toEqual([0, 1030]);
    });

    it('serves waiting callers in the order they asked', async () => {
      const { clock, gate } = gateWithClock(1);
      const order: string[] = [];
      for (const name of ['a', 'b', 'c']) void gate.acquire().then((release) => (order.push(name), release()));
      await flushPromises();
      await advance(clock, 3000, 100);
      expect(order).toEqual(['a', 'b', 'c']);
    });

    it('keeps one timer however many callers wait', async () => {
      const { clock, request } = gateWithClock(2);
      void request(50);
      await flushPromises();
      expect(clock.pendingTimers).toBe(1);
    });
  });

  describe('under saturation', () => {
    it('uses the whole rate when answers come back at once', async () => {
      const { clock, admittedAt, request } = gateWithClock(10);
      void request(95);
      await flushPromises();
      await advance(clock, 10000, 50);
      expect(admittedAt).toHaveLength(95);
      expect(maxInAnyWindow(admittedAt, 1000)).toBe(10);
      expect(admittedAt[94]).toBe(9000);
    });

    it('never lets the upstream receive more than the rate in any window, whatever the send delays and processing times', async () => {
      // A deterministic pseudo-random spread of send delays and upstream processing times (some beyond a second).
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const clock = new FakeClock();
      const gate = new RateGate({ ratePerSecond: 10, maxInFlightMs: 15_000, now: clock.now, setTimer: clock.setTimer });
      const arrivals: number[] = [];
      for (let index = 0; index < 200; index += 1) {
        void gate.acquire().then((release) => {
          const arrival = clock.now() + Math.floor(random() * 250);
          const answered = arrival + Math.floor(random() * 1500);
          arrivals.push(arrival);
          clock.setTimer(release, answered - clock.now());
        });
      }
      await flushPromises();
      await advance(clock, 60000, 5);
      expect(arrivals).toHaveLength(200);
      expect(maxInAnyWindow(arrivals, 1000)).toBeLessThanOrEqual(10);
    });
  });

  describe('pause (the upstream answered 429)', () => {
    it('admits nobody, not only the caller that saw the 429, until the pause ends', async () => {
      const { clock, gate, admittedAt, request } = gateWithClock(10);
      void request(1);
      await flushPromises();
      gate.pause(5000);
      expect(gate.pausedFor).toBe(5000);
      void request(3);
      await advance(clock, 4999, 50);
      expect(admittedAt).toEqual([0]);
      await advance(clock, 1, 1);
      expect(admittedAt).toEqual([0, 5000, 5000, 5000]);
      expect(gate.pausedFor).toBe(0);
    });

    it('keeps the longer of two pauses', async () => {
      const { clock, gate, admittedAt, request } = gateWithClock(10);
      gate.pause(3000);
      gate.pause(1000);
      void request(1);
      await advance(clock, 2999, 50);
      expect(admittedAt).toEqual([]);
      await advance(clock, 1, 1);
      expect(admittedAt).toEqual([3000]);
    });
  });

  describe('abort (an operation past its deadline)', () => {
    it('rejects a waiting caller with the signal reason and takes it out of the queue', async () => {
      const { clock, gate, admittedAt, request } = gateWithClock(1);
      void request(1);
      const controller = new AbortController();
      const waiting = gate.acquire(controller.signal);
      void request(1);
      await flushPromises();
      expect(gate.queueLength).toBe(2);
      controller.abort(new Error('deadline'));
      await expect(waiting).rejects.toThrow('deadline');
      expect(gate.queueLength).toBe(1);
      await advance(clock, 1000, 10);
      expect(admittedAt).toEqual([0, 1000]);
    });

    it('rejects at once when the signal has already aborted', async () => {
      const { gate } = gateWithClock(1);
      await expect(gate.acquire(AbortSignal.abort(new Error('late')))).rejects.toThrow('late');
      expect(gate.queueLength).toBe(0);
    });
  });

  describe('options', () => {
    it.each([0, -1, 1.5, Number.NaN])('refuses a rate of %p with an "expected X, got Y" message', (rate) => {
      expect(() => new RateGate({ ratePerSecond: rate })).toThrow(/expected ratePerSecond to be a positive integer, got/);
    });
  });
});

describe('RateGate fairness', () => {
  it('serves operations in turn, so a heavy one cannot starve a light one', async () => {
    const clock = new FakeClock();
    const gate = new RateGate({ ratePerSecond: 1, now: clock.now, setTimer: clock.setTimer });
    const heavy = {};
    const light = {};
    const order: string[] = [];
    for (let index = 0; index < 5; index += 1) void gate.acquire(undefined, heavy).then((release) => (order.push(`heavy${index}`), release()));
    for (let index = 0; index < 2; index += 1) void gate.acquire(undefined, light).then((release) => (order.push(`light${index}`), release()));
    await flushPromises();
    await advance(clock, 7000, 50);
    // heavy0 goes at once; then the turn alternates: heavy was queued first.
    expect(order).toEqual(['heavy0', 'heavy1', 'light0', 'heavy2', 'light1', 'heavy3', 'heavy4']);
  });

  it('takes an aborted caller out of its operation’s turn', async () => {
    const clock = new FakeClock();
    const gate = new RateGate({ ratePerSecond: 1, now: clock.now, setTimer: clock.setTimer });
    const owner = {};
    const controller = new AbortController();
    const order: string[] = [];
    void gate.acquire(undefined, owner).then((release) => (order.push('a'), release()));
    const aborted = gate.acquire(controller.signal, owner).then(() => order.push('b'));
    void gate.acquire(undefined, owner).then((release) => (order.push('c'), release()));
    await flushPromises();
    controller.abort(new Error('deadline'));
    await expect(aborted).rejects.toThrow('deadline');
    await advance(clock, 2000, 50);
    expect(order).toEqual(['a', 'c']);
    expect(gate.queueLength).toBe(0);
  });
});

describe('RateGate fairness across an operation’s life', () => {
  /**
   * 300 clients, each sending one-request operations back to back, and one nested operation needing three
   * sequential rounds (each round's request sent once the previous answer is back, 50 ms later).
   */
  async function nestedUnderLoad(clients: number) {
    const clock = new FakeClock();
    const gate = new RateGate({ ratePerSecond: 10, maxInFlightMs: 15_000, now: clock.now, setTimer: clock.setTimer });
    let stopped = false;
    const client = (): void => {
      if (stopped) return;
      void gate.acquire(undefined, {}).then((release) => clock.setTimer(() => (release(), client()), 50));
    };
    for (let index = 0; index < clients; index += 1) client();
    await flushPromises();
    await advance(clock, 5_000, 50);
    const nested = {};
    const startedAt = clock.now();
    const rounds: number[] = [];
    const round = (): void => {
      void gate.acquire(undefined, nested).then((release) => {
        rounds.push(clock.now() - startedAt);
        clock.setTimer(() => {
          release();
          if (rounds.length < 3) round();
        }, 50);
      });
    };
    round();
    await flushPromises();
    for (let waited = 0; rounds.length < 3 && waited < 200_000; waited += 100) await advance(clock, 100, 50);
    stopped = true;
    return rounds;
  }

  it('serves the later rounds of an operation before operations that arrived after it: no round waits behind the whole queue again', async () => {
    const rounds = await nestedUnderLoad(300);
    expect(rounds).toHaveLength(3);
    // The first round waits its turn behind the 300 operations queued before it (30 s at 10/s); the next two
    // are served first, a window after the previous answer at most.
    const [first, second, third] = rounds as [number, number, number];
    expect(first).toBeLessThanOrEqual(35_000);
    expect(second - first).toBeLessThanOrEqual(1_100);
    expect(third - second).toBeLessThanOrEqual(1_100);
  });

  it('still alternates an old heavy operation with a younger light one that arrived in the same turn', async () => {
    const clock = new FakeClock();
    const gate = new RateGate({ ratePerSecond: 1, now: clock.now, setTimer: clock.setTimer });
    const old = {};
    const order: string[] = [];
    // The old operation had one request answered earlier, then asks for three at once.
    await gate.acquire(undefined, old).then((release) => release());
    await advance(clock, 1000, 50);
    for (let index = 0; index < 3; index += 1) void gate.acquire(undefined, old).then((release) => (order.push(`old${index}`), release()));
    const young = {};
    for (let index = 0; index < 2; index += 1) void gate.acquire(undefined, young).then((release) => (order.push(`young${index}`), release()));
    await flushPromises();
    await advance(clock, 6000, 50);
    expect(order).toEqual(['old0', 'old1', 'young0', 'old2', 'young1']);
  });
});
