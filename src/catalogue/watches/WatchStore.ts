import type { WatchRecord } from './Watch';

/**
 * Where watches live. `SqlWatchStore` (src/store/) keeps them in the catalogue store's `geopf_watches`, so
 * that they survive restarts and are shared by replicas; `MemoryWatchStore` in the process, without the catalogue.
 */
export interface WatchStore {
  create(watch: WatchRecord): Promise<void>;
  /** False when no watch has this id. */
  delete(id: string): Promise<boolean>;
  get(id: string): Promise<WatchRecord | null>;
  /** Every watch, oldest first. */
  list(): Promise<WatchRecord[]>;
  /** Marks the watch suspended with its reason; no-op when it is gone. */
  suspend(id: string, reason: string, at: string): Promise<void>;
}
