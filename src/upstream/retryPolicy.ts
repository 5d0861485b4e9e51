import { ErrorCode, UpstreamError } from '../errors';

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
 * The pause a 429 asks for, in ms: `Retry-After` as seconds or an HTTP date, else `fallbackMs` (the
 * configured ban period). Bounded to [0, 1 hour] so a hostile header cannot freeze us for ever.
 */
export function retryAfterMs(header: string | null, fallbackMs: number, nowEpochMs: number): number {
  const value = header?.trim();
  let ms = fallbackMs;
  if (value && /^\d+$/.test(value)) ms = Number(value) * 1000;
  else if (value && !Number.isNaN(Date.parse(value))) ms = Date.parse(value) - nowEpochMs;
  return Math.min(Math.max(ms, 0), 3_600_000);
}
