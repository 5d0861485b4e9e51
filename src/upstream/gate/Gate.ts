/** Tells the gate that the admitted request has been answered (or has failed). Idempotent. */
export type ReleaseSlot = () => void;

/**
 * What the client needs of a rate gate: the in-process `RateGate`, or `RedisGate` sharing one budget between
 * replicas.
 */
export interface Gate {
  /** Resolves when one request may be sent; call the release when its answer is back. Rejects when `signal` aborts. */
  acquire(signal?: AbortSignal, owner?: object): Promise<ReleaseSlot>;
  /** The upstream answered 429: nobody sends for `ms`. */
  pause(ms: number): void;
  /** Callers queued. */
  readonly queueLength: number;
  /** Milliseconds left in a pause. */
  readonly pausedFor: number;
}
