import { RateGate, type CancelTimer } from '../upstream/gate/RateGate';
import type { ReleaseSlot } from '../upstream/gate/Gate';

/** Files downloaded at once at most: the files are large, a few connections fill the line. */
export const MAX_PARALLEL_FILES = 2;
/** Pause after a 429 without `Retry-After` (the subgraph's `GEOPF_BAN_SECONDS` default). */
export const DEFAULT_BAN_MS = 5_000;
/** Longest pause a `Retry-After` may ask (as the subgraph's gate caps it). */
export const MAX_BAN_MS = 30_000;

/** Options of `DownloadPacer`; the clock and timers are injectable, as the gate's. */
export interface DownloadPacerOptions {
  /** Most requests per second, above 0 (fractions allowed). */
  rate: number;
  /** Files at once (default `MAX_PARALLEL_FILES`). */
  parallelFiles?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => CancelTimer;
}

/**
 * The pace of a copy's downloads, which share the upstream's limit with any subgraph on the same address: one
 * request every 1/`rate` s at most (the subgraph's `RateGate`, one slot per window of 1000/`rate` ms), a few
 * files at once, and a 429 pausing every request (the upstream bans the whole address), as the gate pauses the
 * subgraph.
 */
export class DownloadPacer {
  private readonly gate: RateGate;
  private readonly parallelFiles: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: DownloadPacerOptions) {
    if (!(options.rate > 0)) throw new TypeError(`DownloadPacer: expected a rate above 0, got ${options.rate}`);
    this.gate = new RateGate({
      ratePerSecond: 1,
      windowMs: 1000 / options.rate,
      ...(options.now ? { now: options.now } : {}),
      ...(options.setTimer ? { setTimer: options.setTimer } : {}),
    });
    this.parallelFiles = options.parallelFiles ?? MAX_PARALLEL_FILES;
  }

  /** Resolves when one request may be sent; call the release when its answer (headers) is in. */
  request(): Promise<ReleaseSlot> {
    return this.gate.acquire();
  }

  /** The upstream answered 429: no request for `Retry-After` seconds (capped), else the default; returns the pause in ms. */
  rateLimited(retryAfter: string | null): number {
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : null;
    const ms = seconds === null ? DEFAULT_BAN_MS : Math.min(seconds * 1000, MAX_BAN_MS);
    this.gate.pause(ms);
    return ms;
  }

  /** Runs `work` in one of the file slots, waiting for one to free. */
  async withFileSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.parallelFiles) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
