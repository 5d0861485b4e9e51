/**
 * The GraphQL operations being served, so that a shutdown can stop taking new ones and bring the deadline of
 * the running ones forward (they answer with typed errors on their remaining fields instead of a closed socket).
 */
export class InFlightOperations {
  private readonly running = new Set<AbortController>();
  private closedFor: Error | null = null;

  /**
   * Runs one operation with a signal that aborts when `cut` is called (pass it to the operation's deadline);
   * the operation counts as in flight until `work` settles, its answer written.
   */
  async track<T>(work: (stop: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (this.closedFor) controller.abort(this.closedFor);
    this.running.add(controller);
    try {
      return await work(controller.signal);
    } finally {
      this.running.delete(controller);
    }
  }

  /** True once `close` was called: new operations should be refused. */
  get closed(): boolean {
    return this.closedFor !== null;
  }

  /** Operations in flight. */
  get size(): number {
    return this.running.size;
  }

  /** Refuses new operations from now on (the server is stopping). */
  close(reason: Error): void {
    this.closedFor ??= reason;
  }

  /** Aborts the signal of every operation in flight. */
  cut(reason: Error): void {
    for (const controller of this.running) controller.abort(reason);
  }
}
