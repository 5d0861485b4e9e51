import { compareSeq, type ChangeEvent, type Seq } from './ChangeEvent';
import { matchesChange, type ChangeFilter } from './ChangeFilter';
import type { ChangeListener, ChangeSource } from './ChangeSource';

/** An event as `record` takes it: the log gives the position. */
export type NewChangeEvent = Omit<ChangeEvent, 'seq'>;

/**
 * An in-memory change log, for tests and for a process without a catalogue store.
 * Nothing survives the process.
 */
export class MemoryChangeSource implements ChangeSource {
  private readonly events: ChangeEvent[] = [];
  private readonly listeners = new Set<ChangeListener>();
  private nextSeq = 1n;

  /** Appends an event, gives it the next position and tells the listeners; returns it. */
  record(event: NewChangeEvent): ChangeEvent {
    const recorded: ChangeEvent = { ...event, seq: String(this.nextSeq) };
    this.nextSeq += 1n;
    this.events.push(recorded);
    for (const listener of [...this.listeners]) listener(recorded);
    return recorded;
  }

  async page(filter: ChangeFilter, afterSeq: Seq | null, limit: number): Promise<ChangeEvent[]> {
    return this.events.filter((event) => (afterSeq === null || compareSeq(event.seq, afterSeq) > 0) && matchesChange(filter, event)).slice(0, limit);
  }

  async history(filter: ChangeFilter, beforeSeq: Seq | null, limit: number): Promise<ChangeEvent[]> {
    const older = this.events.filter((event) => (beforeSeq === null || compareSeq(event.seq, beforeSeq) < 0) && matchesChange(filter, event));
    return older.reverse().slice(0, limit);
  }

  async latestSeq(): Promise<Seq | null> {
    return this.events.at(-1)?.seq ?? null;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Listeners currently subscribed (tests check that closed subscriptions let go). */
  get listenerCount(): number {
    return this.listeners.size;
  }
}
