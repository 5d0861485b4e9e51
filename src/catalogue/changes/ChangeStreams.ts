import type { ChangeEvent } from './ChangeEvent';
import { matchesChange, type ChangeFilter } from './ChangeFilter';
import type { ChangeSource } from './ChangeSource';

/** Events a slow subscriber may have waiting before its stream is ended with an error. */
const MAX_QUEUED = 1000;

/**
 * The live subscriptions of the process: each `open` listens to the change log for one subscriber
 * (SSE, WebSocket or router callback alike); `closeAll` ends them all, e.g. on shutdown, so that every
 * transport sends its `complete` and lets go of its connection.
 */
export class ChangeStreams {
  private readonly open_ = new Set<ChangeStream>();
  private closed = false;

  constructor(private readonly source: ChangeSource) {}

  /** An async iterator of the events matching `filter` recorded from now on; ended by its `return()` or `closeAll`. */
  open(filter: ChangeFilter): AsyncIterableIterator<ChangeEvent> {
    const stream = new ChangeStream(filter, () => this.open_.delete(stream));
    if (this.closed) {
      stream.end();
      return stream;
    }
    stream.attach(this.source.subscribe((event) => stream.push(event)));
    this.open_.add(stream);
    return stream;
  }

  /** Ends every stream and refuses new ones (they end at once). */
  closeAll(): void {
    this.closed = true;
    for (const stream of [...this.open_]) stream.end();
  }

  /** Streams currently open. */
  get size(): number {
    return this.open_.size;
  }
}

// Private: one subscriber's queue. A hand-written iterator rather than an async generator, so that `return()`
// ends it at once even while it waits for the next event (a generator's `return` would wait for that event).
class ChangeStream implements AsyncIterableIterator<ChangeEvent> {
  private readonly queue: ChangeEvent[] = [];
  private waiting: Array<(result: IteratorResult<ChangeEvent>) => void> = [];
  private failure: Error | null = null;
  private done = false;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly filter: ChangeFilter,
    private readonly onEnd: () => void,
  ) {}

  attach(unsubscribe: () => void): void {
    this.unsubscribe = unsubscribe;
  }

  push(event: ChangeEvent): void {
    if (this.done || !matchesChange(this.filter, event)) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter({ value: event, done: false });
      return;
    }
    if (this.queue.length >= MAX_QUEUED) {
      this.failure = new Error(`More than ${MAX_QUEUED} changes waited for this subscriber; subscribe again to resume.`);
      this.end();
      return;
    }
    this.queue.push(event);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.unsubscribe();
    this.onEnd();
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  async next(): Promise<IteratorResult<ChangeEvent>> {
    const queued = this.queue.shift();
    if (queued) return { value: queued, done: false };
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
    if (this.done) return { value: undefined, done: true };
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<ChangeEvent>> {
    this.queue.length = 0;
    this.end();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ChangeEvent> {
    return this;
  }
}
