import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode, PUBLIC_ERROR_CODES } from '../../core/errors';

/** The HTTP status of a refused request, by code, when the error does not carry one (`extensions.http.status`). */
const STATUS_OF: Readonly<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.QUERY_TOO_EXPENSIVE]: 400,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FEATURE_DISABLED]: 403,
  [ErrorCode.UPSTREAM_NOT_FOUND]: 404,
  [ErrorCode.EDITION_WITHDRAWN]: 410,
  [ErrorCode.UPSTREAM_BAD_RESPONSE]: 502,
  [ErrorCode.UPSTREAM_FORBIDDEN]: 502,
  [ErrorCode.ARCHIVE_UNREADABLE]: 502,
  [ErrorCode.UPSTREAM_RATE_LIMITED]: 503,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
  [ErrorCode.INDEX_NOT_READY]: 503,
  [ErrorCode.INDEX_UNAVAILABLE]: 503,
  [ErrorCode.UPSTREAM_TIMEOUT]: 504,
};

/** A request refused with a typed answer. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  /** What the client may act on besides the code (`parameter`, a limit and its value…). */
  extensions?: Readonly<Record<string, unknown>>;
  /** Close the connection after answering (a body left unread). */
  close?: boolean;
}

/**
 * The refusal a typed error stands for: its public code, its message, its public extensions, the parameter it
 * names (`argumentName` becomes `parameter`), its status. Null for anything else (a fault: the caller logs it
 * and answers 500 without its message).
 */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof GraphQLError)) return null;
  const { code, http, argumentName, stacktrace: _stacktrace, ...extensions } = error.extensions as Record<string, unknown>;
  if (typeof code !== 'string' || !PUBLIC_ERROR_CODES.has(code)) return null;
  const status = (http as { status?: unknown } | undefined)?.status;
  return {
    status: typeof status === 'number' ? status : (STATUS_OF[code] ?? 400),
    code,
    message: error.message,
    extensions: { ...extensions, ...(typeof argumentName === 'string' ? { parameter: argumentName } : {}) },
  };
}

/**
 * Writes a refusal in GraphQL's error shape, which every door answers with, JSON:
 * `{"errors":[{"message":"…","extensions":{"code":"BAD_USER_INPUT","parameter":"edition"}}]}`. Never cached.
 */
export function writeRefusal(response: ServerResponse, refusal: Refusal): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.statusCode = refusal.status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('cache-control', 'no-store');
  if (refusal.close) response.setHeader('connection', 'close');
  response.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code, ...refusal.extensions } }] }));
}
