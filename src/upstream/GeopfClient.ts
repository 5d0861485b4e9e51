import { ErrorCode, UpstreamError } from '../errors';
import type { FeedPage, FileEntry, ResourceEntry, SubResourceEntry } from './model';
import { AtomParseError, parseAtomFeed } from './parseAtomFeed';
import type { RateGate } from './RateGate';
import { joinBaseUrl, listingPath, type UpstreamParams } from './listingPath';
import { toFileEntry, toResourceEntry, toSubResourceEntry } from './toModel';

/** The three listing calls of the upstream. */
export type UpstreamCall = 'capabilities' | 'resource' | 'subResource';

/** One request the client made, as tests and logs see it. */
export interface UpstreamRequestRecord {
  call: UpstreamCall;
  path: string;
}

export interface GeopfClientOptions {
  /** e.g. `https://data.geopf.fr/telechargement`. */
  baseUrl: string;
  /** The one process-wide gate every request passes. */
  gate: RateGate;
  /** Per request, from sending to the end of the body. */
  timeoutMs: number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Sent as `User-Agent`: the upstream's firewall refuses bot-like and default agents. */
  userAgent: string;
  /** Called once per request sent (after the gate), for logs and counts. */
  onRequest?: (record: UpstreamRequestRecord) => void;
}

/**
 * The upstream's listing calls, one method each. Every request: build the canonical URL → pass the gate →
 * fetch with a timeout and `Accept: application/atom+xml` → map the status to a typed error → parse Atom →
 * map to model objects. Throws only `UpstreamError`.
 */
export class GeopfClient {
  constructor(private readonly options: GeopfClientOptions) {}

  /** GetCapabilities: one page of products. */
  async capabilities(params: UpstreamParams, page: number): Promise<FeedPage<ResourceEntry>> {
    const feed = await this.getFeed('capabilities', listingPath(['capabilities'], params, page));
    return { ...feed, entries: feed.entries.map(toResourceEntry) };
  }

  /** GetResource: one page of a product's editions. */
  async resource(resourceName: string, params: UpstreamParams, page: number): Promise<FeedPage<SubResourceEntry>> {
    const feed = await this.getFeed('resource', listingPath(['resource', resourceName], params, page));
    return { ...feed, entries: feed.entries.map((entry) => toSubResourceEntry(entry, resourceName)) };
  }

  /** GetSubResource: one page of an edition's files. */
  async subResource(resourceName: string, subResourceName: string, page: number): Promise<FeedPage<FileEntry>> {
    const feed = await this.getFeed('subResource', listingPath(['resource', resourceName, subResourceName], {}, page));
    const fallbackUrl = (fileName: string) => this.downloadUrl(resourceName, subResourceName, fileName);
    return { ...feed, entries: feed.entries.map((entry) => toFileEntry(entry, resourceName, subResourceName, fallbackUrl)) };
  }

  /** The upstream URL of a listing page, e.g. to show users where data comes from. */
  listingUrl(segments: readonly string[], params: UpstreamParams = {}): string {
    return joinBaseUrl(this.options.baseUrl, listingPath(segments, params, 1).replace(/\?.*$/, ''));
  }

  /** The Download URL of a file, built the way the upstream writes it. */
  downloadUrl(resourceName: string, subResourceName: string, fileName: string): string {
    const path = ['download', resourceName, subResourceName, fileName].map(encodeURIComponent).join('/');
    return joinBaseUrl(this.options.baseUrl, path);
  }

  // Private: the request pipeline shared by the three calls.
  private async getFeed(call: UpstreamCall, path: string) {
    const release = await this.options.gate.acquire();
    this.options.onRequest?.({ call, path });
    const body = await this.fetchText(call, path, release);
    try {
      return parseAtomFeed(body);
    } catch (error) {
      if (error instanceof AtomParseError) {
        throw new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `The upstream ${call} listing answered something that is not a readable Atom feed.`, { call }, error);
      }
      throw error;
    }
  }

  // Private: fetch with timeout; a non-2xx status becomes a typed error (the body is never echoed).
  // `release` tells the gate the request has reached the upstream: called as soon as an answer (or a failure) comes back.
  private async fetchText(call: UpstreamCall, path: string, release: () => void): Promise<string> {
    const fetchFn = this.options.fetch ?? fetch;
    const url = joinBaseUrl(this.options.baseUrl, path);
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetchFn(url, {
        headers: { accept: 'application/atom+xml', 'user-agent': this.options.userAgent },
        signal,
      });
      release();
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw errorForStatus(call, response.status);
      }
      return await response.text();
    } catch (error) {
      release();
      if (error instanceof UpstreamError) throw error;
      if (signal.aborted) {
        throw new UpstreamError(ErrorCode.UPSTREAM_TIMEOUT, `The upstream ${call} listing did not answer within ${this.options.timeoutMs} ms.`, { call }, error);
      }
      throw new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `The upstream ${call} listing could not be reached.`, { call }, error);
    }
  }
}

/** Maps an upstream HTTP status to the typed error of its class. */
export function errorForStatus(call: UpstreamCall, status: number): UpstreamError {
  const details = { call, status };
  if (status === 404) return new UpstreamError(ErrorCode.UPSTREAM_NOT_FOUND, `The upstream does not know this ${callSubject(call)}.`, details);
  if (status === 429) return new UpstreamError(ErrorCode.UPSTREAM_RATE_LIMITED, 'The upstream is rate-limiting this service; try again in a few seconds.', details);
  if (status === 403) return new UpstreamError(ErrorCode.UPSTREAM_FORBIDDEN, 'The upstream firewall refused the request.', details);
  if (status === 400) return new UpstreamError(ErrorCode.BAD_USER_INPUT, `The upstream rejected the arguments of the ${call} listing.`, details);
  if (status >= 500) return new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `The upstream ${call} listing failed (HTTP ${status}).`, details);
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `The upstream ${call} listing answered HTTP ${status}.`, details);
}

function callSubject(call: UpstreamCall): string {
  if (call === 'capabilities') return 'listing';
  return call === 'resource' ? 'resource' : 'sub-resource';
}
