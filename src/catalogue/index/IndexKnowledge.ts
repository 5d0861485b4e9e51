import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import type { CatalogueStore } from '../store/CatalogueStore';
import type { UpstreamParams } from '../../upstream/format/listingPath';
import { EditionSnapshot } from './EditionSnapshot';
import { ListingSnapshot } from './ListingSnapshot';

export interface IndexKnowledgeOptions {
  /** Told why a refresh failed (the store unreachable); the previous snapshot keeps answering. */
  onError?: (error: unknown) => void;
  /** Milliseconds between two refreshes `refreshStale` starts (each reads every listed edition). Default 10 s. */
  staleRefreshMs?: number;
  /** Wall clock in ms, for `staleRefreshMs`. Default `Date.now`. */
  now?: () => number;
}

/**
 * `ListingKnowledge` from the catalogue index: the listings as the last sync read them, held in memory so cost
 * estimates and look-ups ask synchronously. `refresh` reads the store and swaps new immutable snapshots in, both
 * from that one read: `ListingSnapshot` (the listings) and `EditionSnapshot` (the listed editions, for searches);
 * until the first one succeeds, every answer is undefined. The methods are bound: callers may pass
 * `knowledge.knownTotal` around alone.
 */
export class IndexKnowledge implements ListingKnowledge {
  private snapshot = ListingSnapshot.EMPTY;
  private editionSnapshot = EditionSnapshot.EMPTY;
  private swaps = 0;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private lastStaleRefresh = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Pick<CatalogueStore, 'listedCatalogue'>,
    private readonly options: IndexKnowledgeOptions = {},
  ) {}

  /** Grows by one with each snapshot swapped in (0: none yet). */
  get generation(): number {
    return this.swaps;
  }

  /** The listed editions of the last read, with the store's revision then (`EditionSnapshot.EMPTY` before any). */
  get editions(): EditionSnapshot {
    return this.editionSnapshot;
  }

  /** Listed products and the editions held of those read whole, in the current snapshot. */
  get counts(): { products: number; editions: number } {
    return this.snapshot.counts;
  }

  /**
   * Reads the store and swaps the new snapshot in. Never rejects: a failing read keeps the previous snapshot and
   * is told to `onError`. Coalesces: called while a read runs, it waits for one more read that starts after it
   * (so it sees what was committed before the call), shared by every caller meanwhile.
   */
  refresh(): Promise<void> {
    if (this.running === null) return this.run();
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.running ?? this.run();
    });
    return this.queued;
  }

  /**
   * A refresh, for a reader that found the edition snapshot behind the store; none while one runs or waits, nor
   * within `staleRefreshMs` of the last it started (a sync changing many listings would otherwise keep the
   * process reading them). Meanwhile searches are answered by the store alone; the refresh at the end of the
   * pass, or the next stale one, catches up.
   */
  refreshStale(): void {
    const now = (this.options.now ?? Date.now)();
    if (this.running !== null || this.queued !== null || now - this.lastStaleRefresh < (this.options.staleRefreshMs ?? 10_000)) return;
    this.lastStaleRefresh = now;
    void this.refresh();
  }

  /** Resolves when no refresh runs or waits (tests, and `stop` before the store closes). */
  settled(): Promise<void> {
    return this.queued ?? this.running ?? Promise.resolve();
  }

  /** See `ListingKnowledge.knownTotal` and `ListingSnapshot.knownTotal`. */
  readonly knownTotal = (segments: readonly string[], params: UpstreamParams): number | undefined => this.snapshot.knownTotal(segments, params);

  /** See `ListingKnowledge.capabilitiesPageOf`. */
  readonly capabilitiesPageOf = (name: string): number | undefined => this.snapshot.capabilitiesPageOf(name);

  /** See `ListingKnowledge.holdsEdition`. */
  readonly holdsEdition = (resourceName: string, name: string): boolean | undefined => this.snapshot.holdsEdition(resourceName, name);

  // Private: one read and swap, registered as the running one until it ends.
  private run(): Promise<void> {
    const run = this.readAndSwap().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async readAndSwap(): Promise<void> {
    try {
      const catalogue = await this.store.listedCatalogue();
      const listings = ListingSnapshot.fromCatalogue(catalogue);
      this.editionSnapshot = EditionSnapshot.fromCatalogue(catalogue);
      this.snapshot = listings;
      this.swaps += 1;
    } catch (error) {
      try {
        this.options.onError?.(error);
      } catch {
        // The previous snapshot stays either way; a reporter that throws is its own problem.
      }
    }
  }
}
