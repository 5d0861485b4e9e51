import type { WatchRecord } from './Watch';
import type { WatchStore } from './WatchStore';

/** Watches in the process only: lost on restart, not shared between replicas. For tests and until the store exists. */
export class MemoryWatchStore implements WatchStore {
  private readonly watches = new Map<string, WatchRecord>();

  async create(watch: WatchRecord): Promise<void> {
    this.watches.set(watch.id, { ...watch });
  }

  async delete(id: string): Promise<boolean> {
    return this.watches.delete(id);
  }

  async get(id: string): Promise<WatchRecord | null> {
    const watch = this.watches.get(id);
    return watch ? { ...watch } : null;
  }

  async list(): Promise<WatchRecord[]> {
    return [...this.watches.values()].map((watch) => ({ ...watch }));
  }

  async suspend(id: string, reason: string, at: string): Promise<void> {
    const watch = this.watches.get(id);
    if (watch) this.watches.set(id, { ...watch, status: 'SUSPENDED', suspendedAt: at, suspendedReason: reason });
  }
}
