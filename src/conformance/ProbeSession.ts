import { joinBaseUrl } from '../upstream/format/listingPath';
import { AtomParseError, parseAtomFeed, type AtomEntry } from '../upstream/format/parseAtomFeed';
import type { FeedPage } from '../upstream/format/model';

/** Most requests one run sends. */
export const MAX_REQUESTS = 30;

/**
 * Least time between the end of one exchange and the start of the next. The upstream counts arrivals, and a
 * request had arrived before its answer came back, so starts spaced this much after the previous answer are
 * arrivals spaced at least this much: never more than 2 in any second. The 10 ms are a margin over whatever
 * window convention (open or closed) the upstream counts with.
 */
export const MIN_GAP_MS = 510;

/** The three listing calls. */
export type ListingCall = 'capabilities' | 'resource' | 'subResource';

/** Response headers the report may show (lower case). */
const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'location',
  'etag',
  'last-modified',
  'cache-control',
  'content-encoding',
  'retry-after',
];

/** One request the probe sent and what came back, as far as it read. */
export interface Exchange {
  method: 'GET' | 'HEAD';
  /** Relative to the base URL, as sent: `capabilities?limit=50&page=1`. */
  path: string;
  /** Request headers beyond User-Agent and Accept (`range`). */
  requestHeaders: Record<string, string>;
  status: number;
  /** The kept response headers that were present. */
  headers: Record<string, string>;
  /** The body bytes read: all of it up to the read bound, nothing for HEAD. */
  body: Uint8Array;
  /** True when the body went on past what was read (the rest was cancelled unread). */
  truncated: boolean;
}

/** A listing as read: its exchange, and its page when it parsed as an upstream Atom feed. */
export interface Listing {
  call: ListingCall;
  exchange: Exchange;
  feed: FeedPage<AtomEntry> | null;
  /** Why the body is not a feed (`AtomParseError` message, or the status); null when `feed` is set. */
  parseError: string | null;
}

/** Why the run cannot send another request. */
export type StopKind =
  /** No answer: connection refused, DNS failure, timeout, connection lost. */
  | 'unreachable'
  /** The upstream answered 429: the run stops, as its `Retry-After` asks. */
  | 'rateLimited'
  /** The first request (capabilities) got no usable answer (403, 404, 5xx…): nothing else is worth asking. */
  | 'refused'
  /** `MAX_REQUESTS` were sent. */
  | 'budgetSpent';

/** Thrown by every request once the run cannot send more; checks that needed one report "could not tell". */
export class ProbeStopped extends Error {
  constructor(
    readonly kind: StopKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeStopped';
  }
}

export interface ProbeSessionOptions {
  /** Validated, without trailing slash: `https://data.geopf.fr/telechargement`. */
  baseUrl: string;
  /** Sent on every request: the upstream's firewall refuses default and bot-like agents. */
  userAgent: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Milliseconds of a monotonic clock, for the pacing. Default `performance.now()`. */
  now?: () => number;
  /** Waits `ms` (default a timer). Injected with `now`, tests pace a run without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Per request, headers and read body included. Default 20000. */
  timeoutMs?: number;
  /** Default `MAX_REQUESTS`. */
  maxRequests?: number;
  /** Default `MIN_GAP_MS`. */
  minGapMs?: number;
}

/** Largest listing body read (a page of 50 entries is some 30 KB). */
const MAX_LISTING_BYTES = 5_000_000;

/**
 * The probe's only way to the upstream: every request goes through here, paced (`MIN_GAP_MS` after the previous
 * answer), counted (`MAX_REQUESTS`), with the project's User-Agent, never following a redirect, reading bodies
 * only up to a bound. A 429 or a failed connection stops the session: every later request throws `ProbeStopped`.
 * Listings are read once per path however many checks ask.
 */
export class ProbeSession {
  /** Every exchange that got an answer, in the order sent. */
  readonly exchanges: Exchange[] = [];
  /** Every request sent, answered or not (`status` null: no answer), in the order sent. */
  readonly log: Array<{ method: 'GET' | 'HEAD'; path: string; status: number | null }> = [];
  /** Every listing read, in the order read. */
  readonly listings: Listing[] = [];
  /** Set once the session stopped for good (`stop`). */
  stopped: ProbeStopped | null = null;

  private readonly listingsByPath = new Map<string, Promise<Listing>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private lastAnsweredAt: number | null = null;

  constructor(private readonly options: ProbeSessionOptions) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Stops the session for good: every later request throws `stopped`. Returns the stop in force. */
  stop(stopped: ProbeStopped): ProbeStopped {
    this.stopped ??= stopped;
    return this.stopped;
  }

  /** A listing page, read once per `path` (a `listingPath`), with `Accept: application/atom+xml`. */
  listing(call: ListingCall, path: string): Promise<Listing> {
    let listing = this.listingsByPath.get(path);
    if (!listing) {
      listing = this.readListing(call, path);
      this.listingsByPath.set(path, listing);
    }
    return listing;
  }

  /**
   * A download request: `HEAD`, or `GET` reading at most `maxBytes` of the body (the rest is cancelled unread,
   * so an archive is never downloaded whole). `headers` adds e.g. a `range`.
   */
  download(method: 'GET' | 'HEAD', path: string, maxBytes: number, headers: Record<string, string> = {}): Promise<Exchange> {
    return this.send(method, path, { accept: '*/*', ...headers }, maxBytes);
  }

  // Private: a listing's exchange and its parse.
  private async readListing(call: ListingCall, path: string): Promise<Listing> {
    const exchange = await this.send('GET', path, { accept: 'application/atom+xml' }, MAX_LISTING_BYTES);
    let listing: Listing;
    if (exchange.status !== 200) {
      listing = { call, exchange, feed: null, parseError: `HTTP ${exchange.status}` };
    } else if (exchange.truncated) {
      listing = { call, exchange, feed: null, parseError: `a body over ${MAX_LISTING_BYTES} bytes` };
    } else {
      try {
        listing = { call, exchange, feed: parseAtomFeed(Buffer.from(exchange.body).toString('utf8')), parseError: null };
      } catch (error) {
        if (!(error instanceof AtomParseError)) throw error;
        listing = { call, exchange, feed: null, parseError: error.message };
      }
    }
    this.listings.push(listing);
    return listing;
  }

  // Private: one paced, counted exchange. The time of its end (answer read, failure) paces the next one.
  private async send(method: 'GET' | 'HEAD', path: string, headers: Record<string, string>, maxBytes: number): Promise<Exchange> {
    if (this.stopped) throw this.stopped;
    const maxRequests = this.options.maxRequests ?? MAX_REQUESTS;
    if (this.log.length >= maxRequests) throw new ProbeStopped('budgetSpent', `the run's ${maxRequests} requests were all sent`);
    await this.pace();
    const logged: (typeof this.log)[number] = { method, path, status: null };
    this.log.push(logged);
    const { accept: _accept, ...extra } = headers;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 20_000);
    try {
      const response = await (this.options.fetch ?? fetch)(joinBaseUrl(this.options.baseUrl, path), {
        method,
        headers: { ...headers, 'user-agent': this.options.userAgent },
        redirect: 'manual',
        signal: timeout,
      });
      const { body, truncated } = method === 'HEAD' ? { body: new Uint8Array(0), truncated: false } : await readBounded(response, maxBytes);
      if (method === 'HEAD') await response.body?.cancel().catch(() => undefined);
      const exchange: Exchange = { method, path, requestHeaders: extra, status: response.status, headers: keptHeaders(response.headers), body, truncated };
      this.exchanges.push(exchange);
      logged.status = exchange.status;
      if (response.status === 429) {
        const retryAfter = response.headers.get('retry-after');
        throw this.stop(
          new ProbeStopped(
            'rateLimited',
            `the upstream answered 429 to ${method} ${path}${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}; the run stopped there: wait${retryAfter && /^\d+$/.test(retryAfter) ? ` ${retryAfter} s` : ''} before running it again`,
          ),
        );
      }
      return exchange;
    } catch (error) {
      if (error instanceof ProbeStopped) throw error;
      throw this.stop(
        new ProbeStopped(
          'unreachable',
          `${method} ${path} got no answer: ${timeout.aborted ? `no answer within ${this.options.timeoutMs ?? 20_000} ms` : describeFailure(error)}`,
        ),
      );
    } finally {
      this.lastAnsweredAt = this.now();
    }
  }

  // Private: waits until `minGapMs` after the previous exchange ended. A timer can fire a little early, so the
  // clock is read again until the time has really come.
  private async pace(): Promise<void> {
    if (this.lastAnsweredAt === null) return;
    const due = this.lastAnsweredAt + (this.options.minGapMs ?? MIN_GAP_MS);
    for (let now = this.now(); now < due; now = this.now()) await this.sleep(due - now);
  }
}

// Private: at most `maxBytes` of the body; the rest cancelled unread.
async function readBounded(response: Response, maxBytes: number): Promise<{ body: Uint8Array; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { body: new Uint8Array(0), truncated: false };
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return { body: Buffer.concat(chunks), truncated: false };
    const room = maxBytes - received;
    if (chunk.value.byteLength > room) {
      chunks.push(chunk.value.subarray(0, room));
      await reader.cancel().catch(() => undefined);
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk.value);
    received += chunk.value.byteLength;
  }
}

// Private: the kept headers that are present.
function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

// Private: a failed fetch as one line, with its cause (`connect ECONNREFUSED …`, `getaddrinfo ENOTFOUND …`). Read by
// shape, not `instanceof`: fetch's errors may come from another realm than this module's `Error`.
function describeFailure(error: unknown): string {
  const { message, cause } = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const why = cause?.message ?? cause?.code;
  return why ? `${message ?? 'fetch failed'} (${why})` : (message ?? String(error));
}
