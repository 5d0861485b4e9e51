/** Everything the process reads from its environment, validated once. */
export interface Config {
  /** `PORT`: where `/graphql` is served. Default 4000. */
  port: number;
  /** `GEOPF_BASE_URL`: the upstream. Default `https://data.geopf.fr/telechargement`. */
  baseUrl: string;
  /** `GEOPF_RATE_LIMIT`: upstream requests started per second, all operations together. Default 10. */
  rateLimit: number;
  /** `GEOPF_TIMEOUT_MS`: per upstream request. Default 15000. */
  timeoutMs: number;
  /** `GEOPF_MAX_ATTEMPTS`: attempts per upstream request (5xx, lost connections, timeouts, 429s are retried). Default 3. */
  maxAttempts: number;
  /** `GEOPF_BAN_SECONDS`: pause of every upstream request after a 429 without `Retry-After`. Default 5. */
  banSeconds: number;
  /** `OPERATION_DEADLINE_MS`: after this, an operation's remaining fields fail with `UPSTREAM_TIMEOUT`. Default 30000. */
  deadlineMs: number;
  /** `GEOPF_CACHE_TTL_SECONDS`: how long a page is served from the shared cache; 0 disables it. Default 300. */
  cacheTtlSeconds: number;
  /** `GEOPF_CACHE_MAX_MB`: memory bound of the shared cache. Default 64. */
  cacheMaxMb: number;
  /** `QUERY_COST_BUDGET`: largest estimated number of upstream requests an operation may need. Default 300. */
  queryCostBudget: number;
  /** `REDIS_URL`: replicas share the rate budget, the 429 pause and the page cache through it. Unset: in-process only. */
  redisUrl: string | null;
  /** `REDIS_KEY_PREFIX`: prefix of every Redis key. Default `geopf:`. */
  redisKeyPrefix: string;
  /** `GEOPF_REPLICAS`: replicas sharing the budget; while Redis is unreachable each runs at rate / replicas. Default 1. */
  replicas: number;
  /** `WATCH_ADMIN_TOKEN`: bearer token of `createWatch`, `deleteWatch` and `watches`. Unset: webhook watches are disabled. */
  watchAdminToken: string | null;
  /** `WEBHOOK_ALLOWED_HOSTS`: comma-separated host names webhooks may reach even on loopback or private addresses. */
  webhookAllowedHosts: string[];
}

export const DEFAULT_BASE_URL = 'https://data.geopf.fr/telechargement';

/** Reads and validates the configuration; throws a `TypeError` saying "expected X, got Y" on a bad value. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    baseUrl: httpUrl(env, 'GEOPF_BASE_URL', DEFAULT_BASE_URL),
    rateLimit: integer(env, 'GEOPF_RATE_LIMIT', 10, 1, 1000),
    timeoutMs: integer(env, 'GEOPF_TIMEOUT_MS', 15000, 1, 600000),
    maxAttempts: integer(env, 'GEOPF_MAX_ATTEMPTS', 3, 1, 10),
    banSeconds: integer(env, 'GEOPF_BAN_SECONDS', 5, 0, 3600),
    deadlineMs: integer(env, 'OPERATION_DEADLINE_MS', 30000, 1, 600000),
    cacheTtlSeconds: integer(env, 'GEOPF_CACHE_TTL_SECONDS', 300, 0, 86400),
    cacheMaxMb: integer(env, 'GEOPF_CACHE_MAX_MB', 64, 1, 16384),
    queryCostBudget: integer(env, 'QUERY_COST_BUDGET', 300, 1, 100000),
    redisUrl: redisUrl(env),
    redisKeyPrefix: env['REDIS_KEY_PREFIX']?.trim() || 'geopf:',
    replicas: integer(env, 'GEOPF_REPLICAS', 1, 1, 1000),
    watchAdminToken: watchAdminToken(env),
    webhookAllowedHosts: (env['WEBHOOK_ALLOWED_HOSTS'] ?? '').split(',').map((host) => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')).filter((host) => host !== ''),
  };
}

function integer(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new TypeError(`${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function httpUrl(env: Readonly<Record<string, string | undefined>>, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new TypeError(`${name}: expected an http(s) URL without query or fragment, got ${JSON.stringify(raw)}`);
  }
  return raw.replace(/\/+$/, '');
}

function redisUrl(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env['REDIS_URL']?.trim();
  if (!raw) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) {
    throw new TypeError(`REDIS_URL: expected a redis:// or rediss:// URL, got ${JSON.stringify(raw.replace(/\/\/[^@]*@/, '//***@'))}`);
  }
  return raw;
}

function watchAdminToken(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env['WATCH_ADMIN_TOKEN']?.trim();
  if (!raw) return null;
  if (raw.length < 16 || /\s/.test(raw)) throw new TypeError(`WATCH_ADMIN_TOKEN: expected at least 16 characters without spaces, got ${raw.length} characters`);
  return raw;
}
