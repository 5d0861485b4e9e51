import type { Gate } from '../../upstream/gate/Gate';
import type { CancelTimer } from '../../upstream/gate/RateGate';

export interface SyncThrottleOptions {
  /** The process-wide gate the syncer's requests pass, like everyone's. */
  gate: Pick<Gate, 'queueLength'>;
  /** The gate's rate (requests per window). */
  ratePerSecond: number;
  /** `GEOPF_SYNC_SHARE`: the part of the rate the syncer may take while interactive requests wait, in (0, 1]. */
  share: number;
  /** Default 1000 ms, the gate's window. */
  windowMs?: number;
  /** Milliseconds on a monotonic clock; default `performance.now()`. */
  now?: () => number;
  /** Runs `callback` after `ms`; default `setTimeout`. */
  setTimer?: (callback: () => void, ms: number) => CancelTimer;
}

/**
 * The syncer's lower priority, in front of the gate (which it does not change): before each sync request,
 * `turn()` waits while interactive requests are queued at the gate and the syncer has already sent
 * `share × rate` requests in the last window. With nobody waiting, the syncer takes all the idle rate. The
 * syncer sends one request at a time, so whatever waits at the gate when it asks is interactive.
 */
export class SyncThrottle {
  private readonly cap: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => CancelTimer;
  /** When the syncer's recent requests were sent. */
  private sent: number[] = [];
  /** Times the syncer held back for interactive requests (for tests and metrics). */
  yielded = 0;

  constructor(private readonly options: SyncThrottleOptions) {
    if (!(options.share > 0 && options.share <= 1)) throw new TypeError(`SyncThrottle: expected share in (0, 1], got ${String(options.share)}`);
    this.cap = Math.max(1, Math.floor(options.ratePerSecond * options.share));
    this.windowMs = options.windowMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.setTimer =
      options.setTimer ??
      ((callback, ms) => {
        const timer = setTimeout(callback, Math.ceil(ms));
        return () => clearTimeout(timer);
      });
  }

  /** Resolves when the syncer may queue its next request at the gate; rejects when `signal` aborts. */
  async turn(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      this.sent = this.sent.filter((at) => at > now - this.windowMs);
      if (this.options.gate.queueLength === 0 || this.sent.length < this.cap) return;
      this.yielded += 1;
      await this.wait((this.sent[0] as number) + this.windowMs - now, signal);
    }
  }

  /** Records one request the syncer sent (retries included). */
  recordSent(): void {
    this.sent.push(this.now());
  }

  // Private: a timer that an abort cuts short.
  private wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.setTimer(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(ms, 1),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
