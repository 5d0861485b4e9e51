/** A manual clock for the rate gate: `now()` only moves when the test calls `advance()`, which fires due timers in order. */
export class FakeClock {
  private time = 0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private nextId = 0;

  readonly now = (): number => this.time;

  readonly setTimer = (callback: () => void, ms: number): (() => void) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + Math.max(ms, 0), callback, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  };

  /** Moves time forward by `ms`, running each timer at its due time. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = target;
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.length;
  }
}

/** Lets every queued promise callback run. */
export async function flushPromises(): Promise<void> {
  for (let index = 0; index < 10; index += 1) await Promise.resolve();
}
