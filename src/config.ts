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
  /** The catalogue index (docs/catalogue.md). */
  catalogue: CatalogueConfig;
}

/** Settings of the catalogue index and its syncer. */
export interface CatalogueConfig {
  /** `GEOPF_CATALOGUE`: `on` (default) or `off`. Off: index-backed fields answer INDEX_UNAVAILABLE. */
  enabled: boolean;
  /** `GEOPF_DATA_DIR`: where the embedded SQLite store lives (created at start). Default `./data`. */
  dataDir: string;
  /** `DATABASE_URL`: a `postgres://` URL; when set, the index lives there instead (shared by replicas). */
  databaseUrl: string | null;
  /** `GEOPF_SYNC_INTERVAL_SECONDS`: time between incremental syncs. Default 900. */
  syncIntervalSeconds: number;
  /** `GEOPF_FULL_SYNC_HOURS`: a full re-walk at least this often. Default 24. */
  fullSyncHours: number;
  /** `GEOPF_SYNC_SHARE`: part of the rate the syncer may take while people's requests wait, (0, 1]. Default 0.5. */
  syncShare: number;
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
    catalogue: {
      enabled: onOff(env, 'GEOPF_CATALOGUE', true),
      dataDir: env['GEOPF_DATA_DIR']?.trim() || './data',
      databaseUrl: databaseUrl(env),
      syncIntervalSeconds: integer(env, 'GEOPF_SYNC_INTERVAL_SECONDS', 900, 1, 604800),
      fullSyncHours: integer(env, 'GEOPF_FULL_SYNC_HOURS', 24, 1, 8760),
      syncShare: share(env, 'GEOPF_SYNC_SHARE', 0.5),
    },
  };
}

function onOff(env: Readonly<Record<string, string | undefined>>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new TypeError(`${name}: expected on or off, got ${JSON.stringify(env[name])}`);
}

function share(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d*\.?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value > 0 && value <= 1)) throw new TypeError(`${name}: expected a number in (0, 1], got ${JSON.stringify(raw)}`);
  return value;
}

function databaseUrl(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env['DATABASE_URL']?.trim();
  if (!raw) return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new TypeError(`DATABASE_URL: expected a postgres:// or postgresql:// URL, got ${JSON.stringify(raw.replace(/\/\/[^@]*@/, '//***@'))}`);
  }
  return raw;
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
