import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import type { CatalogueStore } from '../store/CatalogueStore';
import type { UpstreamParams } from '../../upstream/format/listingPath';
import { ListingSnapshot } from './ListingSnapshot';

export interface IndexKnowledgeOptions {
  /** Told why a refresh failed (the store unreachable); the previous snapshot keeps answering. */
  onError?: (error: unknown) => void;
}

/**
 * `ListingKnowledge` from the catalogue index: the listings as the last sync read them, held in memory so cost
 * estimates and look-ups ask synchronously. `refresh` reads the store and swaps a new immutable snapshot in
 * (`ListingSnapshot`); until the first one succeeds, every answer is undefined. The methods are bound: callers
 * may pass `knowledge.knownTotal` around alone.
 */
export class IndexKnowledge implements ListingKnowledge {
  private snapshot = ListingSnapshot.EMPTY;
  private swaps = 0;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly store: Pick<CatalogueStore, 'listedCatalogue'>,
    private readonly options: IndexKnowledgeOptions = {},
  ) {}

  /** Grows by one with each snapshot swapped in (0: none yet). */
  get generation(): number {
    return this.swaps;
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
      const next = ListingSnapshot.fromCatalogue(await this.store.listedCatalogue());
      this.snapshot = next;
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
