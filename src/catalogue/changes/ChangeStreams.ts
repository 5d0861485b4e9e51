import { SubscriberTooSlowError } from '../../core/errors';
import type { ChangeEvent } from './ChangeEvent';
import { matchesChange, type ChangeFilter } from './ChangeFilter';
import type { ChangeSource } from './ChangeSource';

/**
 * Default events one subscriber may have waiting before it is dropped. A queue holds references to events every
 * subscriber shares, so a long one costs little: it lets a router that calls back one event at a time through a burst.
 */
export const DEFAULT_MAX_QUEUED = 1000;

/** Default deliveries (one event to one subscriber) made per turn of the event loop before yielding. */
const DEFAULT_DELIVERIES_PER_TURN = 64;

/** Subscribers' filters tried per turn of the event loop at most (a match is cheap, thousands of them are not). */
const CHECKS_PER_TURN = 4096;

/** What a stream yields: events, and last, when its subscriber was too slow, the error that ended it. */
export type ChangeStreamItem = ChangeEvent | SubscriberTooSlowError;

export interface ChangeStreamsOptions {
  /** Events one subscriber may have waiting; one more and it is dropped (`SUBSCRIPTION_QUEUE_MAX`). Default 1000. */
  maxQueued?: number;
  /** Deliveries made per turn of the event loop; then the fan-out yields, so that other work runs. Default 64. */
  deliveriesPerTurn?: number;
  /** Told each time a subscriber is dropped for letting too many events wait. */
  onDrop?: () => void;
  /** Runs `callback` on a later turn of the event loop (default `setImmediate`). */
  schedule?: (callback: () => void) => void;
}

/**
 * The live subscriptions of the process: each `open` listens to the change log for one subscriber (SSE,
 * WebSocket or router callback alike); `closeAll` ends them all, e.g. on shutdown, so that every transport
 * sends its `complete` and lets go of its connection. One listener on the log queues each event (nothing more
 * happens inside the log's own call); the fan-out then tries it against each subscriber's filter and hands it
 * out, at most `deliveriesPerTurn` deliveries (and 4,096 filters tried) per turn of the event loop, yielding in
 * between: a burst of events to many subscribers never holds the loop (a `/health` check, an operation) for
 * long. Each subscriber's own queue is bounded: one that lets more than `maxQueued` events wait is dropped (its
 * stream yields a `SubscriberTooSlowError`, then ends) instead of buffered.
 */
export class ChangeStreams {
  private readonly open_ = new Set<ChangeStream>();
  /** Events received and not yet handed to every subscriber, each with its number; `head` is the next one. */
  private readonly events: Array<{ event: ChangeEvent; number: number }> = [];
  private head = 0;
  /** Where the fan-out stands among the subscribers for the head event (a live iterator of `open_`). */
  private cursor: Iterator<ChangeStream> | null = null;
  private received = 0;
  private unsubscribe: (() => void) | null = null;
  private draining = false;
  private closed = false;
  private readonly maxQueued: number;
  private readonly deliveriesPerTurn: number;
  private readonly schedule: (callback: () => void) => void;

  constructor(
    private readonly source: ChangeSource,
    private readonly options: ChangeStreamsOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.deliveriesPerTurn = options.deliveriesPerTurn ?? DEFAULT_DELIVERIES_PER_TURN;
    this.schedule = options.schedule ?? ((callback) => void setImmediate(callback));
  }

  /**
   * An async iterator of the events matching `filter` recorded from now on; ended by its `return()` or
   * `closeAll`. `onEnd` is called once when it ends, however it ends.
   */
  open(filter: ChangeFilter, onEnd?: () => void): AsyncIterableIterator<ChangeStreamItem> {
    const stream = new ChangeStream(
      filter,
      this.received,
      this.maxQueued,
      () => this.options.onDrop?.(),
      () => {
        this.open_.delete(stream);
        if (this.open_.size === 0) this.stopListening();
        onEnd?.();
      },
    );
    if (this.closed) {
      stream.end();
      return stream;
    }
    this.open_.add(stream);
    this.unsubscribe ??= this.source.subscribe((event) => this.enqueue(event));
    return stream;
  }

  /** Ends every stream and refuses new ones (they end at once). */
  closeAll(): void {
    this.closed = true;
    for (const stream of [...this.open_]) stream.end();
    this.stopListening();
  }

  /** Streams currently open. */
  get size(): number {
    return this.open_.size;
  }

  /** Events waiting to be handed to subscribers. */
  get backlog(): number {
    return this.events.length - this.head;
  }

  // Private: queues an event; the fan-out runs on a later turn, never inside the log's own call.
  private enqueue(event: ChangeEvent): void {
    this.received += 1;
    this.events.push({ event, number: this.received });
    if (!this.draining) {
      this.draining = true;
      this.schedule(() => this.drain());
    }
  }

  // Private: hands events out until the turn's deliveries or checks are spent, then yields while more wait.
  private drain(): void {
    let deliveries = 0;
    let checks = 0;
    while (this.head < this.events.length && deliveries < this.deliveriesPerTurn && checks < CHECKS_PER_TURN) {
      const { event, number } = this.events[this.head] as { event: ChangeEvent; number: number };
      this.cursor ??= this.open_.values();
      const next = this.cursor.next();
      if (next.done) {
        this.head += 1;
        this.cursor = null;
        continue;
      }
      const stream = next.value;
      checks += 1;
      // A subscriber opened after the event was recorded does not get it.
      if (number > stream.openedAfter && matchesChange(stream.filter, event)) {
        stream.push(event);
        deliveries += 1;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events.splice(0, this.head);
      this.head = 0;
    }
    if (this.head < this.events.length) this.schedule(() => this.drain());
    else this.draining = false;
  }

  // Private: lets go of the log while nobody listens; what waited is dropped.
  private stopListening(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.events.length = 0;
    this.head = 0;
    this.cursor = null;
  }
}

// Private: one subscriber's queue. A hand-written iterator rather than an async generator, so that `return()`
// ends it at once even while it waits for the next event (a generator's `return` would wait for that event).
class ChangeStream implements AsyncIterableIterator<ChangeStreamItem> {
  private readonly queue: ChangeStreamItem[] = [];
  private waiting: Array<(result: IteratorResult<ChangeStreamItem>) => void> = [];
  private done = false;

  constructor(
    readonly filter: ChangeFilter,
    /** The number of the last event received before it opened: it gets those after. */
    readonly openedAfter: number,
    private readonly maxQueued: number,
    private readonly onDrop: () => void,
    private readonly onEnd: () => void,
  ) {}

  push(event: ChangeEvent): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter({ value: event, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      // Dropped, not buffered: what waited is let go, and the subscriber is told why on its next read.
      this.queue.length = 0;
      this.queue.push(new SubscriberTooSlowError(this.maxQueued));
      this.onDrop();
      this.end();
      return;
    }
    this.queue.push(event);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.onEnd();
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  async next(): Promise<IteratorResult<ChangeStreamItem>> {
    const queued = this.queue.shift();
    if (queued) return { value: queued, done: false };
    if (this.done) return { value: undefined, done: true };
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<ChangeStreamItem>> {
    this.queue.length = 0;
    this.end();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ChangeStreamItem> {
    return this;
  }
}
