import type { CatalogueIndex } from '../catalogue/index/CatalogueIndex';
import { GraphQLError } from 'graphql';
import type { ChangeEvent } from '../catalogue/changes/ChangeEvent';
import type { ChangeStreams } from '../catalogue/changes/ChangeStreams';
import type { WatchAdmin } from '../catalogue/watches/WatchAdmin';
import { ErrorCode } from '../core/errors';
import type { Loaders } from '../upstream/loaders/createLoaders';
import type { ListingKnowledge } from '../upstream/loaders/ListingKnowledge';
import { createLoaders } from '../upstream/loaders/createLoaders';
import type { GeopfClient, RequestScope, UpstreamRequestRecord } from '../upstream/client/GeopfClient';
import { ArchiveReader, DEFAULT_ARCHIVE_HEADER_MAX_BYTES, type ArchiveReaderOptions } from '../downloads/archives/ArchiveReader';
import { AnswerBudget } from './AnswerBudget';
import { OperationDeadline } from './OperationDeadline';
import type { SearchSuggestion } from './models/SearchSuggestion';

/** What every resolver receives (codegen `contextType`): this request's loaders and the URL builder. */
export interface Context {
  loaders: Loaders;
  upstream: Pick<GeopfClient, 'listingUrl' | 'downloadUrl'>;
  /** Every upstream request sent for this operation, retries included (for logs and tests). */
  upstreamRequests: UpstreamRequestRecord[];
  /** The operation's deadline; its signal (made on first read) aborts when it passes. */
  deadline: OperationDeadline;
  /** The process's reader of archive tables of contents (Range requests through the client). */
  archives: ArchiveReader;
  /** What this operation may still answer in long lists read from files (archive entries, checksum lines). */
  answers: AnswerBudget;
  /** What this operation's upstream requests carry: its deadline, its request log, its place at the gate. */
  scope: RequestScope;
  /** The catalogue index; null when this server runs without it. */
  catalogue: CatalogueIndex | null;
  /** Change subscriptions and webhook watches; absent in contexts built without them (unit tests). */
  changes?: ChangeServices;
  /** The request's `Authorization` header (webhook watches need a bearer token). */
  authorization?: string | null;
  /** Suggestions for searches that matched nothing, for the response's `extensions` (`suggestionsPlugin`). */
  suggestions?: SearchSuggestion[];
}

/** What the change resolvers need from the process (in the context as `changes`). */
export interface ChangeServices {
  streams: ChangeStreams;
  watchAdmin: WatchAdmin;
  /** The upstream listing of an event's edition, or of its product. */
  listingUrl(event: ChangeEvent): string;
}

export interface ContextOptions {
  /** After this, the operation's remaining upstream requests fail with `UPSTREAM_TIMEOUT`. */
  deadlineMs: number;
  /** Aborts when the server's shutdown grace is nearly over: the operation's deadline comes at once. */
  stop?: AbortSignal;
  /** Upstream requests the operation may send at most (`QUERY_COST_BUDGET`); walks beyond it fail typed. Default: no limit. */
  budget?: number;
  /** The process-wide archive reader; by default one without a cache, at the default header cap. */
  archives?: ArchiveReader;
  /** Bytes of long lists (archive entries, checksum lines) the operation may answer (`GEOPF_ARCHIVE_MAX_ANSWER_BYTES`). */
  maxAnswerBytes?: number;
  /** The catalogue index, if this server keeps one. */
  catalogue?: CatalogueIndex | null;
  /** Where the index last saw entries, so that look-ups read that page first. */
  hints?: Pick<ListingKnowledge, 'capabilitiesPageOf'>;
  /** Change subscriptions and webhook watches (the server's). */
  changes?: ChangeServices;
  /** The request's `Authorization` header. */
  authorization?: string | null;
}

/** A fresh context per GraphQL request: new loaders bound to the operation's deadline, the process-wide client. */
export function createContext(client: GeopfClient, options: ContextOptions): Context {
  const upstreamRequests: UpstreamRequestRecord[] = [];
  const deadline = new OperationDeadline(options.deadlineMs, options.stop);
  // The request log doubles as the operation's identity at the gate, where operations are served in turn.
  // The signal is read, hence made, only when an upstream request is about to wait (see `OperationDeadline`).
  const scope: RequestScope = {
    get signal() {
      return deadline.signal;
    },
    onRequest: (record) => upstreamRequests.push(record),
    owner: upstreamRequests,
  };
  return {
    loaders: createLoaders(client, scope, {
      ...(options.budget === undefined ? {} : { budget: options.budget }),
      ...(options.hints ? { hints: options.hints } : {}),
    }),
    upstream: client,
    upstreamRequests,
    deadline,
    archives: options.archives ?? archiveReaderFor(client, { maxHeaderBytes: DEFAULT_ARCHIVE_HEADER_MAX_BYTES }),
    answers: new AnswerBudget(options.maxAnswerBytes),
    scope,
    catalogue: options.catalogue ?? null,
    ...(options.changes ? { changes: options.changes } : {}),
    authorization: options.authorization ?? null,
    suggestions: [],
  };
}

/**
 * An archive reader going through `client` (Range requests, hence its gate and retries); its bounds, caches and
 * header threads as given (`ArchiveReaderOptions`: by default no cache, parsing on the calling thread).
 */
export function archiveReaderFor(client: GeopfClient, options: Omit<ArchiveReaderOptions, 'readRange'>): ArchiveReader {
  return new ArchiveReader({
    ...options,
    readRange: (file, start, length, scope) => client.readRange(file.resourceName, file.subResourceName, file.name, start, length, scope),
  });
}

/** The context's change services; an internal error when the server was built without them. */
export function changeServices(context: Context): ChangeServices {
  if (!context.changes) throw new GraphQLError('Change delivery is not configured on this server.', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
  return context.changes;
}
