import type { CatalogueStore } from '../store/CatalogueStore';
import { SyncStateKey } from '../sync/SyncStateKey';
import type { Syncer } from '../sync/Syncer';
import { ErrorCode } from '../../core/errors';
import { IndexError } from './IndexError';
import { EditionSnapshot } from './EditionSnapshot';
import { searchEditions, type EditionSearch, type EditionSearchAnswer } from './searchEditions';
import { searchProducts, type ProductSearchAnswer, type ProductSearchKey } from './searchProducts';
import type { WordQuery } from '../words/WordQuery';
import { storeFault } from '../store/storeFault';

/** `Query.catalogue`: the index's state. */
export interface CatalogueStatusModel {
  store: string;
  ready: boolean;
  products: number;
  withdrawnProducts: number;
  editions: number;
  withdrawnEditions: number;
  lastSequence: number;
  lastSync: string | null;
  lastFullSync: string | null;
  lagSeconds: number | null;
  running: boolean;
  progress: { kind: string; startedAt: string; productsDone: number; productsTotal: number; pagesRead: number } | null;
  lastError: string | null;
}

/**
 * What resolvers see of the catalogue index: the store behind a readiness check. `read` answers only once the
 * first full sync has ended (`INDEX_NOT_READY` before) and turns a store fault into `INDEX_UNAVAILABLE`: a
 * store that cannot be reached is a passing outage (nothing is remembered of it, the next operation finds the
 * store again); a corrupt one is said to be corrupt, with the cause, from then on (`damage`: it will not heal).
 */
export class CatalogueIndex {
  private ready = false;
  private corruption: string | null;

  constructor(
    private readonly store: CatalogueStore,
    private readonly syncer: Pick<Syncer, 'progress' | 'lastError' | 'stoppedBy'> | null,
    private readonly clock: () => Date = () => new Date(),
    /** Told why the store could not be reached (for the log: the message shown to clients hides it). */
    private readonly onUnavailable?: (error: unknown) => void,
    /** The in-memory copy of the listed editions searches use while it is current (`IndexKnowledge`). */
    private readonly snapshots?: { readonly editions: EditionSnapshot; refreshStale(): void },
  ) {
    this.corruption = store.damage;
  }

  /** Why the store is known corrupt (the integrity check at open, a read or the syncer met it); null otherwise. */
  get damage(): string | null {
    return this.corruption ?? this.syncer?.stoppedBy ?? null;
  }

  /** Runs `read` on the ready index. */
  async read<T>(read: (store: CatalogueStore) => Promise<T>): Promise<T> {
    this.refuseIfCorrupt();
    await this.guard(async () => {
      if (!this.ready) this.ready = (await this.store.getState(SyncStateKey.BASELINE_AT)) !== null;
    });
    if (!this.ready) {
      throw new IndexError(
        ErrorCode.INDEX_NOT_READY,
        'The catalogue index is still being built (its first full sync has not ended); see `catalogue { progress }`.',
      );
    }
    return this.guard(() => read(this.store));
  }

  /** `Query.editions`: a window, its count and facets, at one state of the index (see `searchEditions`). */
  searchEditions(search: EditionSearch): Promise<EditionSearchAnswer> {
    return this.read(async (store) => {
      const snapshots = this.snapshots;
      if (!snapshots) return searchEditions(store, EditionSnapshot.EMPTY, search, () => undefined);
      return searchEditions(store, snapshots.editions, search, () => snapshots.refreshStale());
    });
  }

  /** `Query.searchResources`: a window of the products the words find, best first (see `searchProducts`). */
  searchProducts(query: WordQuery, from: ProductSearchKey | null, limit: number): Promise<ProductSearchAnswer> {
    return this.read((store) => searchProducts(store, query, from, limit));
  }

  /** The state of the index (answers before the first full sync too). */
  async status(): Promise<CatalogueStatusModel> {
    this.refuseIfCorrupt();
    return this.guard(async () => {
      const state = await this.store.allState();
      const counts = await this.store.counts();
      const lastSync = state.get(SyncStateKey.LAST_SYNC_AT) ?? null;
      const saved = parseProgress(state.get(SyncStateKey.PROGRESS), this.clock());
      const local = this.syncer?.progress ?? null;
      const progress = local ?? saved;
      return {
        store: this.store.dialect,
        ready: state.has(SyncStateKey.BASELINE_AT),
        ...counts,
        lastSequence: await this.store.lastSeq(),
        lastSync,
        lastFullSync: state.get(SyncStateKey.LAST_FULL_SYNC_AT) ?? null,
        lagSeconds: lastSync === null ? null : Math.max(0, Math.round((this.clock().getTime() - Date.parse(lastSync)) / 1000)),
        running: progress !== null,
        progress:
          progress ?
            {
              kind: progress.kind,
              startedAt: progress.startedAt,
              productsDone: progress.productsDone,
              productsTotal: progress.productsTotal,
              pagesRead: progress.pagesRead,
            }
          : null,
        // This replica's own failure first: a full disk fails the pass and the write that would record it.
        lastError: this.syncer?.lastError ?? state.get(SyncStateKey.LAST_ERROR) ?? null,
      };
    });
  }

  // Private: a store failure becomes INDEX_UNAVAILABLE (typed errors pass as they are); a corrupt store is remembered.
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof IndexError || (error as { extensions?: { code?: string } }).extensions?.code) throw error;
      this.onUnavailable?.(error);
      const fault = storeFault(error);
      if (fault.kind === 'corrupt') {
        this.corruption ??= fault.cause;
        this.refuseIfCorrupt();
      }
      throw new IndexError(
        ErrorCode.INDEX_UNAVAILABLE,
        `The catalogue index cannot be reached (${this.store.dialect} store); live fields still answer, and this one will once the store is back.`,
      );
    }
  }

  // Private: INDEX_UNAVAILABLE saying the store is corrupt, with the cause, once that is known.
  private refuseIfCorrupt(): void {
    const damage = this.damage;
    if (damage === null) return;
    throw new IndexError(
      ErrorCode.INDEX_UNAVAILABLE,
      `The catalogue store (${this.store.dialect}) is corrupt: ${damage}. It will not come back by itself: restore it from a backup, or delete it (a full sync builds a new one), then restart. Live fields still answer.`,
      { storeCorrupt: true },
    );
  }
}

/** A saved progress older than this is a dead replica's: not running. */
const PROGRESS_STALE_MS = 10 * 60_000;

function parseProgress(raw: string | undefined, now: Date): CatalogueStatusModel['progress'] {
  if (!raw) return null;
  try {
    const progress = JSON.parse(raw) as NonNullable<CatalogueStatusModel['progress']> & { at?: string };
    return progress.at && now.getTime() - Date.parse(progress.at) > PROGRESS_STALE_MS ? null : progress;
  } catch {
    return null;
  }
}
