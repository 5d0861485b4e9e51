import { GraphQLError } from 'graphql';

/** The `extensions.code` values this subgraph answers with. */
export const ErrorCode = {
  /** An argument is invalid: a cursor, a page size, a date, a name… */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The upstream answered 429: we (or someone on our address) sent too many requests. */
  UPSTREAM_RATE_LIMITED: 'UPSTREAM_RATE_LIMITED',
  /** The upstream answered 5xx or the connection failed. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** The upstream did not answer in time. */
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  /** The upstream answered something we cannot read: not Atom, malformed XML, missing paging attributes. */
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  /** The upstream's firewall refused us (403). */
  UPSTREAM_FORBIDDEN: 'UPSTREAM_FORBIDDEN',
  /** The upstream does not know this resource, edition or file (404). */
  UPSTREAM_NOT_FOUND: 'UPSTREAM_NOT_FOUND',
  /** An archive's table of contents cannot be read: the upstream ignores `Range`, or its header is corrupt, too large or unsupported. */
  ARCHIVE_UNREADABLE: 'ARCHIVE_UNREADABLE',
  /** The operation would need more upstream requests than the budget allows, or is too deep or too aliased. */
  QUERY_TOO_EXPENSIVE: 'QUERY_TOO_EXPENSIVE',
  /** The catalogue index has not finished its first full sync: index-backed fields cannot answer yet. */
  INDEX_NOT_READY: 'INDEX_NOT_READY',
  /** The catalogue index's store cannot be reached (PostgreSQL down) or the index is turned off. */
  INDEX_UNAVAILABLE: 'INDEX_UNAVAILABLE',
  /** The edition is no longer listed upstream: it answers from the index, its files are gone. */
  EDITION_WITHDRAWN: 'EDITION_WITHDRAWN',
  /** A protected operation (webhook watches) without the right bearer token. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A feature the server's configuration leaves off (webhook watches without WATCH_ADMIN_TOKEN). */
  FEATURE_DISABLED: 'FEATURE_DISABLED',
  /** A subscription refused: the process, the client's address or the connection holds as many as allowed (HTTP 429). */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** An export refused: the process, or the client's address, streams as many exports as allowed (HTTP 429). */
  TOO_MANY_EXPORTS: 'TOO_MANY_EXPORTS',
  /** A subscription ended because its subscriber let more events wait than allowed (a slow or stalled reader). */
  SUBSCRIBER_TOO_SLOW: 'SUBSCRIBER_TOO_SLOW',
  /** Anything we did not mean to happen; the cause is logged, not shown. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes a client may see as they are; `formatError` masks every other error. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  // Apollo Server's and graphql-js's own request errors.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * A user error: the argument is named and the message says "expected X, got Y". `details` adds extensions
 * a client can act on (`candidates` of an ambiguous place, `suggestions` for an unknown one).
 */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, argument?: string, details?: Readonly<Record<string, unknown>>) {
    super(message, { extensions: { ...details, code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argumentName: argument } : {}) } });
    this.name = 'BadUserInputError';
  }
}

/** What an upstream fault carries besides its code; never the upstream body or an internal URL. */
export interface UpstreamErrorDetails {
  /** Which upstream call failed: `capabilities`, `resource` or `subResource`. */
  call: string;
  /** The HTTP status, when there was a response. */
  status?: number;
}

/** An upstream fault, typed by `code`; thrown from the field whose listing failed. */
export class UpstreamError extends GraphQLError {
  readonly upstreamCode: ErrorCode;
  /** For a 429: the pause the upstream asked for (`Retry-After`), in ms, capped. */
  retryAfterMs?: number;
  /** For a 429 whose `Retry-After` asked for more than the cap: what it asked for, in ms (for the log). */
  retryAfterAskedMs?: number;
  /** True when the operation's own deadline, not the upstream, ended the wait. */
  deadlineExceeded = false;

  constructor(code: ErrorCode, message: string, details: UpstreamErrorDetails, cause?: unknown) {
    super(message, {
      extensions: { code, upstream: { call: details.call, ...(details.status ? { status: details.status } : {}) } },
      originalError: cause instanceof Error ? cause : undefined,
    });
    this.name = 'UpstreamError';
    this.upstreamCode = code;
  }
}

/** True when `error` is the upstream's 404 for an unknown name. */
export function isUpstreamNotFound(error: unknown): boolean {
  return error instanceof UpstreamError && error.upstreamCode === ErrorCode.UPSTREAM_NOT_FOUND;
}

/** Which cap refused a subscription or a connection. */
export type SubscriptionCap = 'process' | 'client' | 'connection';

/** `TOO_MANY_SUBSCRIPTIONS` (HTTP 429): `extensions.limit` names the cap (the process, the client's address, the connection), `max` its value. */
export class TooManySubscriptionsError extends GraphQLError {
  constructor(limit: SubscriptionCap, max: number, what = 'subscriptions') {
    const holder =
      limit === 'process' ? 'this server'
      : limit === 'client' ? 'your address'
      : 'this connection';
    super(`Too many ${what}: ${holder} holds ${max}, the most allowed. End some before opening others.`, {
      extensions: { code: ErrorCode.TOO_MANY_SUBSCRIPTIONS, limit, max, http: { status: 429 } },
    });
    this.name = 'TooManySubscriptionsError';
  }
}

/** `TOO_MANY_EXPORTS` (HTTP 429): `extensions.limit` names the cap (the process, the client's address), `max` its value. */
export class TooManyExportsError extends GraphQLError {
  constructor(limit: 'process' | 'client', max: number) {
    const holder = limit === 'process' ? 'this server streams' : 'your address receives';
    super(`Too many exports at once: ${holder} ${max}, the most allowed. Ask again once one has ended.`, {
      extensions: { code: ErrorCode.TOO_MANY_EXPORTS, limit, max, http: { status: 429 } },
    });
    this.name = 'TooManyExportsError';
  }
}

/** `SUBSCRIBER_TOO_SLOW`: the subscription was ended because `maxQueued` events waited for its subscriber; subscribe again to resume. */
export class SubscriberTooSlowError extends GraphQLError {
  constructor(maxQueued: number) {
    super(`More than ${maxQueued} changes waited for this subscriber; the subscription was ended. Subscribe again to resume.`, {
      extensions: { code: ErrorCode.SUBSCRIBER_TOO_SLOW, maxQueued },
    });
    this.name = 'SubscriberTooSlowError';
  }
}
