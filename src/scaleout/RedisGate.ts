import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { abortableSleep } from '../upstream/abortableSleep';
import type { Gate } from '../upstream/Gate';
import { RateGate, type ReleaseSlot } from '../upstream/RateGate';
import { ADMIT_SCRIPT, PAUSE_SCRIPT, RELEASE_SCRIPT } from './gateScripts';

export interface RedisGateOptions {
  redis: Redis;
  /** Requests per second for all replicas together. */
  ratePerSecond: number;
  /** Replicas sharing the budget: the fallback gate, used while Redis is unreachable, runs at rate / replicas. */
  replicas: number;
  /** Prefix of the Redis keys (several deployments may share one Redis). */
  keyPrefix: string;
  logger: Logger;
  windowMs?: number;
  /** How long an unanswered request holds its slot at most (the request timeout). Default 60 s. */
  maxInFlightMs?: number;
}

/**
 * The rate gate shared by every replica through Redis: one budget for all, one 429 pause for all.
 *
 * Each caller first passes a local `RateGate` at the full rate, which keeps operations served in turn and
 * the local queue in order, then asks Redis for a slot (an atomic script, see `gateScripts`). When Redis
 * cannot be reached, the gate falls back to a local gate at `rate / replicas` — conservative: all replicas
 * together stay under the rate — starting paused for one window (the last second may already be full),
 * logs it once, probes Redis every second and returns to it once it answers.
 */
export class RedisGate implements Gate {
  private readonly local: RateGate;
  private readonly fallback: RateGate;
  private readonly windowMs: number;
  private readonly maxInFlightMs: number;
  private down = false;
  private probe: NodeJS.Timeout | null = null;

  constructor(private readonly options: RedisGateOptions) {
    this.windowMs = options.windowMs ?? 1000;
    this.maxInFlightMs = options.maxInFlightMs ?? 60_000;
    this.local = new RateGate({ ratePerSecond: options.ratePerSecond, windowMs: this.windowMs, maxInFlightMs: this.maxInFlightMs });
    this.fallback = new RateGate({ ratePerSecond: Math.max(1, Math.floor(options.ratePerSecond / options.replicas)), windowMs: this.windowMs, maxInFlightMs: this.maxInFlightMs });
  }

  async acquire(signal?: AbortSignal, owner?: object): Promise<ReleaseSlot> {
    const releaseLocal = await this.local.acquire(signal, owner);
    try {
      const releaseShared = await this.admit(signal);
      return () => {
        releaseLocal();
        releaseShared();
      };
    } catch (error) {
      releaseLocal();
      throw error;
    }
  }

  pause(ms: number): void {
    this.local.pause(ms);
    this.fallback.pause(ms);
    this.options.redis.eval(PAUSE_SCRIPT, 1, this.key('pause'), Math.ceil(ms)).catch((error: unknown) => this.markDown(error));
  }

  get queueLength(): number {
    return this.local.queueLength + this.fallback.queueLength;
  }

  get pausedFor(): number {
    return Math.max(this.local.pausedFor, this.fallback.pausedFor);
  }

  /** True while Redis answers and the shared budget is in force. */
  get shared(): boolean {
    return !this.down;
  }

  /** Redis could not be reached at start: serve on the fallback, probing for Redis. */
  startOnFallback(error: Error): void {
    this.markDown(error);
  }

  /** Stops probing Redis (for shutdown). */
  close(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  // Private: a slot from Redis, asking again after the wait it names; the fallback gate while Redis is down.
  private async admit(signal?: AbortSignal): Promise<ReleaseSlot> {
    const member = randomUUID();
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (this.down) return this.fallback.acquire(signal);
      let answer: [number, number];
      try {
        answer = (await this.options.redis.eval(ADMIT_SCRIPT, 2, this.key('slots'), this.key('pause'), this.windowMs, this.options.ratePerSecond, this.maxInFlightMs, member)) as [number, number];
      } catch (error) {
        this.markDown(error);
        continue;
      }
      if (answer[0] === 1) {
        return () => {
          this.options.redis.eval(RELEASE_SCRIPT, 1, this.key('slots'), member).catch((error: unknown) => this.markDown(error));
        };
      }
      await abortableSleep(Math.min(answer[1], 250), signal);
    }
  }

  private markDown(error: unknown): void {
    if (this.down) return;
    this.down = true;
    // The last window may already hold the whole shared budget: the local share starts after it.
    this.fallback.pause(this.windowMs + 100);
    this.options.logger.error('redis unreachable: rate gate falls back to the local share of the budget', {
      error: error instanceof Error ? error.message : String(error),
      localRatePerSecond: Math.max(1, Math.floor(this.options.ratePerSecond / this.options.replicas)),
    });
    this.probe = setInterval(() => {
      this.options.redis.ping().then(
        () => {
          if (!this.down) return;
          this.down = false;
          this.close();
          this.options.logger.info('redis reachable again: rate gate shares the budget through it');
        },
        () => undefined,
      );
    }, 1000);
    this.probe.unref();
  }

  private key(name: string): string {
    return `${this.options.keyPrefix}gate:${name}`;
  }
}
