import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logger';
import { abortableSleep } from '../gate/abortableSleep';
import type { Gate } from '../gate/Gate';
import type { ReleaseSlot } from '../gate/Gate';
import { RateGate } from '../gate/RateGate';
import { ADMIT_SCRIPT, PAUSE_SCRIPT, RELEASE_SCRIPT, RETURN_SCRIPT } from './gateScripts';

/**
 * How long after a replica comes back from an outage the others may still be on their local share: they
 * reconnect within a second (the connection's retry) and their probe finds Redis within another.
 */
const TRANSITION_MS = 5000;

/** A slot the fallback gate admitted while Redis was unreachable: Redis learns of it on return. */
interface FallbackSlot {
  member: string;
  /** `performance.now()` when admitted, and when answered (null while in flight). */
  admitted: number;
  released: number | null;
  /** Written into Redis on return: its release goes there too. */
  exported: boolean;
}

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
 * logs it once, probes Redis every second and returns to it once it answers. On return it writes the slots
 * its fallback admitted within the last window (or still in flight) into Redis, and opens a transition during
 * which replicas still on their fallback keep their share (see `gateScripts`): the upstream never sees the
 * fallback's requests on top of a full shared window.
 */
export class RedisGate implements Gate {
  private readonly local: RateGate;
  private readonly fallback: RateGate;
  private readonly windowMs: number;
  private readonly maxInFlightMs: number;
  private down = false;
  private probe: NodeJS.Timeout | null = null;
  /** Set while the fallback's slots are written into Redis: nobody is admitted meanwhile. */
  private returning: Promise<void> | null = null;
  /** Aborted on return: callers still queued at the fallback go to Redis instead. */
  private outage = new AbortController();
  private fallbackSlots: FallbackSlot[] = [];
  private readonly replicaId = randomUUID();
  private readonly localShare: number;

  constructor(private readonly options: RedisGateOptions) {
    this.windowMs = options.windowMs ?? 1000;
    this.maxInFlightMs = options.maxInFlightMs ?? 60_000;
    this.local = new RateGate({ ratePerSecond: options.ratePerSecond, windowMs: this.windowMs, maxInFlightMs: this.maxInFlightMs });
    this.localShare = Math.max(1, Math.floor(options.ratePerSecond / options.replicas));
    this.fallback = new RateGate({ ratePerSecond: this.localShare, windowMs: this.windowMs, maxInFlightMs: this.maxInFlightMs });
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
      if (this.returning) {
        await this.returning;
        continue;
      }
      if (this.down) {
        const slot = await this.fallbackSlot(signal);
        if (slot) return slot;
        continue;
      }
      let answer: [number, number];
      try {
        answer = (await this.options.redis.eval(
          ADMIT_SCRIPT,
          4,
          this.key('slots'),
          this.key('pause'),
          this.key('transition'),
          this.key('returned'),
          this.windowMs,
          this.options.ratePerSecond,
          this.maxInFlightMs,
          member,
          this.options.replicas,
          this.localShare,
        )) as [number, number];
      } catch (error) {
        this.markDown(error);
        continue;
      }
      if (answer[0] === 1) return () => this.releaseShared(member);
      await abortableSleep(Math.min(answer[1], 250), signal);
    }
  }

  // Private: a slot of the fallback gate, remembered for Redis; null when Redis came back while waiting.
  private async fallbackSlot(signal?: AbortSignal): Promise<ReleaseSlot | null> {
    const outage = this.outage.signal;
    let release: ReleaseSlot;
    try {
      release = await this.fallback.acquire(signal ? AbortSignal.any([signal, outage]) : outage);
    } catch (error) {
      if (outage.aborted && !signal?.aborted) return null;
      throw error;
    }
    const now = performance.now();
    const slot: FallbackSlot = { member: randomUUID(), admitted: now, released: null, exported: false };
    // Only the slots Redis must learn on return are kept: in flight, or answered within the last window.
    this.fallbackSlots = this.fallbackSlots.filter((kept) => kept.released === null || kept.released > now - this.windowMs);
    this.fallbackSlots.push(slot);
    return () => {
      if (slot.released !== null) return;
      slot.released = performance.now();
      release();
      if (slot.exported) this.releaseShared(slot.member);
    };
  }

  private releaseShared(member: string): void {
    this.options.redis.eval(RELEASE_SCRIPT, 1, this.key('slots'), member).catch((error: unknown) => this.markDown(error));
  }

  private markDown(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.outage = new AbortController();
    // The last window may already hold the whole shared budget: the local share starts after it.
    this.fallback.pause(this.windowMs + 100);
    this.options.logger.error('redis unreachable: rate gate falls back to the local share of the budget', {
      error: error instanceof Error ? error.message : String(error),
      localRatePerSecond: this.localShare,
    });
    this.probe = setInterval(() => {
      if (this.returning) return;
      this.options.redis.ping().then(
        () => {
          if (this.down && !this.returning) this.returning = this.returnToRedis().finally(() => (this.returning = null));
        },
        () => undefined,
      );
    }, 1000);
    this.probe.unref();
  }

  // Private: Redis answers again: it learns the fallback's recent slots, then admits for this replica again.
  private async returnToRedis(): Promise<void> {
    // Callers queued at the fallback leave it now; none is admitted until the slots are written.
    this.outage.abort(new Error('redis is back'));
    const now = performance.now();
    const recent = this.fallbackSlots.filter((slot) => slot.released === null || slot.released > now - this.windowMs);
    const pairs = recent.flatMap((slot) => [slot.member, Math.ceil((slot.released ?? slot.admitted + this.maxInFlightMs) - now)]);
    try {
      await this.options.redis.eval(
        RETURN_SCRIPT,
        3,
        this.key('slots'),
        this.key('transition'),
        this.key('returned'),
        TRANSITION_MS,
        this.replicaId,
        this.windowMs + this.maxInFlightMs + 60_000,
        ...pairs,
      );
    } catch {
      // Still unreachable after all: stay on the fallback (a fresh outage signal for its new waiters).
      this.outage = new AbortController();
      return;
    }
    for (const slot of recent) slot.exported = true;
    this.fallbackSlots = [];
    this.down = false;
    this.close();
    this.options.logger.info('redis reachable again: rate gate shares the budget through it', { fallbackSlotsShared: recent.length });
  }

  private key(name: string): string {
    return `${this.options.keyPrefix}gate:${name}`;
  }
}
