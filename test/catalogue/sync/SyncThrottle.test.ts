import { SyncThrottle } from '../../../src/catalogue/sync/SyncThrottle';
import { FakeClock, flushPromises } from '../../helpers/FakeClock';

describe('SyncThrottle', () => {
  const setup = (waiting: { count: number }) => {
    const clock = new FakeClock();
    const throttle = new SyncThrottle({
      gate: {
        get queueLength() {
          return waiting.count;
        },
      },
      ratePerSecond: 10,
      share: 0.5,
      now: clock.now,
      setTimer: clock.setTimer,
    });
    // The syncer's loop: wait for a turn, send.
    const send = async () => {
      await throttle.turn();
      throttle.recordSent();
    };
    return { clock, throttle, send };
  };

  it('takes all the idle rate when nobody waits at the gate', async () => {
    const { clock, send } = setup({ count: 0 });
    for (let index = 0; index < 10; index += 1) await send();
    expect(clock.pendingTimers).toBe(0);
  });

  it('takes at most its share of a window while interactive requests wait', async () => {
    const waiting = { count: 3 };
    const { clock, throttle, send } = setup(waiting);
    for (let index = 0; index < 5; index += 1) await send();
    let sixth = false;
    void send().then(() => (sixth = true));
    await flushPromises();
    expect(sixth).toBe(false);
    expect(throttle.yielded).toBe(1);
    clock.advance(999);
    await flushPromises();
    expect(sixth).toBe(false);
    clock.advance(1);
    await flushPromises();
    expect(sixth).toBe(true);
  });

  it('goes on as soon as the interactive queue is empty at its next look', async () => {
    const waiting = { count: 1 };
    const { clock, send } = setup(waiting);
    for (let index = 0; index < 5; index += 1) await send();
    let sixth = false;
    void send().then(() => (sixth = true));
    await flushPromises();
    waiting.count = 0;
    clock.advance(1000);
    await flushPromises();
    expect(sixth).toBe(true);
    // Idle again: no cap.
    for (let index = 0; index < 8; index += 1) await send();
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => new SyncThrottle({ gate: { queueLength: 0 }, ratePerSecond: 10, share: 0 })).toThrow(/expected share in \(0, 1\], got 0/);
  });
});
