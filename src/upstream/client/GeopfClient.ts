import { approximateBytes } from '../cache/approximateBytes';
import type { CachedPage, PageCache, Validators } from '../cache/PageCache';
import type { SharedPageCache } from '../cache/SharedPageCache';
import { ErrorCode, UpstreamError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { FeedPage, FileEntry, RefusedEntry, ResourceEntry, SubResourceEntry } from '../format/model';
import { AtomParseError, parseAtomFeed, type AtomEntry } from '../format/parseAtomFeed';
import type { Gate } from '../gate/Gate';
import { joinBaseUrl, listingPath, type UpstreamParams } from '../format/listingPath';
import { abortableSleep } from '../gate/abortableSleep';
import { BodyRefusedError, BodyTooLargeError, readLimitedText } from './readLimitedText';
import { xmlMarkupInspector } from '../format/checkXmlShape';
import { askedPauseMs, backoffDelay, DEFAULT_RETRY, isRetryable, MAX_PAUSE_MS, type RetryOptions } from './retryPolicy';
import { readRangeBody, type RangeAnswer } from './readRangeBody';
import { isRefusal, toFileEntry, toResourceEntry, toSubResourceEntry, type Refusal } from '../format/toModel';
import type { UpstreamCall } from '../format/UpstreamCall';

/** One request the client sent, as tests and logs see it. */
export interface UpstreamRequestRecord {
  call: UpstreamCall;
  path: string;
}

/** How one request ended, for metrics: its HTTP status, or `error` when no answer came. */
export interface UpstreamAnswerRecord extends UpstreamRequestRecord {
  status: string;
  durationMs: number;
  /** Time it waited at the gate before being sent. */
  gateWaitMs: number;
  /** 1 for the first attempt at this request, 2 for its first retry… */
  attempt: number;
  /** Bytes of the body read, when one was. */
  bytes?: number;
}

/** A page served without any upstream request, from this process's cache or the replicas' shared one. */
export interface UpstreamCacheHitRecord extends UpstreamRequestRecord {
  cache: 'local' | 'shared';
}

/** What one GraphQL operation brings to its upstream requests. */
export interface RequestScope {
  /** Aborts when the operation's deadline passes: its waits for the upstream give up. */
  signal?: AbortSignal;
  /** Called for each request sent on behalf of the operation (retries included). */
  onRequest?: (record: UpstreamRequestRecord) => void;
  /** Who waits at the gate: operations are served in turn (any object identifying the operation). */
  owner?: object;
  /**
   * Ask the upstream itself, conditionally on a cached copy's validators, instead of taking a page from a cache
   * (local or shared) or a remembered 404: for a reader that must see the listing as it is now (the catalogue
   * syncer, which concludes withdrawals from what it reads). The answer still refreshes the caches.
   */
  fresh?: boolean;
}

export interface GeopfClientOptions {
  /** e.g. `https://data.geopf.fr/telechargement`. */
  baseUrl: string;
  /** The one process-wide gate every request passes. */
  gate: Gate;
  /** Per request, from sending to the end of the body. */
  timeoutMs: number;
  /** Sent as `User-Agent`: the upstream's firewall refuses bot-like and default agents. */
  userAgent: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Called once per request sent (after the gate), for logs and counts. */
  onRequest?: (record: UpstreamRequestRecord) => void;
  /** Retries of 5xx, lost connections, timeouts and 429s. */
  retry?: Partial<RetryOptions>;
  /** Pause of the whole gate after a 429 without `Retry-After`. Default 5000 ms. */
  banMs?: number;
  /** Largest body read. Default 5 MB (a page of 50 entries is some 30 KB). */
  maxBodyBytes?: number;
  /** Waits `ms` unless `signal` aborts first (default: a timer). Injected so tests do not sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1): backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Milliseconds, for the retry budget. Default `performance.now()`. */
  now?: () => number;
  /** A signal aborting after `ms` (a request's timeout). Default `AbortSignal.timeout`; injected so tests do not wait. */
  timeoutSignal?: (ms: number) => AbortSignal;
  /** One line per upstream failure. */
  logger?: Logger;
  /** The process-wide cache of pages; none by default. */
  cache?: PageCache;
  /** A cache shared with other replicas (Redis), behind `cache`; none by default. */
  sharedCache?: SharedPageCache;
  /** Called once per request sent, when it ends (for metrics). */
  onAnswer?: (record: UpstreamAnswerRecord) => void;
  /**
   * How long a listing's 404 (an unknown name) is answered from memory instead of asking again. Default 30 s,
   * and never longer than the page cache's TTL (none without a cache): the upstream can 404 for a while during a
   * publication, so this stays short.
   */
  notFoundTtlMs?: number;
  /** Called for each page served fresh from a cache, with no request (for traces). */
  onCacheHit?: (record: UpstreamCacheHitRecord) => void;
}

/** Most 404s remembered at once (oldest forgotten first): each is a path, a few hundred bytes. */
const MAX_REMEMBERED_NOT_FOUND = 10_000;

/** A body read from the upstream, or its word that the cached page is still good. */
type FetchedBody = { kind: 'body'; text: string; validators: Validators } | { kind: 'notModified' };

/** What one exchange gave: the status as metrics label it, the value, and the size of the body read. */
type Exchanged<T> = { status: string; value: T; bytes?: number };

/**
 * The upstream's listing calls, one method each. Every attempt: build the canonical URL → pass the gate →
 * fetch with a timeout and `Accept: application/atom+xml` → map the status to a typed error → read a bounded
 * body → parse Atom → map to model objects. Failures worth it are retried with backoff and jitter, a 429
 * first pausing the whole gate. Throws only `UpstreamError`.
 */
export class GeopfClient {
  private readonly retry: RetryOptions;
  /** Pages being fetched, shared by every operation that asks for them meanwhile. */
  private readonly inflight = new Map<string, Promise<FeedPage<AtomEntry>>>();
  /**
   * Each parsed page mapped to model entries once, however often the cache serves it: a hit costs no mapping
   * (no URL parsing per entry). Keyed by the parsed page, so it lives exactly as long as the cache keeps it.
   */
  private readonly mapped = new WeakMap<FeedPage<AtomEntry>, FeedPage<unknown>>();
  /** Listings the upstream answered 404 for recently: path → when that answer stops being reused. */
  private readonly notFound = new Map<string, number>();

  constructor(private readonly options: GeopfClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** GetCapabilities: one page of products. */
  async capabilities(params: UpstreamParams, page: number, scope: RequestScope = {}): Promise<FeedPage<ResourceEntry>> {
    const segments = ['capabilities'];
    const feed = await this.getFeed('capabilities', listingPath(segments, params, page), scope);
    return this.mapOnce<ResourceEntry>(feed, segments);
  }

  /** GetResource: one page of a product's editions. */
  async resource(resourceName: string, params: UpstreamParams, page: number, scope: RequestScope = {}): Promise<FeedPage<SubResourceEntry>> {
    const segments = ['resource', resourceName];
    const feed = await this.getFeed('resource', listingPath(segments, params, page), scope);
    return this.mapOnce<SubResourceEntry>(feed, segments);
  }

  /** GetSubResource: one page of an edition's files. */
  async subResource(resourceName: string, subResourceName: string, page: number, scope: RequestScope = {}): Promise<FeedPage<FileEntry>> {
    const segments = ['resource', resourceName, subResourceName];
    const feed = await this.getFeed('subResource', listingPath(segments, {}, page), scope);
    return this.mapOnce<FileEntry>(feed, segments);
  }

  /**
   * The page at `path` (`listingPath` of `segments`) when this process's cache holds it fresh, mapped as
   * `capabilities`, `resource` or `subResource` map it (by `segments`: `capabilities`, `resource/{product}`,
   * `resource/{product}/{edition}`), and reported as a cache hit like theirs, once `admit` returned (it may
   * throw: then nothing is reported); undefined otherwise (absent, stale: nothing counted), then ask them.
   * Synchronous, never sends a request: the warm path of the per-request loaders.
   */
  freshCachedPage<E extends object>(segments: readonly string[], path: string, admit: () => void = () => {}): FeedPage<E> | undefined {
    const cache = this.options.cache;
    if (!cache?.isFresh(path)) return undefined;
    admit();
    const page = cache.getFresh(path);
    if (!page) return undefined;
    this.options.onCacheHit?.({ call: callOf(segments), path, cache: 'local' });
    return this.mapOnce<E>(page, segments);
  }

  // Private: how the entries of the listing named by `segments` become model entries.
  private mapperOf<E>(segments: readonly string[]): (entry: AtomEntry) => E | Refusal {
    const [, resourceName, subResourceName] = segments as [string, string | undefined, string | undefined];
    if (resourceName === undefined) return toResourceEntry as unknown as (entry: AtomEntry) => E | Refusal;
    if (subResourceName === undefined) return (entry) => toSubResourceEntry(entry, resourceName) as unknown as E | Refusal;
    const fallbackUrl = (fileName: string) => this.downloadUrl(resourceName, subResourceName, fileName);
    return (entry) => toFileEntry(entry, resourceName, subResourceName, fallbackUrl) as unknown as E | Refusal;
  }

  // Private: `feed` mapped as the listing `segments` names it (`mapperOf`), once per parsed page; refused entries
  // apart, at their place. A parsed page belongs to one path, whose segments fix the mapping, so the first is the only one.
  private mapOnce<E extends object>(feed: FeedPage<AtomEntry>, segments: readonly string[]): FeedPage<E> {
    const known = this.mapped.get(feed) as FeedPage<E> | undefined;
    if (known) return known;
    const map = this.mapperOf<E>(segments);
    const entries: E[] = [];
    const refused: RefusedEntry[] = [];
    feed.entries.forEach((entry, position) => {
      const mapped = map(entry);
      if (isRefusal(mapped)) refused.push({ position, error: mapped.refused });
      else entries.push(mapped);
    });
    const page: FeedPage<E> = { ...feed, entries, ...(refused.length > 0 ? { refused } : {}) };
    this.mapped.set(feed, page);
    return page;
  }

  /** The upstream URL of a listing, e.g. to show users where data comes from. */
  listingUrl(segments: readonly string[], params: UpstreamParams = {}): string {
    return joinBaseUrl(this.options.baseUrl, listingPath(segments, params, 1).replace(/\?.*$/, ''));
  }

  /** The Download URL of a file, built the way the upstream writes it. */
  downloadUrl(resourceName: string, subResourceName: string, fileName: string): string {
    const path = ['download', resourceName, subResourceName, fileName].map(encodeURIComponent).join('/');
    return joinBaseUrl(this.options.baseUrl, path);
  }

  /** Pages being fetched right now (for metrics). */
  get inflightCount(): number {
    return this.inflight.size;
  }

  // Private: a fresh cached page, else the fetch already under way for it, else a new fetch. A shared fetch
  // belongs to no operation's deadline (each waiter gives up on its own) and its failure is forgotten at once.
  private getFeed(call: UpstreamCall, path: string, scope: RequestScope): Promise<FeedPage<AtomEntry>> {
    const cached = this.options.cache?.get(path);
    if (scope.fresh) return untilDeadline(this.fetchPage(call, path, scope, cached), scope.signal, call);
    if (cached?.fresh) {
      this.options.onCacheHit?.({ call, path, cache: 'local' });
      return Promise.resolve(cached.page);
    }
    if (this.recentlyNotFound(path)) return Promise.reject(errorForStatus(call, 404));
    let shared = this.inflight.get(path);
    if (!shared) {
      const sharedScope: RequestScope = { ...(scope.onRequest ? { onRequest: scope.onRequest } : {}), ...(scope.owner ? { owner: scope.owner } : {}) };
      shared = this.fetchThroughSharedCache(call, path, sharedScope, cached)
        .catch((error: unknown) => {
          if (error instanceof UpstreamError && error.upstreamCode === ErrorCode.UPSTREAM_NOT_FOUND) this.rememberNotFound(path);
          throw error;
        })
        .finally(() => this.inflight.delete(path));
      this.inflight.set(path, shared);
    }
    return untilDeadline(shared, scope.signal, call);
  }

  // Private: the upstream answered 404 for `path` less than `notFoundTtlMs` ago.
  private recentlyNotFound(path: string): boolean {
    const until = this.notFound.get(path);
    if (until === undefined) return false;
    if (this.clock() < until) return true;
    this.notFound.delete(path);
    return false;
  }

  // Private: remembers a 404 briefly (bounded: the oldest is forgotten first).
  private rememberNotFound(path: string): void {
    const ttlMs = Math.min(this.options.notFoundTtlMs ?? 30_000, this.options.cache?.ttlMs ?? 0);
    if (ttlMs <= 0) return;
    this.notFound.delete(path);
    this.notFound.set(path, this.clock() + ttlMs);
    if (this.notFound.size > MAX_REMEMBERED_NOT_FOUND) this.notFound.delete(this.notFound.keys().next().value as string);
  }

  private clock(): number {
    return (this.options.now ?? (() => performance.now()))();
  }

  /**
   * Download: the text of a small file of an edition (an `.md5` companion), through the gate like every
   * request. The URL is built from the names, never taken from a feed, so a feed cannot send us elsewhere.
   */
  downloadText(resourceName: string, subResourceName: string, fileName: string, scope: RequestScope = {}, maxBytes = 1_000_000): Promise<string> {
    const path = ['download', resourceName, subResourceName, fileName].map(encodeURIComponent).join('/');
    return this.withRetries('download', path, scope, (attempt) =>
      this.attempt('download', path, scope, attempt, (release) =>
        this.exchange('download', path, release, scope.signal, { accept: '*/*' }, async (response) => {
          const text = await readLimitedText(response, maxBytes);
          return { status: String(response.status), value: text, bytes: Buffer.byteLength(text) };
        }),
      ),
    );
  }

  /**
   * Download, in part: `length` bytes of a file from `start` (an HTTP `Range` request, never compressed),
   * through the gate and retries like every request. `rangeIgnored` when the upstream answers with the whole
   * file: its body is cancelled unread.
   */
  readRange(resourceName: string, subResourceName: string, fileName: string, start: number, length: number, scope: RequestScope = {}): Promise<RangeAnswer> {
    const path = ['download', resourceName, subResourceName, fileName].map(encodeURIComponent).join('/');
    const headers = { accept: '*/*', 'accept-encoding': 'identity', range: `bytes=${start}-${start + length - 1}` };
    return this.withRetries('download', path, scope, (attempt) =>
      this.attempt('download', path, scope, attempt, (release) =>
        this.exchange('download', path, release, scope.signal, headers, readRangeBody(start, length)),
      ),
    );
  }

  // Private: the replicas' shared cache first (a fresh page there costs no request), and one replica fetching
  // a page while the others wait for it; then the upstream, conditional on the freshest stale copy.
  private async fetchThroughSharedCache(call: UpstreamCall, path: string, scope: RequestScope, local: CachedPage | undefined): Promise<FeedPage<AtomEntry>> {
    const store = this.options.sharedCache;
    if (!store) return this.fetchPage(call, path, scope, local);
    const remote = await store.get(path);
    if (remote?.fresh) return this.adopt(call, path, remote);
    if (!(await store.claim(path))) {
      const waited = await store.waitFor(path, 3000);
      if (waited?.fresh) return this.adopt(call, path, waited);
    }
    try {
      return await this.fetchPage(call, path, scope, remote ?? local);
    } finally {
      await store.release(path);
    }
  }

  // Private: a page another replica fetched, kept in this process's cache too.
  private adopt(call: UpstreamCall, path: string, found: CachedPage): FeedPage<AtomEntry> {
    this.options.onCacheHit?.({ call, path, cache: 'shared' });
    this.options.cache?.set(path, found.page, cachedCost(JSON.stringify(found.page), found.page), found);
    return found.page;
  }

  // Private: a listing page, conditional on the validators of a stale cached copy; parsed and cached.
  private fetchPage(call: UpstreamCall, path: string, scope: RequestScope, stale: CachedPage | undefined): Promise<FeedPage<AtomEntry>> {
    return this.withRetries(call, path, scope, (attempt) =>
      this.attempt(call, path, scope, attempt, async (release) => {
        const headers: Record<string, string> = { accept: 'application/atom+xml' };
        if (stale?.etag) headers['if-none-match'] = stale.etag;
        if (stale?.lastModified) headers['if-modified-since'] = stale.lastModified;
        const fetched = await this.exchange(call, path, release, scope.signal, headers, readFeedBody(call, this.options.maxBodyBytes ?? 5_000_000));
        if (fetched.value.kind === 'notModified') {
          if (!stale)
            throw new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `The upstream ${call} listing answered 304 to an unconditional request.`, {
              call,
              status: 304,
            });
          this.options.cache?.refresh(path);
          await this.options.sharedCache?.set(path, stale.page, stale);
          return { status: fetched.status, value: stale.page };
        }
        let page: FeedPage<AtomEntry>;
        try {
          page = parseAtomFeed(fetched.value.text);
        } catch (error) {
          if (error instanceof AtomParseError) throw badResponse(call, error);
          throw error;
        }
        this.options.cache?.set(path, page, cachedCost(fetched.value.text, page), fetched.value.validators);
        await this.options.sharedCache?.set(path, page, fetched.value.validators);
        return { status: fetched.status, value: page, bytes: Buffer.byteLength(fetched.value.text) };
      }),
    );
  }

  // Private: attempts until success, a failure not worth retrying, or the attempts or time budget run out.
  private async withRetries<T>(call: UpstreamCall, path: string, scope: RequestScope, run: (attempt: number) => Promise<T>): Promise<T> {
    const now = this.options.now ?? (() => performance.now());
    const started = now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await run(attempt);
      } catch (caught) {
        const error = caught instanceof UpstreamError ? caught : unexpected(call, caught);
        const pauseMs = error.upstreamCode === ErrorCode.UPSTREAM_RATE_LIMITED ? (error.retryAfterMs ?? this.options.banMs ?? 5000) : 0;
        if (pauseMs > 0) this.options.gate.pause(pauseMs);
        const delay = pauseMs > 0 ? 0 : backoffDelay(attempt, this.retry, this.options.random ?? Math.random);
        const willRetry = isRetryable(error) && attempt < this.retry.maxAttempts && now() - started + Math.max(delay, pauseMs) <= this.retry.budgetMs;
        this.options.logger?.warn('upstream request failed', {
          call,
          path,
          attempt,
          code: error.upstreamCode,
          status: statusOf(error),
          willRetry,
          ...(pauseMs > 0 ? { gatePausedMs: pauseMs } : {}),
          ...(error.retryAfterAskedMs !== undefined ? { retryAfterAskedMs: error.retryAfterAskedMs, retryAfterCapped: true } : {}),
        });
        if (!willRetry) throw error;
        if (delay > 0) await this.sleep(delay, scope.signal).catch(() => Promise.reject(deadlineError(call)));
      }
    }
  }

  // Private: one attempt: wait at the gate, record the request, exchange, report how it ended.
  private async attempt<T>(
    call: UpstreamCall,
    path: string,
    scope: RequestScope,
    attempt: number,
    exchange: (release: () => void) => Promise<Exchanged<T>>,
  ): Promise<T> {
    const now = this.options.now ?? (() => performance.now());
    const queued = now();
    let release: () => void;
    try {
      release = await this.options.gate.acquire(scope.signal, scope.owner);
    } catch {
      throw deadlineError(call);
    }
    const record = { call, path };
    this.options.onRequest?.(record);
    scope.onRequest?.(record);
    const sent = now();
    const answered = (status: string, bytes?: number) =>
      this.options.onAnswer?.({ ...record, status, durationMs: now() - sent, gateWaitMs: sent - queued, attempt, ...(bytes === undefined ? {} : { bytes }) });
    try {
      const result = await exchange(release);
      answered(result.status, result.bytes);
      return result.value;
    } catch (error) {
      answered(String(statusOf(error) ?? 'error'));
      throw error;
    }
  }

  // Private: one HTTP exchange with a timeout; a non-2xx status (304 aside) becomes a typed error, the body
  // never echoed. A redirect is refused (`UPSTREAM_BAD_RESPONSE`, not retried), never followed. `release`
  // tells the gate the request has reached the upstream: called as soon as an answer (or a failure) comes back.
  private async exchange<R>(
    call: UpstreamCall,
    path: string,
    release: () => void,
    operationSignal: AbortSignal | undefined,
    headers: Record<string, string>,
    read: (response: Response) => Promise<Exchanged<R>>,
  ): Promise<Exchanged<R>> {
    const fetchFn = this.options.fetch ?? fetch;
    const timeout = (this.options.timeoutSignal ?? AbortSignal.timeout)(this.options.timeoutMs);
    const signal = operationSignal ? AbortSignal.any([timeout, operationSignal]) : timeout;
    try {
      // No redirect is followed: each hop would be a request the gate never saw, possibly to another host.
      const response = await fetchFn(joinBaseUrl(this.options.baseUrl, path), {
        headers: { ...headers, 'user-agent': this.options.userAgent },
        signal,
        redirect: 'manual',
      });
      release();
      if (!response.ok && response.status !== 304) {
        await response.body?.cancel().catch(() => undefined);
        throw errorForResponse(call, response);
      }
      return await read(response);
    } catch (error) {
      release();
      if (error instanceof UpstreamError) throw error;
      if (error instanceof BodyRefusedError) throw call === 'download' ? refusedDownload(error) : badResponse(call, error);
      if (operationSignal?.aborted) throw deadlineError(call);
      if (timeout.aborted) {
        throw new UpstreamError(
          ErrorCode.UPSTREAM_TIMEOUT,
          `The upstream ${call} request did not answer within ${this.options.timeoutMs} ms.`,
          { call },
          error,
        );
      }
      throw new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `The upstream ${call} request could not be reached.`, { call }, error);
    }
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return (this.options.sleep ?? abortableSleep)(ms, signal);
  }
}

/**
 * What a cached page costs the process, for the cache's bound: the parsed page and its mapped copy (see
 * `approximateBytes`; the copy shares the strings, so counting it whole over-counts), plus the body text,
 * which strings cut out of it by the parser may keep alive.
 */
export function cachedCost(body: string, page: FeedPage<AtomEntry>): number {
  return body.length + 2 * approximateBytes(page);
}

// Private: the call of a listing named by its path segments (see `freshCachedPage`).
function callOf(segments: readonly string[]): UpstreamCall {
  if (segments.length === 1) return 'capabilities';
  return segments.length === 2 ? 'resource' : 'subResource';
}

/** Maps an upstream HTTP status to the typed error of its class. */
export function errorForStatus(call: UpstreamCall, status: number): UpstreamError {
  const details = { call, status };
  if (status === 404) return new UpstreamError(ErrorCode.UPSTREAM_NOT_FOUND, `The upstream does not know this ${callSubject(call)}.`, details);
  if (status === 429)
    return new UpstreamError(ErrorCode.UPSTREAM_RATE_LIMITED, 'The upstream is rate-limiting this service; try again in a few seconds.', details);
  if (status === 403) return new UpstreamError(ErrorCode.UPSTREAM_FORBIDDEN, 'The upstream firewall refused the request.', details);
  if (status === 400) return new UpstreamError(ErrorCode.BAD_USER_INPUT, `The upstream rejected the arguments of the ${call} listing.`, details);
  // The request's own size, never the upstream's health: a filter (a polygon) too long for the upstream's URL limit.
  if (status === 414 || status === 431) {
    return new UpstreamError(
      ErrorCode.BAD_USER_INPUT,
      `The upstream refused the ${call} request as too long (HTTP ${status}): shorten the filter (fewer polygon points).`,
      details,
    );
  }
  if (status >= 500) return new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `The upstream ${call} listing failed (HTTP ${status}).`, details);
  if (status >= 300 && status < 400)
    return new UpstreamError(
      ErrorCode.UPSTREAM_BAD_RESPONSE,
      `The upstream ${call} listing answered with a redirect (HTTP ${status}), which this service does not follow.`,
      details,
    );
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `The upstream ${call} listing answered HTTP ${status}.`, details);
}

// Private: reads a listing's answer: a 304, or an Atom body (JSON and HTML refused before any parsing, XML
// bombs while reading: `xmlMarkupInspector`).
function readFeedBody(call: UpstreamCall, maxBytes: number) {
  return async (response: Response): Promise<{ status: string; value: FetchedBody }> => {
    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      return { status: '304', value: { kind: 'notModified' } };
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (/json|html/i.test(contentType)) {
      await response.body?.cancel().catch(() => undefined);
      throw badResponse(call, new AtomParseError(`expected an Atom feed, got ${contentType}`));
    }
    const text = await readLimitedText(response, maxBytes, xmlMarkupInspector());
    return {
      status: String(response.status),
      value: { kind: 'body', text, validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') } },
    };
  };
}

function statusOf(error: unknown): number | undefined {
  return error instanceof UpstreamError ? (error.extensions['upstream'] as { status?: number } | undefined)?.status : undefined;
}

// Private: the status's error, with the pause a 429 asks for, capped at `MAX_PAUSE_MS` (what it asked for
// is kept for the log when the cap applied).
function errorForResponse(call: UpstreamCall, response: Response): UpstreamError {
  const error = errorForStatus(call, response.status);
  if (response.status === 429) {
    const header = response.headers.get('retry-after');
    if (header !== null) {
      const asked = askedPauseMs(header, 0, Date.now());
      error.retryAfterMs = Math.min(asked, MAX_PAUSE_MS);
      if (asked > MAX_PAUSE_MS) error.retryAfterAskedMs = asked;
    }
  }
  return error;
}

function badResponse(call: UpstreamCall, cause: Error): UpstreamError {
  return new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `The upstream ${call} listing answered something that is not a readable Atom feed.`,
    { call },
    cause,
  );
}

// Private: a downloaded file (an md5 companion) refused while read: too large once decoded (a gzip bomb unpacks
// as it is read, and is cut there), never "not a readable Atom feed".
function refusedDownload(cause: BodyRefusedError): UpstreamError {
  const message =
    cause instanceof BodyTooLargeError ?
      `The upstream sent a file larger than ${cause.limit} bytes once decoded (a compressed body counts as it unpacks): it was cut there and not read.`
    : `The upstream sent a file this service does not read (${cause.message}).`;
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, message, { call: 'download' }, cause);
}

function deadlineError(call: UpstreamCall): UpstreamError {
  const error = new UpstreamError(ErrorCode.UPSTREAM_TIMEOUT, `The operation's deadline passed before the upstream ${call} listing answered.`, { call });
  error.deadlineExceeded = true;
  return error;
}

function unexpected(call: UpstreamCall, cause: unknown): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `The upstream ${call} listing could not be read.`, { call }, cause);
}

function callSubject(call: UpstreamCall): string {
  if (call === 'capabilities') return 'listing';
  if (call === 'download') return 'file';
  return call === 'resource' ? 'resource' : 'sub-resource';
}

// Private: `shared` as this waiter sees it: it stops waiting when its own operation's deadline passes.
function untilDeadline<T>(shared: Promise<T>, signal: AbortSignal | undefined, call: UpstreamCall): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) return Promise.reject(deadlineError(call));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadlineError(call));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
