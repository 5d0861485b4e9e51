import { setMaxListeners } from 'node:events';

/**
 * One operation's deadline: `deadlineMs` after the operation started, or sooner when `stop` aborts (the server
 * is stopping). Its signal is made on first read: an operation answered from the cache never waits for the
 * upstream, and making the signal (a timer, a composite signal, listener bookkeeping: tens of microseconds)
 * would be a large part of what such an operation costs. A signal made late aborts when one made at the
 * start would have.
 */
export class OperationDeadline {
  private made: AbortSignal | null = null;
  private readonly startedAt: number;

  constructor(
    private readonly deadlineMs: number,
    private readonly stop?: AbortSignal,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  /** Aborts with a `TimeoutError` when the deadline passes, or with `stop`'s reason when it aborts first. */
  get signal(): AbortSignal {
    this.made ??= this.makeSignal();
    return this.made;
  }

  // Private: the signal, aborted already when read after the deadline.
  private makeSignal(): AbortSignal {
    // Whole milliseconds (AbortSignal.timeout's unit), rounded up: never before the deadline.
    const left = Math.ceil(this.deadlineMs - (this.now() - this.startedAt));
    const timeout = left > 0 ? AbortSignal.timeout(left) : AbortSignal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const signal = this.stop ? AbortSignal.any([timeout, this.stop]) : timeout;
    // Every upstream request of the operation listens to it (gate, fetch, shared fetches): no leak, just many.
    setMaxListeners(0, signal);
    return signal;
  }
}
