import type { Logger } from '../../core/logger';
import type { CatalogueStore } from '../store/CatalogueStore';
import type { GeopfClient, RequestScope } from '../../upstream/client/GeopfClient';
import type { CancelTimer } from '../../upstream/gate/RateGate';
import { faultAdvice, storeFault } from '../store/storeFault';
import { readWholeListing } from './readWholeListing';
import { SyncStateKey } from './SyncStateKey';
import type { SyncThrottle } from './SyncThrottle';

/** Which walk a pass makes. */
export type SyncKind = 'full' | 'incremental';

/** What one pass did. */
export interface SyncReport {
  kind: SyncKind;
  /** Upstream pages read (requests, retries aside). */
  pages: number;
  productsRead: number;
  added: number;
  changed: number;
  withdrawn: number;
  /** True when this pass ended the first full sync (the baseline, recorded without events). */
  baseline: boolean;
}

/** The pass in progress, as this replica sees it. */
export interface SyncProgress {
  kind: SyncKind;
  startedAt: string;
  productsDone: number;
  productsTotal: number;
  pagesRead: number;
}

export interface SyncerOptions {
  store: CatalogueStore;
  client: Pick<GeopfClient, 'capabilities' | 'resource'>;
  throttle: SyncThrottle;
  /** `GEOPF_SYNC_INTERVAL_SECONDS` × 1000: time between passes. */
  intervalMs: number;
  /** `GEOPF_FULL_SYNC_HOURS` × 3 600 000: a full re-walk at least this often. */
  fullSyncMs: number;
  /** How long the lease lasts without renewal (a dead holder's is taken over after it). Default 60 s. */
  leaseMs?: number;
  /** This replica's name on the lease. */
  holder: string;
  /**
   * True for a lease holder known dead (an earlier life of this very process, see `startCatalogue`): its lease
   * is released at once instead of waited out. Default: none is.
   */
  isDeadHolder?: (holder: string) => boolean;
  /** Wall clock, for the store's times and `updatedFrom`. Default `new Date()`. */
  clock?: () => Date;
  /** Runs `callback` after `ms`; default `setTimeout` (unref'd). */
  setTimer?: (callback: () => void, ms: number) => CancelTimer;
  logger: Logger;
  /** Called after each page the syncer reads. */
  onPage?: () => void;
  /**
   * Called when a pass of this replica ends, successful or not, once what it applied is committed (each
   * listing commits on its own): readers of the store may look again. Not called when another replica holds
   * the lease (no pass).
   */
  onPassEnd?: () => void;
}

const LEASE = 'sync';
/** `updatedFrom` is a day: a margin of one day before the last pass's start catches every late `updated`. */
const UPDATED_FROM_MARGIN_MS = 24 * 3600 * 1000;

/**
 * The background syncer: fills the index with every product (capabilities) and every edition (all pages of
 * each product's listing; never files), then keeps it current. A full walk when none has completed within
 * `fullSyncMs` (it alone concludes withdrawals, from complete listings); otherwise an incremental pass:
 * capabilities filtered by `updatedFrom` find the products that changed, whose listings are read again, and
 * a listing whose total is not the one indexed is read again whole. Faults end the pass: what was applied
 * stays (a full walk resumes where it stopped), nothing is invented, the next pass retries. One replica syncs
 * at a time, holding a lease in the store.
 */
export class Syncer {
  private readonly clock: () => Date;
  private readonly leaseMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => CancelTimer;
  private timer: CancelTimer | null = null;
  private current: Promise<unknown> | null = null;
  private readonly abort = new AbortController();
  private stopped = false;
  /** The pass running in this replica, if any. */
  progress: SyncProgress | null = null;
  /** Pages read since start (for metrics). */
  pagesRead = 0;
  /** Wall-clock ms of the last successful pass of this replica; null before. */
  lastSuccessAt: number | null = null;
  /**
   * Why this replica's last pass failed (the store's own cause included: `SQLITE_FULL: …`); null after a success
   * or when another replica holds the lease. Kept here as well as in the store, which a full disk cannot record.
   */
  lastError: string | null = null;
  /** The cause, when a pass met a corrupt store: the syncer stops (writing on would only spread the damage). */
  stoppedBy: string | null = null;

  constructor(private readonly options: SyncerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? 60_000;
    this.setTimer =
      options.setTimer ??
      ((callback, ms) => {
        const timer = setTimeout(callback, ms);
        timer.unref();
        return () => clearTimeout(timer);
      });
  }

  /** Starts the schedule: a pass now, then one every interval (lease permitting). */
  start(): void {
    this.schedule(0);
  }

  /** Stops the schedule, aborts the pass in progress (its progress kept) and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.();
    this.abort.abort(new Error('syncer stopped'));
    await this.current?.catch(() => undefined);
    await this.options.store.releaseLease(LEASE, this.options.holder).catch(() => undefined);
  }

  /**
   * One pass if this replica holds (or takes) the lease: full when due, else incremental. Null when another
   * replica holds the lease. Throws the fault that ended a pass early.
   */
  async runOnce(): Promise<SyncReport | null> {
    let leased = false;
    try {
      leased = await this.renewLease();
      if (!leased) {
        this.lastError = null;
        return null;
      }
      const state = await this.options.store.allState();
      const lastFull = state.get(SyncStateKey.LAST_FULL_SYNC_AT);
      const fullDue = !lastFull || state.has(SyncStateKey.FULL_SYNC_STARTED_AT) || this.clock().getTime() - Date.parse(lastFull) >= this.options.fullSyncMs;
      return await (fullDue ? this.fullSync(state) : this.incrementalSync(state));
    } catch (error) {
      await this.failed(error);
      throw error;
    } finally {
      if (leased) this.passEnded();
    }
  }

  // Private: records why a pass failed, here and (when the store takes the write) in the store; a corrupt store
  // stops the syncer.
  private async failed(error: unknown): Promise<void> {
    this.progress = null;
    const fault = storeFault(error);
    const message = fault.kind === 'other' ? fault.message : `${fault.cause} (${faultAdvice(fault.kind)})`;
    this.lastError = message;
    if (fault.kind === 'corrupt') this.stoppedBy = fault.cause;
    if (!this.stopped && fault.kind === 'corrupt') this.options.logger.error('catalogue store corrupt; syncing stopped', { error: message });
    else if (!this.stopped) this.options.logger.warn('catalogue sync failed; retried at the next pass', { error: message });
    // The store may refuse to record it (a full disk): `lastError` above still tells.
    await this.options.store.setState({ [SyncStateKey.LAST_ERROR]: message, [SyncStateKey.PROGRESS]: null }).catch(() => undefined);
  }

  // Private: tells `onPassEnd`; its fault never changes how the pass ended.
  private passEnded(): void {
    try {
      this.options.onPassEnd?.();
    } catch {
      // The pass is over either way; a listener that throws is its own problem.
    }
  }

  // Private: the walk of everything; resumes a walk a fault interrupted (products listed since it began are skipped).
  private async fullSync(state: Map<string, string>): Promise<SyncReport> {
    const { store } = this.options;
    const startedAt = state.get(SyncStateKey.FULL_SYNC_STARTED_AT) ?? this.now();
    const withEvents = state.has(SyncStateKey.BASELINE_AT);
    await store.setState({ [SyncStateKey.FULL_SYNC_STARTED_AT]: startedAt });
    const report = this.begin('full');
    const capabilities = await this.readCapabilities({});
    report.pages += capabilities.pages;
    await store.applyCapabilities(capabilities.entries, true, this.now(), withEvents);
    const due = [...(await store.products()).values()].filter(
      (product) => product.withdrawn_at === null && (product.listed_at === null || product.listed_at < startedAt),
    );
    await this.readListings(
      due.map((product) => product.name),
      report,
      withEvents,
    );
    const finishedAt = this.now();
    await store.setState({
      [SyncStateKey.FULL_SYNC_STARTED_AT]: null,
      [SyncStateKey.LAST_FULL_SYNC_AT]: finishedAt,
      [SyncStateKey.LAST_SYNC_AT]: finishedAt,
      [SyncStateKey.LAST_SYNC_STARTED_AT]: startedAt,
      [SyncStateKey.LAST_ERROR]: null,
      [SyncStateKey.CAPABILITIES_OWED]: null,
      ...(withEvents ? {} : { [SyncStateKey.BASELINE_AT]: finishedAt }),
    });
    return this.end({ ...report, baseline: !withEvents });
  }

  // Private: products updated since the last pass began (less a margin), products whose listing is owed, and
  // listings whose total moved; the whole capabilities listing when it is owed.
  private async incrementalSync(state: Map<string, string>): Promise<SyncReport> {
    const { store } = this.options;
    const startedAt = this.now();
    const report = this.begin('incremental');
    const since = new Date(Date.parse(state.get(SyncStateKey.LAST_SYNC_STARTED_AT) ?? startedAt) - UPDATED_FROM_MARGIN_MS).toISOString().slice(0, 10);
    // Owed the whole listing (see `CAPABILITIES_OWED`): read unfiltered, so complete; `updatedFrom` applied here.
    const whole = state.has(SyncStateKey.CAPABILITIES_OWED);
    const capabilities = await this.readCapabilities(whole ? {} : { updatedFrom: since });
    report.pages += capabilities.pages;
    const touched = new Set(await store.applyCapabilities(capabilities.entries, whole, this.now(), true));
    const recent = whole ? capabilities.entries.filter((entry) => entry.updated !== null && entry.updated.slice(0, 10) >= since) : capabilities.entries;
    const products = await store.products();
    const owed = [...products.values()].filter((product) => product.withdrawn_at === null && product.listed_at === null).map((product) => product.name);
    const names = [...new Set([...touched, ...owed])];
    const unchanged = recent.map((entry) => entry.name).filter((name) => !names.includes(name));
    // Updated recently but not since we read it: one page tells whether its total moved.
    for (const name of unchanged) {
      const page = await this.readPage(() => this.options.client.resource(name, {}, 1, this.scope()));
      report.pages += 1;
      const indexed = products.get(name)?.edition_total ?? null;
      if (page.totalEntries !== indexed) names.push(name);
    }
    await this.readListings(names, report, true);
    const finishedAt = this.now();
    await store.setState({
      [SyncStateKey.LAST_SYNC_AT]: finishedAt,
      [SyncStateKey.LAST_SYNC_STARTED_AT]: startedAt,
      [SyncStateKey.LAST_ERROR]: null,
      ...(whole ? { [SyncStateKey.CAPABILITIES_OWED]: null } : {}),
    });
    return this.end(report);
  }

  // Private: each product's whole listing, applied in its own transaction; the lease renewed between them.
  private async readListings(names: readonly string[], report: SyncReport, withEvents: boolean): Promise<void> {
    const progress = this.progress as SyncProgress;
    progress.productsTotal = names.length;
    await this.saveProgress();
    for (const name of names) {
      const listing = await readWholeListing(
        `the listing of ${name}`,
        (page) => this.readPage(() => this.options.client.resource(name, {}, page, this.scope())),
        (entry) => entry.name,
      );
      report.pages += listing.pages;
      if (listing.refused > 0) this.options.logger.warn('catalogue sync: entries refused, not indexed', { listing: name, refused: listing.refused });
      const diff = await this.options.store.applyListing(name, listing.entries, listing.total, this.now(), withEvents);
      report.productsRead += 1;
      report.added += diff.added;
      report.changed += diff.changed;
      report.withdrawn += diff.withdrawn;
      progress.productsDone += 1;
      if (!(await this.renewLease())) throw new Error('the sync lease was taken over by another replica');
      await this.saveProgress();
    }
  }

  // Private: every page of the capabilities listing with `params`.
  private async readCapabilities(params: Record<string, string>) {
    const listing = await readWholeListing(
      'the capabilities listing',
      (page) => this.readPage(() => this.options.client.capabilities(params, page, this.scope())),
      (entry) => entry.name,
    );
    if (listing.refused > 0) this.options.logger.warn('catalogue sync: entries refused, not indexed', { listing: 'capabilities', refused: listing.refused });
    return listing;
  }

  // Private: one page, after the throttle lets the syncer queue at the gate.
  private async readPage<T>(read: () => Promise<T>): Promise<T> {
    await this.options.throttle.turn(this.abort.signal);
    const page = await read();
    this.pagesRead += 1;
    if (this.progress) this.progress.pagesRead += 1;
    this.options.onPage?.();
    return page;
  }

  // Private: each request its own gate owner, arriving now: the syncer never counts as an old operation. Fresh:
  // never a cached page, which could still list an edition withdrawn since (or miss one added).
  private scope(): RequestScope {
    return { signal: this.abort.signal, owner: {}, onRequest: () => this.options.throttle.recordSent(), fresh: true };
  }

  private begin(kind: SyncKind): SyncReport {
    this.progress = { kind, startedAt: this.now(), productsDone: 0, productsTotal: 0, pagesRead: 0 };
    this.options.logger.info('catalogue sync started', { kind });
    return { kind, pages: 0, productsRead: 0, added: 0, changed: 0, withdrawn: 0, baseline: false };
  }

  private async end(report: SyncReport): Promise<SyncReport> {
    this.progress = null;
    this.lastSuccessAt = this.clock().getTime();
    this.lastError = null;
    await this.options.store.setState({ [SyncStateKey.PROGRESS]: null });
    this.options.logger.info('catalogue sync finished', { ...report });
    return report;
  }

  private async saveProgress(): Promise<void> {
    if (this.progress)
      await this.options.store.setState({ [SyncStateKey.PROGRESS]: JSON.stringify({ ...this.progress, holder: this.options.holder, at: this.now() }) });
  }

  // Private: takes or renews the lease; a lease held by a dead holder (see `isDeadHolder`) is released first.
  private async renewLease(): Promise<boolean> {
    const { store, holder } = this.options;
    const now = this.clock();
    const take = () => store.acquireLease(LEASE, holder, now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString());
    if (await take()) return true;
    const held = this.options.isDeadHolder ? await store.leaseHolder(LEASE) : null;
    if (!held || held.holder === holder || !this.options.isDeadHolder?.(held.holder)) return false;
    this.options.logger.info('catalogue sync lease of a dead holder released', { holder: held.holder, expiresAt: held.expiresAt });
    await store.releaseLease(LEASE, held.holder);
    return take();
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // Private: the next pass after `ms`; a replica without the lease looks again when a dead holder's would expire.
  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      const pass = this.runOnce().then(
        (report) => this.schedule(report === null ? this.leaseMs : this.options.intervalMs),
        () => {
          // `runOnce` recorded why; a corrupt store stops the schedule.
          if (this.stoppedBy === null) this.schedule(Math.min(this.options.intervalMs, this.leaseMs));
        },
      );
      this.current = pass;
    }, ms);
  }
}
