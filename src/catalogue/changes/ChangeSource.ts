import type { ChangeEvent, Seq } from './ChangeEvent';
import type { ChangeFilter } from './ChangeFilter';

/** Called with each event as it is recorded, in log order. */
export type ChangeListener = (event: ChangeEvent) => void;

/**
 * The change log as the deliveries read it. The catalogue store implements it over its change log
 * (`StoreChangeSource`);
 * `MemoryChangeSource` implements it for tests and for a process without a store.
 */
export interface ChangeSource {
  /** Matching events after `afterSeq` (from the start when null), oldest first, at most `limit`. */
  page(filter: ChangeFilter, afterSeq: Seq | null, limit: number): Promise<ChangeEvent[]>;
  /** Matching events before `beforeSeq` (from the newest when null), newest first, at most `limit` (the Atom feed's pages). */
  history(filter: ChangeFilter, beforeSeq: Seq | null, limit: number): Promise<ChangeEvent[]>;
  /** The newest position in the log, null while it is empty. */
  latestSeq(): Promise<Seq | null>;
  /** Calls `listener` with every event recorded from now on, in order; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
}
