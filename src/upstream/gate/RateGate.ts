import type { Gate, ReleaseSlot } from './Gate';

/** Cancels a timer set by `RateGateOptions.setTimer`. */
export type CancelTimer = () => void;

export interface RateGateOptions {
  /** Requests the upstream may receive in any window of `windowMs`. */
  ratePerSecond: number;
  /** Length of the window, default 1000 ms. */
  windowMs?: number;
  /**
   * How long an unanswered request is held as possibly still on its way to the upstream: it may arrive any
   * time until its answer comes back, so this should be the request timeout (the server passes it). Default
   * 60 s. Once answered, the time of its answer is used instead; this only bounds a slot whose answer never
   * comes (a lost release).
   */
  maxInFlightMs?: number;
  /** Milliseconds on a monotonic clock; default `performance.now()`. */
  now?: () => number;
  /** Runs `callback` after `ms`; default `setTimeout`. */
  setTimer?: (callback: () => void, ms: number) => CancelTimer;
}

/** One admitted request: `latest` is the latest time it can have reached the upstream. */
interface Slot {
  admitted: number;
  latest: number;
  released: boolean;
}

/** A caller waiting for a slot. */
interface Waiter {
  admit: (release: ReleaseSlot) => void;
  /** Removes the caller's abort listener once it is admitted. */
  settled: () => void;
  owner: object;
}

/**
 * What the gate remembers of an owner (an operation) for its whole life, waiting or not: kept in a WeakMap,
 * so it goes when the operation does.
 */
interface OwnerTurn {
  /** When its next slot is due, in admissions: where it was first seen plus the slots it has had. */
  tag: number;
  /** First-seen order: breaks ties in favour of the older operation. */
  seq: number;
}

/**
 * The one process-wide gate every upstream request passes, so that the upstream never receives more than
 * `ratePerSecond` requests in any window of `windowMs`, however the requests are delayed on the way. It
 * queues callers in arrival order and never drops one.
 *
 * The upstream counts requests when they *arrive*, and a request reaches it some time after the gate let it
 * go: at once on an idle loopback, tens of milliseconds later on a busy event loop or network. So each
 * admitted request is held as the interval in which it may arrive, `[admitted, latest]`, where `latest` is
 * the time its answer came back (it had certainly arrived by then) or, while unanswered, `admitted +
 * maxInFlightMs` (however long it takes to get there, it cannot arrive after its own timeout). A caller is
 * admitted at `t` only when fewer than N requests may have arrived after
 * `t − window`; any window of arrivals then holds at most N of them (the last admitted one of those saw the
 * others in its count). The price: under saturation the gate runs at N per (window + response time).
 *
 * Why not a classic token bucket: N tokens refilled at N/s let up to 2N−1 requests start within one second,
 * and the upstream bans the whole address for that.
 */
export class RateGate implements Gate {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxInFlightMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => CancelTimer;
  private slots: Slot[] = [];
  /** Waiters grouped by owner (an operation), each owner's waiters in order; see `nextWaiter` for the turn. */
  private queues = new Map<object, Waiter[]>();
  /** Every owner seen, waiting or not, for as long as it lives. */
  private turns = new WeakMap<object, OwnerTurn>();
  /** Slots admitted so far: the gate's virtual time; an owner first seen now starts its turns at it. */
  private admissions = 0;
  private ownersSeen = 0;
  private waitingCount = 0;
  private timer: { at: number; cancel: CancelTimer } | null = null;
  /** No admission before this time: the upstream answered 429 and the whole address waits. */
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(options: RateGateOptions) {
    if (!Number.isInteger(options.ratePerSecond) || options.ratePerSecond < 1) {
      throw new TypeError(`RateGate: expected ratePerSecond to be a positive integer, got ${String(options.ratePerSecond)}`);
    }
    this.limit = options.ratePerSecond;
    this.windowMs = options.windowMs ?? 1000;
    this.maxInFlightMs = options.maxInFlightMs ?? 60_000;
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? defaultSetTimer;
  }

  /**
   * Resolves when the caller may send one request. Call the returned `release` when its answer arrives (or it
   * fails): that frees the slot sooner. Owners (operations) are served in turn across their whole life (see
   * `nextWaiter`): a heavy operation cannot starve a light one, and an operation needing several sequential
   * rounds is not sent behind younger ones at each round. One owner's callers go in the order they asked
   * (callers without an owner each count as their own). Rejects with the signal's reason, and leaves the
   * queue, when `signal` aborts first.
   */
  acquire(signal?: AbortSignal, owner: object = {}): Promise<ReleaseSlot> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.remove(waiter);
        reject(signal?.reason);
      };
      const waiter: Waiter = { admit: resolve, settled: () => signal?.removeEventListener('abort', onAbort), owner };
      signal?.addEventListener('abort', onAbort, { once: true });
      const queue = this.queues.get(owner);
      if (queue) queue.push(waiter);
      else this.queues.set(owner, [waiter]);
      if (!this.turns.has(owner)) this.turns.set(owner, { tag: this.admissions, seq: this.ownersSeen++ });
      this.waitingCount += 1;
      this.drain();
    });
  }

  /**
   * Admits nobody for `ms` from now (or longer if already paused longer): the upstream answered 429, and it
   * bans the whole address, so every caller waits, not only the one that saw it.
   */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.max(ms, 0));
    this.drain();
  }

  /** How many callers are queued behind the gate. */
  get queueLength(): number {
    return this.waitingCount;
  }

  /** Milliseconds until the current pause ends; 0 when not paused. */
  get pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  // Private: admits every waiter the window allows, then sleeps until the next slot can free.
  private drain(): void {
    while (this.waitingCount > 0) {
      const now = this.now();
      const freeAt = this.nextAdmissionAt(now);
      if (freeAt > now) {
        this.schedule(freeAt, now);
        return;
      }
      const slot: Slot = { admitted: now, latest: now + this.maxInFlightMs, released: false };
      this.slots.push(slot);
      const waiter = this.nextWaiter();
      waiter.settled();
      waiter.admit(() => this.release(slot));
    }
  }

  // Private: the earliest time, not before a pause ends, when fewer than `limit` slots may have arrived
  // within the preceding window.
  private nextAdmissionAt(now: number): number {
    this.slots = this.slots.filter((slot) => slot.latest > now - this.windowMs);
    const afterPause = Math.max(now, this.pausedUntil);
    if (this.slots.length < this.limit) return afterPause;
    const latestFirst = this.slots.map((slot) => slot.latest).sort((a, b) => b - a);
    return Math.max(afterPause, (latestFirst[this.limit - 1] as number) + this.windowMs);
  }

  // Private: the answer is in, so the request had arrived by now: earlier than assumed frees the slot sooner,
  // later than assumed (a send delayed on a busy loop) holds it longer.
  private release(slot: Slot): void {
    if (slot.released) return;
    slot.released = true;
    slot.latest = Math.max(this.now(), slot.admitted);
    if (this.waitingCount > 0) this.drain();
  }

  /**
   * Private: the first waiter of the waiting owner whose next slot is due first (the smallest `tag`, the older
   * owner on a tie); admitting it moves that owner's tag on by one.
   *
   * Time here is counted in admissions. An owner's j-th slot is due at (the admission count when the gate
   * first saw it) + j, and slots go in order of due time. Owners asking together alternate, so a heavy one
   * cannot starve a light one: its tag moves on with each slot it takes, as fast as the count does. An owner
   * keeps its tag while nobody of it waits, so an operation needing several sequential rounds (a nested
   * query: products, then their editions, then their files) is not sent behind the whole queue at each round
   * (what a plain round robin did: 165 of 189 nested queries timed out under 300 concurrent one-request
   * operations); its later rounds come before every operation that arrived after it had been served. That is
   * fairness per operation across its whole life: an operation seen earlier is never overtaken indefinitely,
   * and one that arrives later waits at most for the slots the older ones were already owed.
   *
   * A priority class (e.g. a background sync owner limited to a share of the rate while interactive callers
   * wait) goes here: pick the class first (the background one only when no interactive owner waits, or while
   * its share of the last window is under its quota), then the smallest (tag, seq) within that class.
   */
  private nextWaiter(): Waiter {
    let chosen: { owner: object; queue: Waiter[]; turn: OwnerTurn } | null = null;
    for (const [owner, queue] of this.queues) {
      const turn = this.turns.get(owner) as OwnerTurn;
      if (!chosen || turn.tag < chosen.turn.tag || (turn.tag === chosen.turn.tag && turn.seq < chosen.turn.seq)) chosen = { owner, queue, turn };
    }
    const { owner, queue, turn } = chosen as { owner: object; queue: Waiter[]; turn: OwnerTurn };
    const waiter = queue.shift() as Waiter;
    if (queue.length === 0) this.queues.delete(owner);
    this.admissions += 1;
    turn.tag += 1;
    this.waitingCount -= 1;
    return waiter;
  }

  private remove(waiter: Waiter): void {
    const queue = this.queues.get(waiter.owner);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    if (queue.length === 0) this.queues.delete(waiter.owner);
    this.waitingCount -= 1;
  }

  // Private: one timer at a time, moved earlier when a release brings the next admission forward.
  private schedule(at: number, now: number): void {
    if (this.timer && this.timer.at <= at) return;
    this.timer?.cancel();
    const cancel = this.setTimer(() => {
      this.timer = null;
      this.drain();
    }, at - now);
    this.timer = { at, cancel };
  }
}

function defaultSetTimer(callback: () => void, ms: number): CancelTimer {
  const timer = setTimeout(callback, Math.ceil(ms));
  return () => clearTimeout(timer);
}
