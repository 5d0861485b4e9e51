import type { ChangeEvent, Seq } from '../changes/ChangeEvent';
import { EVERY_CHANGE, type ChangeFilter } from '../changes/ChangeFilter';
import type { ChangeListener, ChangeSource } from '../changes/ChangeSource';
import type { CancelTimer } from '../../upstream/gate/RateGate';
import type { CatalogueStore, ChangeQuery } from './CatalogueStore';

/** Default time between two looks at the log for events another process recorded. */
export const CHANGE_POLL_MS = 2_000;

// Private: events read per look when telling listeners.
const BATCH = 500;

export interface StoreChangeSourceOptions {
  /** Time between looks at the log (events recorded by another replica's syncer). Default `CHANGE_POLL_MS`. */
  pollMs?: number;
  /** Runs `callback` after `ms`; default `setTimeout` (unref'd). Tests inject their own. */
  setTimer?: (callback: () => void, ms: number) => CancelTimer;
  /** Told when a look at the log failed (the next one retries). */
  onError?: (error: unknown) => void;
}

/**
 * The change log of the catalogue store as the deliveries read it. `page` and `history` are keyset reads of
 * the store's `geopf_changes`, filtered in SQL (so pages stay full and complete). `subscribe` tells listeners
 * of every event recorded after the source started, in log order and each once: woken at once when this
 * process's syncer commits events (`CatalogueStore.onChangesRecorded`), and every `pollMs` for the events
 * of a syncer in another replica. `close` stops both.
 */
export class StoreChangeSource implements ChangeSource {
  private readonly listeners = new Set<ChangeListener>();
  private readonly pollMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => CancelTimer;
  /** The last position told to listeners; null until the source has read where the log ends. */
  private told: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: CancelTimer | null = null;
  private closed = false;
  private readonly unhook: () => void;

  constructor(
    private readonly store: CatalogueStore,
    private readonly options: StoreChangeSourceOptions = {},
  ) {
    this.pollMs = options.pollMs ?? CHANGE_POLL_MS;
    this.setTimer =
      options.setTimer ??
      ((callback, ms) => {
        const timer = setTimeout(callback, ms);
        timer.unref();
        return () => clearTimeout(timer);
      });
    this.unhook = store.onChangesRecorded(() => void this.wake());
    void this.wake();
  }

  async page(filter: ChangeFilter, afterSeq: Seq | null, limit: number): Promise<ChangeEvent[]> {
    return await this.store.changes(afterSeq === null ? 0 : Number(afterSeq), limit, changeQuery(filter));
  }

  async history(filter: ChangeFilter, beforeSeq: Seq | null, limit: number): Promise<ChangeEvent[]> {
    return await this.store.changesBefore(beforeSeq === null ? null : Number(beforeSeq), limit, changeQuery(filter));
  }

  async latestSeq(): Promise<Seq | null> {
    const last = await this.store.lastSeq();
    return last === 0 ? null : String(last);
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reads the log now and tells listeners what is new (also what the store's hook and the poll call). */
  wake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.timer?.();
    this.timer = null;
    this.running = this.look()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.wake();
        } else if (!this.closed) {
          this.timer = this.setTimer(() => void this.wake(), this.pollMs);
        }
      });
    return this.running;
  }

  /** Stops the poll and the store hook; listeners hear nothing more. Waits for a look under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.unhook();
    this.timer?.();
    this.timer = null;
    await this.running;
  }

  // Private: the first look finds where the log ends (earlier events are history, not news); later looks tell
  // listeners every event after the last one told, in batches, until the log is exhausted.
  private async look(): Promise<void> {
    if (this.told === null) {
      this.told = await this.store.lastSeq();
      return;
    }
    for (;;) {
      const batch = await this.store.changes(this.told, BATCH);
      for (const event of batch) {
        if (this.closed) return;
        this.told = Number(event.seq);
        for (const listener of [...this.listeners]) listener(event);
      }
      if (batch.length < BATCH) return;
    }
  }
}

/** The normalized filter as the store's query (absent lists stay absent). */
export function changeQuery(filter: ChangeFilter): ChangeQuery {
  if (filter === EVERY_CHANGE) return {};
  return {
    ...(filter.resources ? { products: filter.resources } : {}),
    ...(filter.kinds ? { kinds: filter.kinds } : {}),
    ...(filter.zones ? { zones: filter.zones } : {}),
    ...(filter.formats ? { formats: filter.formats } : {}),
  };
}
