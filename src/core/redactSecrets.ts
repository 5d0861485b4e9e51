/** What a secret is replaced with in logs. */
export const REDACTED = '[REDACTED]';

/** Field names whose values are secrets whatever they hold (headers, tokens, passwords), any case. */
const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|password|passwd|pwd|secret|client[-_]?secret|[a-z_-]*token)$/i;
/** The user-info part of a URL, e.g. `redis://:pw@host` or `postgres://app:pw@db`. */
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*)(?::[^\s/?#@]*)?@/gi;
/** Credentials written after an HTTP auth scheme, e.g. `Bearer eyJ…`. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const MAX_DEPTH = 8;

/**
 * A copy of log fields with secrets replaced by `[REDACTED]`: the values of secret-named fields at any depth
 * (`Authorization`, `cookie`, `*token`, `password`…), passwords in URLs anywhere in text (`REDIS_URL`,
 * `DATABASE_URL`: the host stays readable) and `Bearer`/`Basic` credentials. Errors become `{ name, message }`.
 */
export function redactSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) && field !== null && field !== undefined ? REDACTED : redactSecrets(field, depth + 1, seen);
  }
  return copy;
}

/** `text` with URL passwords and HTTP credentials replaced (a user name alone is kept). */
export function redactText(text: string): string {
  return text
    .replace(URL_USER_INFO, (match: string, scheme: string, user: string) =>
      match.slice(scheme.length).includes(':') ? `${scheme}${user}:${REDACTED}@` : `${scheme}${REDACTED}@`,
    )
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`);
}
