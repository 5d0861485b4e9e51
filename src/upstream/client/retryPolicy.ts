import { ErrorCode, UpstreamError } from '../../core/errors';

/** How failed upstream requests are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts: number;
  /** Backoff before the 2nd attempt is drawn from [0, base]; then [0, 2·base], … (full jitter). Default 250 ms. */
  baseDelayMs: number;
  /** Largest backoff. Default 4000 ms. */
  maxDelayMs: number;
  /** No retry starts later than this after the first attempt, waits included. Default 10000 ms. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4000, budgetMs: 10000 };

/**
 * Whether a failure is worth another attempt: 5xx, a lost connection, a request timeout, a 429 (after the
 * gate's pause). Never a 403 (the firewall will refuse again), a 404, a 400 or an unreadable body.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.deadlineExceeded) return false;
  return (
    error.upstreamCode === ErrorCode.UPSTREAM_UNAVAILABLE ||
    error.upstreamCode === ErrorCode.UPSTREAM_TIMEOUT ||
    error.upstreamCode === ErrorCode.UPSTREAM_RATE_LIMITED
  );
}

/** Exponential backoff with full jitter before attempt `attempt + 1` (`attempt` ≥ 1 failed so far). */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Longest pause a 429 may impose on every upstream request: 30 s. The upstream documents a 5 s ban with a
 * `Retry-After` counting down from 5 (a 5-minute ban was tried for a month in 2025). A longer pause would
 * fail every operation (the deadline is 30 s) while the upstream may long be healthy; if it is still
 * banning us after 30 s, the next request meets another 429 and pauses again, at a cost of one request.
 */
export const MAX_PAUSE_MS = 30_000;

/**
 * The pause a 429 asks for, in ms: `Retry-After` as seconds or an HTTP date, else `fallbackMs` (the
 * configured ban period), at least 0 and uncapped; `retryAfterMs` caps it.
 */
export function askedPauseMs(header: string | null, fallbackMs: number, nowEpochMs: number): number {
  const value = header?.trim();
  let ms = fallbackMs;
  if (value && /^\d+$/.test(value)) ms = Number(value) * 1000;
  else if (value && !Number.isNaN(Date.parse(value))) ms = Date.parse(value) - nowEpochMs;
  return Math.max(ms, 0);
}

/** The pause to apply after a 429: `askedPauseMs`, bounded to [0, `MAX_PAUSE_MS`] so a hostile header cannot freeze us. */
export function retryAfterMs(header: string | null, fallbackMs: number, nowEpochMs: number): number {
  return Math.min(askedPauseMs(header, fallbackMs, nowEpochMs), MAX_PAUSE_MS);
}
