/** Cancels a timer set by `RateGateOptions.setTimer`. */
export type CancelTimer = () => void;

export interface RateGateOptions {
  /** Requests allowed to start in any window of `windowMs`. */
  ratePerSecond: number;
  /** Length of the window, default 1000 ms. Tests and a safety margin may change it. */
  windowMs?: number;
  /** Milliseconds on a monotonic clock; default `performance.now()`. */
  now?: () => number;
  /** Runs `callback` after `ms`; default `setTimeout`. */
  setTimer?: (callback: () => void, ms: number) => CancelTimer;
}

/**
 * The one process-wide gate every upstream request passes. It admits at most `ratePerSecond` requests in
 * any sliding window of `windowMs`, in arrival order; it queues, it never drops.
 *
 * Why not a classic token bucket: a bucket of N tokens refilled at N/s lets up to 2N−1 requests start within
 * one second (a full bucket spent at once, then the refill), and the upstream counts per second. Here the
 * k-th admission waits until the (k−N)-th is a full window old, which is exactly "N per any window" and still
 * lets a burst of N go at once after a quiet spell.
 */
export class RateGate {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => CancelTimer;
  /** Admission times of the last `limit` requests, oldest first. */
  private readonly admitted: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private cancelTimer: CancelTimer | null = null;

  constructor(options: RateGateOptions) {
    if (!Number.isFinite(options.ratePerSecond) || options.ratePerSecond < 1 || !Number.isInteger(options.ratePerSecond)) {
      throw new TypeError(`RateGate: expected ratePerSecond to be a positive integer, got ${String(options.ratePerSecond)}`);
    }
    this.limit = options.ratePerSecond;
    this.windowMs = options.windowMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? defaultSetTimer;
  }

  /** Resolves when the caller may send one request. Callers are admitted in the order they asked. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.drain();
    });
  }

  /** How many callers are queued behind the gate. */
  get queueLength(): number {
    return this.waiting.length;
  }

  // Private: admits every waiter the window allows, then sleeps until the next slot frees.
  private drain(): void {
    while (this.waiting.length > 0) {
      const now = this.now();
      const freeAt = this.nextSlotAt();
      if (freeAt > now) {
        this.schedule(freeAt - now);
        return;
      }
      this.admitted.push(now);
      if (this.admitted.length > this.limit) this.admitted.shift();
      this.waiting.shift()?.();
    }
  }

  // Private: when the oldest of the last `limit` admissions leaves the window.
  private nextSlotAt(): number {
    if (this.admitted.length < this.limit) return Number.NEGATIVE_INFINITY;
    return (this.admitted[0] as number) + this.windowMs;
  }

  private schedule(ms: number): void {
    if (this.cancelTimer) return;
    this.cancelTimer = this.setTimer(() => {
      this.cancelTimer = null;
      this.drain();
    }, ms);
  }
}

function defaultSetTimer(callback: () => void, ms: number): CancelTimer {
  const timer = setTimeout(callback, Math.ceil(ms));
  return () => clearTimeout(timer);
}
