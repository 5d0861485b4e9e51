import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/logger';
import { Gauge, type MetricsRegistry } from '../../observability/metrics/Metrics';
import { CatalogueStore } from '../store/CatalogueStore';
import { openStore } from '../store/openStore';
import { registerSyncMetrics } from '../sync/syncMetrics';
import { Syncer, type SyncerOptions } from '../sync/Syncer';
import { SyncThrottle } from '../sync/SyncThrottle';
import type { Gate } from '../../upstream/gate/Gate';
import type { GeopfClient } from '../../upstream/client/GeopfClient';
import type { CancelTimer } from '../../upstream/gate/RateGate';
import { CatalogueIndex } from './CatalogueIndex';
import { IndexKnowledge } from './IndexKnowledge';

/** Settings of the catalogue index and its syncer. */
export interface CatalogueConfig {
  /** `GEOPF_CATALOGUE`: `on` (default) or `off`. Off: index-backed fields answer INDEX_UNAVAILABLE. */
  enabled: boolean;
  /** `GEOPF_DATA_DIR`: where the embedded SQLite store lives (created at start). Default `./data`. */
  dataDir: string;
  /** `DATABASE_URL`: a `postgres://` URL; when set, the index lives there instead (shared by replicas). */
  databaseUrl: string | null;
  /** `GEOPF_SYNC_INTERVAL_SECONDS`: time between incremental syncs. Default 900. */
  syncIntervalSeconds: number;
  /** `GEOPF_FULL_SYNC_HOURS`: a full re-walk at least this often. Default 24. */
  fullSyncHours: number;
  /** `GEOPF_SYNC_SHARE`: part of the rate the syncer may take while people's requests wait, (0, 1]. Default 0.5. */
  syncShare: number;
}

/**
 * Opens the configured store (PostgreSQL when `DATABASE_URL` is set, else SQLite under `GEOPF_DATA_DIR`),
 * migrated; null when the catalogue is off. Throws `StoreOpenError` (path and cause) when it cannot be used.
 */
export async function openCatalogueStore(config: CatalogueConfig): Promise<CatalogueStore | null> {
  if (!config.enabled) return null;
  const location = config.databaseUrl ? ({ kind: 'postgres', url: config.databaseUrl } as const) : ({ kind: 'sqlite', dataDir: config.dataDir } as const);
  return new CatalogueStore(await openStore(location));
}

/** What the server needs to run the catalogue: its store and how to sync. */
export interface CatalogueDeps {
  store: CatalogueStore;
  /** Defaults to the configuration; tests inject clocks and timers. */
  syncer?: Partial<Pick<SyncerOptions, 'clock' | 'setTimer' | 'holder' | 'leaseMs' | 'intervalMs' | 'fullSyncMs' | 'onPage'>>;
  /** Runs the knowledge's periodic refresh; default the syncer's `setTimer`, else `setTimeout` (unref'd). */
  setTimer?: (callback: () => void, ms: number) => CancelTimer;
  /** False: no schedule (tests call `syncer.runOnce()`). Default true. */
  autoStart?: boolean;
}

/** A running catalogue: the index resolvers read, the syncer filling it, what it knows of the listings. */
export interface RunningCatalogue {
  index: CatalogueIndex;
  syncer: Syncer;
  /**
   * The listings as the last sync read them, in memory: refreshed at start (not awaited), after each pass of
   * this replica's syncer, and every sync interval (another replica's passes).
   */
  knowledge: IndexKnowledge;
  /** Stops the syncer (its lease given up) and the refreshes, then closes the store. */
  stop(): Promise<void>;
}

/** Starts the syncer on the process's client and gate (a lower priority there) and the index over the store. */
export function startCatalogue(
  deps: CatalogueDeps,
  options: { config: CatalogueConfig; client: GeopfClient; gate: Gate; ratePerSecond: number; logger: Logger; registry: MetricsRegistry },
): RunningCatalogue {
  const { config, logger } = options;
  let stopped = false;
  const knowledge = new IndexKnowledge(deps.store, {
    onError: (error) =>
      logger.warn('catalogue knowledge not refreshed; the previous one kept', {
        store: deps.store.where,
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  const refreshKnowledge = () => {
    if (!stopped) void knowledge.refresh();
  };
  const throttle = new SyncThrottle({ gate: options.gate, ratePerSecond: options.ratePerSecond, share: config.syncShare });
  const syncer = new Syncer({
    store: deps.store,
    client: options.client,
    throttle,
    intervalMs: config.syncIntervalSeconds * 1000,
    fullSyncMs: config.fullSyncHours * 3600_000,
    holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    isDeadHolder: deadHolderOnThisHost,
    logger,
    ...deps.syncer,
    onPassEnd: refreshKnowledge,
  });
  registerSyncMetrics(options.registry, syncer, throttle);
  const index = new CatalogueIndex(
    deps.store,
    syncer,
    deps.syncer?.clock,
    (error) => logger.warn('catalogue store unreachable', { store: deps.store.where, error: error instanceof Error ? error.message : String(error) }),
    knowledge,
  );
  options.registry.register(
    new Gauge('geopf_catalogue_store_corrupt', '1 when the catalogue store is known corrupt (it will not heal: restore or rebuild it).', () =>
      index.damage === null ? 0 : 1,
    ),
  );
  refreshKnowledge();
  const intervalMs = deps.syncer?.intervalMs ?? config.syncIntervalSeconds * 1000;
  const stopRefreshing = repeat(refreshKnowledge, intervalMs, deps.setTimer ?? deps.syncer?.setTimer ?? unrefTimer);
  // A corrupt store is never written to: the index reports it, the syncer waits for an operator.
  if (deps.store.damage !== null) logger.error('catalogue store corrupt; not syncing', { store: deps.store.where, damage: deps.store.damage });
  else if (deps.autoStart !== false) syncer.start();
  logger.info('catalogue index', {
    store: deps.store.where,
    intervalSeconds: config.syncIntervalSeconds,
    fullSyncHours: config.fullSyncHours,
    share: config.syncShare,
  });
  return {
    index,
    syncer,
    knowledge,
    stop: async () => {
      stopped = true;
      stopRefreshing();
      await syncer.stop();
      await knowledge.settled();
      await deps.store.close();
    },
  };
}

// Private: `run` every `ms` until the returned function is called.
function repeat(run: () => void, ms: number, setTimer: (callback: () => void, ms: number) => CancelTimer): CancelTimer {
  let cancel: CancelTimer | null = null;
  let cancelled = false;
  const next = () => {
    cancel = setTimer(() => {
      run();
      if (!cancelled) next();
    }, ms);
  };
  next();
  return () => {
    cancelled = true;
    cancel?.();
  };
}

/**
 * True when a sync lease holder (`host:pid:random`) is a dead process of this host: an earlier life of this
 * very process (its host and pid: a container restarted), or a pid of this host that no longer runs. Replicas
 * sharing a store must then have distinct host names, as containers and pods do by default.
 */
export function deadHolderOnThisHost(holder: string, host = hostname(), pid = process.pid, isRunning = pidIsRunning): boolean {
  const match = /^(.*):(\d+):[^:]*$/.exec(holder);
  if (!match || match[1] !== host) return false;
  const holderPid = Number(match[2]);
  return holderPid === pid || !isRunning(holderPid);
}

// Private: whether a process with this pid exists here (`EPERM`: it does, as another user's).
function pidIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

// Private: `setTimeout` that never keeps the process alive.
function unrefTimer(callback: () => void, ms: number): CancelTimer {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
}
