import { IndexKnowledge } from '../../../src/catalogue/index/IndexKnowledge';
import type { ListedCatalogue } from '../../../src/catalogue/store/CatalogueStore';

const T0 = '2026-01-01T00:00:00.000Z';

// Private: a catalogue of one product `P` read whole with `editions` editions in zone D075, listed first.
function catalogueOf(editions: number): ListedCatalogue {
  return {
    revision: 1,
    products: [{ name: 'P', listing_position: 1, edition_total: editions, listed_at: T0 }],
    editions: Array.from({ length: editions }, (_, index) => ({
      product: 'P',
      name: `E${index}`,
      zone: 'D075',
      zone_label: null,
      format: 'GPKG',
      format_label: null,
      crs: 'EPSG:2154',
      crs_label: null,
      edition_date: '2025-01-01',
      first_seen_at: T0,
    })),
  };
}

/** A store whose reads the test answers one by one: each read waits until `answer` or `fail`. */
class ControlledStore {
  readonly reads: Array<{ resolve(catalogue: ListedCatalogue): void; reject(error: unknown): void }> = [];
  private waiting: Array<() => void> = [];

  listedCatalogue(): Promise<ListedCatalogue> {
    return new Promise((resolve, reject) => {
      this.reads.push({ resolve, reject });
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  /** Resolves once `count` reads have been asked for. */
  async readsAsked(count: number): Promise<void> {
    while (this.reads.length < count) await new Promise<void>((wake) => this.waiting.push(wake));
  }
}

describe('IndexKnowledge', () => {
  it('answers nothing before its first snapshot', () => {
    const knowledge = new IndexKnowledge(new ControlledStore());
    expect(knowledge.generation).toBe(0);
    expect(knowledge.knownTotal(['capabilities'], {})).toBeUndefined();
    expect(knowledge.knownTotal(['resource', 'P'], {})).toBeUndefined();
    expect(knowledge.capabilitiesPageOf('P')).toBeUndefined();
    expect(knowledge.holdsEdition('P', 'E0')).toBeUndefined();
  });

  it('swaps each snapshot read in, its generation growing with each', async () => {
    const store = new ControlledStore();
    const knowledge = new IndexKnowledge(store);
    const first = knowledge.refresh();
    store.reads[0]!.resolve(catalogueOf(3));
    await first;
    expect(knowledge.generation).toBe(1);
    expect(knowledge.knownTotal(['resource', 'P'], { zone: 'D075' })).toBe(3);
    expect(knowledge.capabilitiesPageOf('P')).toBe(1);
    expect(knowledge.counts).toEqual({ products: 1, editions: 3 });

    const second = knowledge.refresh();
    store.reads[1]!.resolve(catalogueOf(4));
    await second;
    expect(knowledge.generation).toBe(2);
    expect(knowledge.knownTotal(['resource', 'P'], { zone: 'D075' })).toBe(4);
    expect(knowledge.holdsEdition('P', 'E3')).toBe(true);
  });

  it('keeps the previous snapshot when the store fails, and tells onError', async () => {
    const store = new ControlledStore();
    const errors: unknown[] = [];
    const knowledge = new IndexKnowledge(store, { onError: (error) => errors.push(error) });
    const first = knowledge.refresh();
    store.reads[0]!.resolve(catalogueOf(2));
    await first;
    const failing = knowledge.refresh();
    const fault = new Error('connection refused');
    store.reads[1]!.reject(fault);
    await expect(failing).resolves.toBeUndefined();
    expect(errors).toEqual([fault]);
    expect(knowledge.generation).toBe(1);
    expect(knowledge.knownTotal(['resource', 'P'], {})).toBe(2);
  });

  it('still resolves when onError itself throws', async () => {
    const store = new ControlledStore();
    const knowledge = new IndexKnowledge(store, {
      onError: () => {
        throw new Error('reporter broken');
      },
    });
    const refresh = knowledge.refresh();
    store.reads[0]!.reject(new Error('down'));
    await expect(refresh).resolves.toBeUndefined();
    expect(knowledge.generation).toBe(0);
  });

  it('coalesces refreshes asked while one reads into one more read, which starts after it', async () => {
    const store = new ControlledStore();
    const knowledge = new IndexKnowledge(store);
    const first = knowledge.refresh();
    await store.readsAsked(1);
    // A sync commits, then two passes' ends ask while the first read is still out.
    const second = knowledge.refresh();
    const third = knowledge.refresh();
    expect(third).toBe(second);
    expect(store.reads).toHaveLength(1);

    store.reads[0]!.resolve(catalogueOf(1));
    await first;
    await store.readsAsked(2);
    expect(knowledge.generation).toBe(1);
    store.reads[1]!.resolve(catalogueOf(5));
    await second;
    expect(store.reads).toHaveLength(2);
    expect(knowledge.generation).toBe(2);
    expect(knowledge.knownTotal(['resource', 'P'], {})).toBe(5);
    await expect(knowledge.settled()).resolves.toBeUndefined();
  });

  it('holds the listed editions of the same read, with its revision', async () => {
    const store = new ControlledStore();
    const knowledge = new IndexKnowledge(store);
    expect(knowledge.editions.revision).toBe(-1);
    const refresh = knowledge.refresh();
    store.reads[0]!.resolve({ ...catalogueOf(3), revision: 7 });
    await refresh;
    expect(knowledge.editions.revision).toBe(7);
    expect(knowledge.editions.countEditions({ zones: ['D075'] }, null)).toBe(3);
  });

  it('refreshes a stale snapshot at most once per staleRefreshMs, and never beside a running read', async () => {
    const store = new ControlledStore();
    let now = 1_000_000;
    const knowledge = new IndexKnowledge(store, { staleRefreshMs: 10_000, now: () => now });
    knowledge.refreshStale();
    await store.readsAsked(1);
    knowledge.refreshStale();
    expect(store.reads).toHaveLength(1);
    store.reads[0]!.resolve(catalogueOf(1));
    await knowledge.settled();
    now += 9_999;
    knowledge.refreshStale();
    expect(store.reads).toHaveLength(1);
    now += 1;
    knowledge.refreshStale();
    await store.readsAsked(2);
    store.reads[1]!.resolve(catalogueOf(2));
    await knowledge.settled();
    expect(knowledge.generation).toBe(2);
    // A refresh running for another reason (a pass ended): a stale reader starts none beside it.
    now += 60_000;
    const running = knowledge.refresh();
    knowledge.refreshStale();
    store.reads[2]!.resolve(catalogueOf(3));
    await running;
    expect(store.reads).toHaveLength(3);
  });

  it('settles once the running and the queued reads have ended', async () => {
    const store = new ControlledStore();
    const knowledge = new IndexKnowledge(store);
    void knowledge.refresh();
    void knowledge.refresh();
    let settled = false;
    const done = knowledge.settled().then(() => {
      settled = true;
    });
    store.reads[0]!.resolve(catalogueOf(1));
    await store.readsAsked(2);
    expect(settled).toBe(false);
    store.reads[1]!.resolve(catalogueOf(2));
    await done;
    expect(knowledge.generation).toBe(2);
  });

  it('answers through its methods passed around alone', async () => {
    const store = new ControlledStore();
    const knowledge = new IndexKnowledge(store);
    const refresh = knowledge.refresh();
    store.reads[0]!.resolve(catalogueOf(2));
    await refresh;
    const { knownTotal, capabilitiesPageOf, holdsEdition } = knowledge;
    expect(knownTotal(['capabilities'], {})).toBe(1);
    expect(capabilitiesPageOf('P')).toBe(1);
    expect(holdsEdition('P', 'E1')).toBe(true);
  });
});
