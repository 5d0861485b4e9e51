import { silentLogger } from '../../../src/core/logger';
import type { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { Syncer, type SyncerOptions } from '../../../src/catalogue/sync/Syncer';
import { SyncThrottle } from '../../../src/catalogue/sync/SyncThrottle';
import { GeopfClient } from '../../../src/upstream/client/GeopfClient';
import { RateGate } from '../../../src/upstream/gate/RateGate';
import { buildCatalogue, type FakeResource } from '../../fakeUpstream/catalogue';
import { FakeGeopfServer } from '../../fakeUpstream/FakeGeopfServer';

/** A fake upstream, a client and gate in front of it, and syncers on a given store, for one test. */
export interface SyncHarness {
  fake: FakeGeopfServer;
  catalogue: FakeResource[];
  gate: RateGate;
  client: GeopfClient;
  /** The injected wall clock: `advance` moves it. */
  clock: { now: Date; advance(ms: number): void; iso(): string };
  syncer(store: CatalogueStore, options?: Partial<SyncerOptions>): Syncer;
  /** Upstream requests received since the last call. */
  takeRequests(): string[];
  stop(): Promise<void>;
}

/** Starts the fake with the first `resourceCount` products (12: BDORTHO's three pages included). */
export async function startSyncHarness(options: { resourceCount?: number; rate?: number } = {}): Promise<SyncHarness> {
  const catalogue = buildCatalogue({ resourceCount: options.resourceCount ?? 12 });
  const rate = options.rate ?? 50;
  const fake = new FakeGeopfServer({ catalogue, ratePerSecond: rate });
  const baseUrl = await fake.start();
  const gate = new RateGate({ ratePerSecond: rate, maxInFlightMs: 6000 });
  const client = new GeopfClient({ baseUrl, gate, timeoutMs: 5000, userAgent: 'geopf-test', retry: { maxAttempts: 1 } });
  const clock = {
    now: new Date('2026-12-01T08:00:00.000Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    iso: () => clock.now.toISOString(),
  };
  let seen = 0;
  const basePath = new URL(baseUrl).pathname;
  const syncers: Syncer[] = [];
  return {
    fake,
    catalogue,
    gate,
    client,
    clock,
    syncer(store, overrides = {}) {
      const syncer = new Syncer({
        store,
        client,
        throttle: new SyncThrottle({ gate, ratePerSecond: rate, share: 0.5 }),
        intervalMs: 900_000,
        fullSyncMs: 24 * 3600_000,
        holder: `test-${syncers.length}`,
        clock: () => clock.now,
        logger: silentLogger,
        ...overrides,
      });
      syncers.push(syncer);
      return syncer;
    },
    takeRequests() {
      const requests = fake.requests.slice(seen).map((request) => request.rawUrl.slice(basePath.length + 1));
      seen = fake.requests.length;
      return requests;
    },
    async stop() {
      await Promise.all(syncers.map((syncer) => syncer.stop()));
      await fake.stop();
    },
  };
}
