import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildCatalogue, findEdition, findResource } from './catalogue';
import type { FakeResource } from './catalogue';
import type { Deviations } from './deviations';
import { ArrivalWindow, maxArrivalsInWindow } from './rateWindow';
import { ATOM_CONTENT_TYPE, TEXT_CONTENT_TYPE, route } from './routes';
import type { Answer } from './routes';
import { serveSource, virtualBytes, type ByteFault, type ByteSource, type FileBytes } from './byteDownloads';

/** One request as the fake received it; recorded before it is answered. */
export interface RecordedRequest {
  method: string;
  /** decoded pathname, e.g. '/telechargement/resource/BDORTHO'. */
  path: string;
  /** exactly as received: path + '?' + query. */
  rawUrl: string;
  /** first value of each query parameter. */
  query: Record<string, string>;
  /** status sent; 0 while not answered yet (delayed) or never (hang). */
  status: number;
  /** arrival time, in ms of the server clock (`now`). */
  at: number;
  headers: Record<string, string | undefined>;
  /** For a download with real bytes: body bytes handed to the socket (less than asked when the client left early). */
  bytesSent?: number;
}

/**
 * What `setFault` does to a request that passed the rate limit.
 * - `status` and/or `body` set: that answer replaces the real one (status defaults to 200, body to '',
 *   content type to Atom when a body is given and to text otherwise).
 * - neither set: the real answer is sent, with `headers` added.
 * - `delayMs`: waits that long before answering; `hang`: never answers (stop() still closes the socket).
 * - `reset`: destroys the connection without answering; `truncateAt`: sends the real body cut after that
 *   many characters, then destroys the connection (a transfer dropped midway).
 */
export interface Fault extends ByteFault {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs?: number;
  /** Extra answer headers (on byte downloads too: a `Content-Encoding` their bytes do not deserve). */
  headers?: Record<string, string>;
  hang?: boolean;
  reset?: boolean;
  truncateAt?: number;
}

/** Picks a fault per request, or none (undefined) for the normal answer. */
export type FaultPicker = (req: { path: string; query: Record<string, string> }) => Fault | undefined;

/** Options of the fake; every one has the default the real service implies. */
export interface FakeGeopfServerOptions {
  /** default `buildCatalogue()`. */
  catalogue?: FakeResource[];
  /** default 10; more arrivals than this within any 1000 ms window get 429 with `Retry-After: 5`. */
  ratePerSecond?: number;
  /** ms clock used for `at` and the rate limit; default `performance.now()`. */
  now?: () => number;
  /** default '/telechargement'. */
  basePath?: string;
  /** Real bytes served (with `Range`) for these downloads, keyed `resource/edition/file`; others get a placeholder text. */
  fileBytes?: FileBytes;
  /**
   * Every listed file but the `.md5` companions is served as bytes of its listed size (generated, a 7z signature
   * first), honouring `Range` and `HEAD`, with an `ETag` and a `Last-Modified`, instead of a placeholder text.
   */
  sizedDownloads?: boolean;
  /** How the fake departs from the real upstream's behaviour; none by default (see `setDeviations`). */
  deviations?: Deviations;
}

/** Private: the window of the upstream rate limit. */
const RATE_WINDOW_MS = 1000;

/**
 * A real HTTP server on 127.0.0.1 speaking the Géoplateforme download API: Atom feeds (JSON on request),
 * paging, filters, 404s, 429 above the rate, and injectable faults. Every request is recorded in `requests`.
 */
export class FakeGeopfServer {
  /** every request, in arrival order, including 429s and faulted ones. */
  readonly requests: RecordedRequest[] = [];

  private readonly catalogue: FakeResource[];
  private readonly ratePerSecond: number;
  private readonly now: () => number;
  private readonly basePath: string;
  private readonly window = new ArrivalWindow(RATE_WINDOW_MS);
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private fault: FaultPicker | undefined;
  private readonly fileBytes: FileBytes;
  private readonly sizedDownloads: boolean;
  private deviations: Deviations;
  /** Told of every recorded request and of every change to one (its status, its bytes sent); see `whenRequest`. */
  private readonly watchers = new Set<() => void>();

  constructor(options: FakeGeopfServerOptions = {}) {
    this.catalogue = options.catalogue ?? buildCatalogue();
    this.ratePerSecond = options.ratePerSecond ?? 10;
    if (!(this.ratePerSecond > 0)) {
      throw new TypeError(`expected ratePerSecond > 0, got ${String(options.ratePerSecond)}`);
    }
    this.now = options.now ?? (() => performance.now());
    this.basePath = options.basePath ?? '/telechargement';
    this.fileBytes = options.fileBytes ?? new Map();
    this.sizedDownloads = options.sizedDownloads ?? false;
    this.deviations = options.deviations ?? {};
    if (!/^(\/[^/]+)*$/.test(this.basePath)) {
      throw new TypeError(`expected basePath like '/telechargement' (no trailing slash), got '${this.basePath}'`);
    }
  }

  /** Listens on 127.0.0.1 on a free port; resolves to the base URL, e.g. 'http://127.0.0.1:43121/telechargement'. */
  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    const server = createServer((req, res) => this.handle(req, res));
    // Node's default (5 s) lets the fake close an idle keep-alive socket just as a slow (loaded) client reuses it,
    // which the client sees as a lost connection; stop() destroys every socket anyway.
    server.keepAliveTimeout = 120_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${port}${this.basePath}`;
    return this.baseUrl;
  }

  /** Closes the server and every socket (keep-alive, delayed, hanging) at once; safe to call twice. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.baseUrl = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (server === undefined) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /**
   * Resolves with the first recorded request for which `matches` holds, checked now and again whenever a request
   * arrives, is answered or sends body bytes: a test waits for the upstream to see something, not for a delay.
   */
  whenRequest(matches: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.requests.find(matches);
        if (found === undefined) return;
        this.watchers.delete(check);
        resolve(found);
      };
      this.watchers.add(check);
      check();
    });
  }

  /** Empties `requests` in place; the rate-limit window is not reset (advance the clock for that). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Installs (or with undefined removes) the fault picker consulted for each request after rate limiting. */
  setFault(fn: FaultPicker | undefined): void {
    this.fault = fn;
  }

  /** Replaces the deviations in force (`{}` or undefined: none). */
  setDeviations(deviations: Deviations | undefined): void {
    this.deviations = deviations ?? {};
  }

  /** The highest number of recorded arrivals within any sliding window of `windowMs` (default 1000). */
  maxRequestsInAnyWindow(windowMs = RATE_WINDOW_MS): number {
    return maxArrivalsInWindow(
      this.requests.map((r) => r.at),
      windowMs,
    );
  }

  /** Private: record, rate-limit, apply the fault, answer. */
  private handle(req: IncomingMessage, res: ServerResponse): void {
    const record = this.record(req);
    if (this.window.record(record.at) > this.ratePerSecond) {
      this.send(res, record, { status: 429, contentType: 'text/html;charset=UTF-8', body: 'erreur HTML 429' }, { 'Retry-After': '5' });
      return;
    }
    const fault = this.fault?.({ path: record.path, query: record.query });
    if (fault?.hang === true) return;
    if (fault?.reset === true) {
      req.socket.destroy();
      return;
    }
    const redirect = this.deviations.downloadRedirect;
    if (redirect !== undefined && fault === undefined && this.segments(new URL(record.rawUrl, 'http://fake.invalid').pathname)?.[0] === 'download') {
      this.send(res, record, { status: 302, contentType: TEXT_CONTENT_TYPE, body: '' }, { Location: redirect });
      return;
    }
    const download = this.bytesFor(req, record);
    if (download !== undefined && fault?.status === undefined && fault?.body === undefined && fault?.truncateAt === undefined) {
      const byteFault = { ...fault, ...(this.deviations.ignoreRange ? { ignoreRange: true } : {}) };
      record.status = serveSource(
        req,
        res,
        download.source,
        download.contentType,
        byteFault,
        (sent) => {
          record.bytesSent = sent;
          this.changed();
        },
        { ...download.headers, ...fault?.headers },
      );
      this.changed();
      return;
    }
    if (fault?.truncateAt !== undefined) {
      const cut = fault.truncateAt;
      const whole = this.safeAnswerFor(req, record, undefined);
      record.status = whole.status;
      res.writeHead(whole.status, { 'content-type': whole.contentType, 'content-length': String(Buffer.byteLength(whole.body) + 1) });
      res.write(whole.body.slice(0, cut), () => req.socket.destroy());
      return;
    }
    const answer = (): void => this.send(res, record, this.safeAnswerFor(req, record, fault), fault?.headers ?? {});
    if (fault?.delayMs === undefined) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      answer();
    }, fault.delayMs);
    this.timers.add(timer);
  }

  /**
   * Private: the bytes of a download: those the test gave for it, else (with `sizedDownloads`) generated bytes of
   * the listed size for any listed file but an `.md5` companion, which the router answers with its text.
   */
  private bytesFor(req: IncomingMessage, record: RecordedRequest): { source: ByteSource; contentType: string; headers: Record<string, string> } | undefined {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    const segments = this.segments(new URL(record.rawUrl, 'http://fake.invalid').pathname);
    if (segments?.[0] !== 'download' || segments.length !== 4) return undefined;
    const given = this.fileBytes.get(segments.slice(1).join('/'));
    if (given !== undefined)
      return { source: { size: given.length, read: (start, end) => given.subarray(start, end + 1) }, contentType: 'application/octet-stream', headers: {} };
    if (!this.sizedDownloads) return undefined;
    const [, resourceName, editionName, fileName] = segments as [string, string, string, string];
    const resource = findResource(this.catalogue, resourceName);
    const edition = resource && findEdition(resource, editionName);
    const file = edition?.files.find((candidate) => candidate.name === fileName);
    if (edition === undefined || file === undefined || file.name === `${edition.name}.md5`) return undefined;
    const validators: Record<string, string> =
      this.deviations.noDownloadValidators ?
        {}
      : { ETag: `"${file.md5}"`, 'Last-Modified': new Date(Date.parse(file.updated ?? edition.updated)).toUTCString() };
    return { source: virtualBytes(file.length + (this.deviations.downloadLengthOff ?? 0)), contentType: file.type, headers: validators };
  }

  /** Private: like answerFor, but a bug in the fake becomes a 500 instead of a crashed server. */
  private safeAnswerFor(req: IncomingMessage, record: RecordedRequest, fault: Fault | undefined): Answer {
    try {
      return this.answerFor(req, record, fault);
    } catch (err) {
      return { status: 500, contentType: TEXT_CONTENT_TYPE, body: `fake upstream bug: ${String(err)}` };
    }
  }

  /** Private: the fault's replacement answer, or the real one. */
  private answerFor(req: IncomingMessage, record: RecordedRequest, fault: Fault | undefined): Answer {
    if (fault !== undefined && (fault.status !== undefined || fault.body !== undefined)) {
      return {
        status: fault.status ?? 200,
        body: fault.body ?? '',
        contentType: fault.contentType ?? (fault.body === undefined ? TEXT_CONTENT_TYPE : ATOM_CONTENT_TYPE),
      };
    }
    const method = req.method ?? 'GET';
    const segments = this.segments(new URL(record.rawUrl, 'http://fake.invalid').pathname);
    if ((method !== 'GET' && method !== 'HEAD') || segments === undefined) {
      return { status: 404, contentType: TEXT_CONTENT_TYPE, body: `not found: ${method} ${record.path}` };
    }
    const base = this.baseUrl ?? `http://127.0.0.1${this.basePath}`;
    return route(this.catalogue, base, { segments, query: record.query, json: wantsJson(record), deviations: this.deviations });
  }

  /** Private: the decoded segments after the base path (split before decoding, so %2F stays inside a segment). */
  private segments(rawPathname: string): string[] | undefined {
    if (!rawPathname.startsWith(`${this.basePath}/`)) return undefined;
    return rawPathname
      .slice(this.basePath.length + 1)
      .split('/')
      .map(decodeSegment);
  }

  /** Private: builds and pushes the record of one request. */
  private record(req: IncomingMessage): RecordedRequest {
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://fake.invalid');
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(req.headers)) headers[key] = Array.isArray(value) ? value.join(', ') : value;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodePath(url.pathname),
      rawUrl,
      query,
      status: 0,
      at: this.now(),
      headers,
    };
    this.requests.push(record);
    this.changed();
    return record;
  }

  /** Private: tells the `whenRequest` watchers that a request arrived or changed. */
  private changed(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  /** Private: writes the answer with its Content-Length and notes the status. */
  private send(res: ServerResponse, record: RecordedRequest, answer: Answer, extraHeaders: Record<string, string>): void {
    if (res.destroyed) return;
    const body = Buffer.from(answer.body, 'utf8');
    record.status = answer.status;
    res.writeHead(answer.status, {
      'Content-Type': answer.contentType,
      'Content-Length': String(body.length),
      ...extraHeaders,
    });
    res.end(body);
    this.changed();
  }
}

/** Private: decodes each segment of a pathname. */
function decodePath(pathname: string): string {
  return pathname.split('/').map(decodeSegment).join('/');
}

/** Private: a percent-decoded segment; a malformed escape leaves it as received (so it matches nothing). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Private: JSON when `outputFormat=application/json`, or when Accept names JSON and neither Atom nor XML. */
function wantsJson(record: RecordedRequest): boolean {
  if (record.query['outputFormat'] === 'application/json') return true;
  const accept = (record.headers['accept'] ?? '').toLowerCase();
  return accept.includes('application/json') && !accept.includes('atom') && !accept.includes('xml');
}
