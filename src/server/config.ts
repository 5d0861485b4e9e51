import { LOG_LEVELS, type LogLevel } from '../core/logger';
import type { CatalogueConfig } from '../catalogue/index/startCatalogue';
import type { ExportLimits } from '../delivery/exports/ExportSlots';
import type { SubscriptionSettings } from '../delivery/subscriptions/createSubscriptions';

/** The bounds of client connections. */
export interface ConnectionConfig {
  /** `CONNECTIONS_MAX_PER_CLIENT`: TCP connections one client address may hold open at once; more are refused (429). Default 256. */
  maxPerClient: number;
  /** `HTTP_REQUEST_TIMEOUT_MS`: a request's headers and body must arrive within this (else 408 and the connection closed). Default 30000. */
  requestTimeoutMs: number;
  /** `HTTP_IDLE_TIMEOUT_MS`: a kept-alive connection with no request in progress is closed after this. Default 5000. */
  idleTimeoutMs: number;
}

/** Everything the process reads from its environment, validated once. */
export interface Config {
  /** `PORT`: where `/graphql` is served. Default 4000. */
  port: number;
  /** `GEOPF_BASE_URL`: the upstream. Default `https://data.geopf.fr/telechargement`. */
  baseUrl: string;
  /** `GEOPF_RATE_LIMIT`: upstream requests started per second, all operations together. Default 10. */
  rateLimit: number;
  /**
   * `GEOPF_TIMEOUT_MS`: per upstream request. Default 8000: below the 10 s retry budget, so a timed-out
   * request is retried once, and both attempts end within the 30 s operation deadline.
   */
  timeoutMs: number;
  /** `GEOPF_MAX_ATTEMPTS`: attempts per upstream request (5xx, lost connections, timeouts, 429s are retried). Default 3. */
  maxAttempts: number;
  /** `GEOPF_BAN_SECONDS`: pause of every upstream request after a 429 without `Retry-After`. Default 5. */
  banSeconds: number;
  /** `OPERATION_DEADLINE_MS`: after this, an operation's remaining fields fail with `UPSTREAM_TIMEOUT`. Default 30000. */
  deadlineMs: number;
  /** `GEOPF_CACHE_TTL_SECONDS`: how long a page is served from the page cache; 0 disables it. Default 300. */
  cacheTtlSeconds: number;
  /** `GEOPF_CACHE_MAX_MB`: memory bound of the page cache. Default 64. */
  cacheMaxMb: number;
  /** `QUERY_COST_BUDGET`: largest estimated number of upstream requests an operation may need. Default 300. */
  queryCostBudget: number;
  /** `REDIS_URL`: replicas share the rate budget, the 429 pause and the page cache through it. Unset: in-process only. */
  redisUrl: string | null;
  /** `REDIS_KEY_PREFIX`: prefix of every Redis key. Default `geopf:`. */
  redisKeyPrefix: string;
  /** `GEOPF_ARCHIVE_HEADER_MAX_BYTES`: most bytes read from the upstream (and decoded) for one archive's table of contents. Default 4 MiB. */
  archiveHeaderMaxBytes: number;
  /** `GEOPF_ARCHIVE_MAX_ENTRIES`: most entries of one table of contents, and lines of one md5 companion. Default 50,000. */
  archiveMaxEntries: number;
  /** `GEOPF_ARCHIVE_MAX_ANSWER_BYTES`: most bytes one operation answers in archive entries and checksum lines together. Default 16 MiB. */
  archiveMaxAnswerBytes: number;
  /** `GEOPF_ARCHIVE_WORKERS`: threads parsing and decoding archive headers, for the whole process. Default 2. */
  archiveWorkers: number;
  /** `GEOPF_ARCHIVE_DECODE_MAX_BYTES`: header bytes those threads hold at once (inputs and decoded outputs). Default 32 MiB. */
  archiveDecodeMaxBytes: number;
  /** `GEOPF_REPLICAS`: replicas sharing the budget; while Redis is unreachable each runs at rate / replicas. Default 1. */
  replicas: number;
  /**
   * `SHUTDOWN_GRACE_MS`: on SIGTERM, how long in-flight operations may still run; those not done a moment
   * before it ends are answered with `UPSTREAM_TIMEOUT` on their remaining fields, then the process exits 0.
   * Default 25000: under Kubernetes' default 30 s before SIGKILL, whatever `OPERATION_DEADLINE_MS` is.
   */
  shutdownGraceMs: number;
  /** `LOG_LEVEL`: `trace`, `debug`, `info`, `warn`, `error`, `fatal` or `silent`. Default `info`. */
  logLevel: LogLevel;
  /**
   * Traces are exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`
   * is set, unless `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`; the exporter reads the other
   * standard `OTEL_*` variables itself. Default off.
   */
  tracing: boolean;
  /** `WATCH_ADMIN_TOKEN`: bearer token of `createWatch`, `deleteWatch` and `watches`. Unset: webhook watches are disabled. */
  watchAdminToken: string | null;
  /** `WEBHOOK_ALLOWED_HOSTS`: comma-separated host names webhooks may reach even on loopback or private addresses. */
  webhookAllowedHosts: string[];
  /**
   * `GEOPF_ROUTER_SECRET`: when set, GraphQL requests (`/graphql`: queries, SSE, WebSocket upgrades, router
   * callbacks) without `Router-Authorization: <secret>` get 401, for a subgraph only its router may reach. Unset: no check.
   */
  routerSecret: string | null;
  /** `MCP_TOKEN`: when set, `/mcp` answers 401 without `Authorization: Bearer <token>`. Unset: `/mcp` is open. */
  mcpToken: string | null;
  /** Where catalogue changes invalidate a router's response cache; null when `GEOPF_ROUTER_INVALIDATION_URL` is unset. */
  routerInvalidation: RouterInvalidationConfig | null;
  /** `WEBHOOK_CONCURRENCY`: webhook attempts under way at once, every receiver together. Default 20. */
  webhookConcurrency: number;
  /** `WEBHOOK_RECEIVER_CONCURRENCY`: webhook attempts under way at once to one receiver (a URL origin). Default 2. */
  webhookReceiverConcurrency: number;
  /** The catalogue index (docs/catalogue.md). */
  catalogue: CatalogueConfig;
  /**
   * Subscriptions (docs/notifications.md): `SUBSCRIPTIONS_MAX` (1000), `SUBSCRIPTIONS_MAX_PER_CLIENT` (100) and
   * `SUBSCRIPTIONS_MAX_PER_CONNECTION` (20) cap them per process, client address and connection;
   * `SUBSCRIPTION_QUEUE_MAX` (1000) events may wait for one subscriber before it is dropped;
   * `SSE_RESERVATION_TTL_SECONDS` (30): an SSE reservation whose stream is not opened by then expires.
   */
  subscriptions: SubscriptionSettings;
  /** Client connections: `CONNECTIONS_MAX_PER_CLIENT`, `HTTP_REQUEST_TIMEOUT_MS`, `HTTP_IDLE_TIMEOUT_MS`. */
  connections: ConnectionConfig;
  /** Bulk exports (docs/exports.md): `EXPORTS_MAX_CONCURRENT` (4) streaming at once, `EXPORTS_MAX_PER_CLIENT` (2) to one address. */
  exports: ExportLimits;
}

/** Apollo Router's invalidation endpoint, and what its requests carry. */
export interface RouterInvalidationConfig {
  /** `GEOPF_ROUTER_INVALIDATION_URL`: the router's invalidation endpoint (its `invalidation.listen` and `path`). */
  url: string;
  /** `GEOPF_ROUTER_INVALIDATION_KEY`: the router's `invalidation.shared_key`, sent as the `Authorization` header. */
  sharedKey: string;
  /** `GEOPF_ROUTER_SUBGRAPH_NAME`: this subgraph's name in the supergraph. Default `geopf`. */
  subgraphName: string;
}

export const DEFAULT_BASE_URL = 'https://data.geopf.fr/telechargement';

/**
 * Reads and validates the configuration; throws a `TypeError` saying "expected X, got Y" on a bad value. An unset
 * variable takes its default; a variable set to an empty (or blank) value is a bad value, not the default.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    baseUrl: httpUrl(env, 'GEOPF_BASE_URL', DEFAULT_BASE_URL),
    rateLimit: integer(env, 'GEOPF_RATE_LIMIT', 10, 1, 1000),
    timeoutMs: integer(env, 'GEOPF_TIMEOUT_MS', 8000, 1, 600000),
    maxAttempts: integer(env, 'GEOPF_MAX_ATTEMPTS', 3, 1, 10),
    banSeconds: integer(env, 'GEOPF_BAN_SECONDS', 5, 0, 3600),
    deadlineMs: integer(env, 'OPERATION_DEADLINE_MS', 30000, 1, 600000),
    cacheTtlSeconds: integer(env, 'GEOPF_CACHE_TTL_SECONDS', 300, 0, 86400),
    cacheMaxMb: integer(env, 'GEOPF_CACHE_MAX_MB', 64, 1, 16384),
    queryCostBudget: integer(env, 'QUERY_COST_BUDGET', 300, 1, 100000),
    redisUrl: redisUrl(env),
    redisKeyPrefix: keyPrefix(env, 'REDIS_KEY_PREFIX', 'geopf:'),
    replicas: integer(env, 'GEOPF_REPLICAS', 1, 1, 1000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 25000, 0, 600000),
    logLevel: logLevel(env),
    tracing: tracingEnabled(env),
    archiveHeaderMaxBytes: integer(env, 'GEOPF_ARCHIVE_HEADER_MAX_BYTES', 4 * 1024 * 1024, 4096, 256 * 1024 * 1024),
    archiveMaxEntries: integer(env, 'GEOPF_ARCHIVE_MAX_ENTRIES', 50_000, 1, 10_000_000),
    archiveMaxAnswerBytes: integer(env, 'GEOPF_ARCHIVE_MAX_ANSWER_BYTES', 16 * 1024 * 1024, 65_536, 1024 * 1024 * 1024),
    archiveWorkers: integer(env, 'GEOPF_ARCHIVE_WORKERS', 2, 1, 64),
    archiveDecodeMaxBytes: integer(env, 'GEOPF_ARCHIVE_DECODE_MAX_BYTES', 32 * 1024 * 1024, 1024 * 1024, 4 * 1024 * 1024 * 1024),
    watchAdminToken: watchAdminToken(env),
    routerSecret: secret(env, 'GEOPF_ROUTER_SECRET', 'no check of the router'),
    mcpToken: secret(env, 'MCP_TOKEN', 'no token asked on /mcp'),
    routerInvalidation: routerInvalidation(env),
    webhookAllowedHosts: (env['WEBHOOK_ALLOWED_HOSTS'] ?? '')
      .split(',')
      .map((host) =>
        host
          .trim()
          .toLowerCase()
          .replace(/^\[(.*)\]$/, '$1'),
      )
      .filter((host) => host !== ''),
    webhookConcurrency: integer(env, 'WEBHOOK_CONCURRENCY', 20, 1, 1000),
    webhookReceiverConcurrency: integer(env, 'WEBHOOK_RECEIVER_CONCURRENCY', 2, 1, 100),
    catalogue: {
      enabled: onOff(env, 'GEOPF_CATALOGUE', true),
      dataDir: present(env, 'GEOPF_DATA_DIR', 'a directory path', 'the default, ./data') ?? './data',
      databaseUrl: databaseUrl(env),
      syncIntervalSeconds: integer(env, 'GEOPF_SYNC_INTERVAL_SECONDS', 900, 1, 604800),
      fullSyncHours: integer(env, 'GEOPF_FULL_SYNC_HOURS', 24, 1, 8760),
      syncShare: share(env, 'GEOPF_SYNC_SHARE', 0.5),
    },
    subscriptions: {
      max: integer(env, 'SUBSCRIPTIONS_MAX', 1000, 1, 1_000_000),
      maxPerClient: integer(env, 'SUBSCRIPTIONS_MAX_PER_CLIENT', 100, 1, 1_000_000),
      maxPerConnection: integer(env, 'SUBSCRIPTIONS_MAX_PER_CONNECTION', 20, 1, 10_000),
      queueMax: integer(env, 'SUBSCRIPTION_QUEUE_MAX', 1000, 1, 100_000),
      reservationTtlMs: integer(env, 'SSE_RESERVATION_TTL_SECONDS', 30, 1, 3600) * 1000,
    },
    connections: {
      maxPerClient: integer(env, 'CONNECTIONS_MAX_PER_CLIENT', 256, 1, 1_000_000),
      requestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000),
      idleTimeoutMs: integer(env, 'HTTP_IDLE_TIMEOUT_MS', 5000, 1000, 600_000),
    },
    exports: {
      maxConcurrent: integer(env, 'EXPORTS_MAX_CONCURRENT', 4, 1, 1000),
      maxPerClient: integer(env, 'EXPORTS_MAX_PER_CLIENT', 2, 1, 1000),
    },
  };
}

/** A process setting read from `env` as the subgraph's own are: unset gives `fallback`; empty or out of range throws. */
export function readInteger(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  return integer(env, name, fallback, min, max);
}

/** An http(s) base URL from `env`, read as `GEOPF_BASE_URL` is: no query or fragment, trailing slashes removed. */
export function readHttpUrl(env: Readonly<Record<string, string | undefined>>, name: string, fallback: string): string {
  return httpUrl(env, name, fallback);
}

/** A TCP port from `env` (0 picks a free one), read as `PORT` is. */
export function readPort(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  return integer(env, name, fallback, 0, 65535);
}

// Private: the trimmed value, undefined when unset; an empty or blank value throws, naming the default it does not mean.
function present(env: Readonly<Record<string, string | undefined>>, name: string, expected: string, unsetMeans: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === '') throw new TypeError(`${name}: expected ${expected}, got ${JSON.stringify(raw)} (unset it for ${unsetMeans})`);
  return value;
}

// Private: `on` or `off` (also true/false, 1/0).
function onOff(env: Readonly<Record<string, string | undefined>>, name: string, fallback: boolean): boolean {
  const raw = present(env, name, 'on or off', `the default, ${fallback ? 'on' : 'off'}`)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new TypeError(`${name}: expected on or off, got ${JSON.stringify(env[name])}`);
}

// Private: a share of the rate, in (0, 1].
function share(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = present(env, name, 'a number in (0, 1]', `the default, ${fallback}`);
  if (raw === undefined) return fallback;
  const value = /^\d*\.?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value > 0 && value <= 1)) throw new TypeError(`${name}: expected a number in (0, 1], got ${JSON.stringify(raw)}`);
  return value;
}

// Private: the PostgreSQL URL, null when unset; the message masks a password.
function databaseUrl(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = present(env, 'DATABASE_URL', 'a postgres:// or postgresql:// URL', 'the embedded SQLite store');
  if (raw === undefined) return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new TypeError(`DATABASE_URL: expected a postgres:// or postgresql:// URL, got ${JSON.stringify(raw.replace(/\/\/[^@]*@/, '//***@'))}`);
  }
  return raw;
}

// Private: an integer setting within [min, max].
function integer(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const expected = `an integer from ${min} to ${max}`;
  const raw = present(env, name, expected, `the default, ${fallback}`);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new TypeError(`${name}: expected ${expected}, got ${JSON.stringify(raw)}`);
  return value;
}

// Private: a Redis key prefix, any non-blank text.
function keyPrefix(env: Readonly<Record<string, string | undefined>>, name: string, fallback: string): string {
  return present(env, name, 'a non-empty key prefix', `the default, ${JSON.stringify(fallback)}`) ?? fallback;
}

// Private: an http(s) base URL without query or fragment, trailing slashes removed.
function httpUrl(env: Readonly<Record<string, string | undefined>>, name: string, fallback: string): string {
  const raw = present(env, name, 'an http(s) URL without query or fragment', `the default, ${fallback}`);
  if (raw === undefined) return fallback;
  let url: URL | null;
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

// Private: the Redis URL, null when unset; the message masks a password.
function redisUrl(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = present(env, 'REDIS_URL', 'a redis:// or rediss:// URL', 'no Redis');
  if (raw === undefined) return null;
  let url: URL | null;
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

function logLevel(env: Readonly<Record<string, string | undefined>>): LogLevel {
  const raw = env['LOG_LEVEL']?.trim().toLowerCase();
  if (!raw) return 'info';
  const level = LOG_LEVELS.find((known) => known === raw);
  if (!level) throw new TypeError(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env['LOG_LEVEL'])}`);
  return level;
}

function tracingEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim() || env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (!endpoint) return false;
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return false;
  const exporters = (env['OTEL_TRACES_EXPORTER'] ?? '').split(',').map((name) => name.trim().toLowerCase());
  if (exporters.includes('none')) return false;
  const protocol = env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']?.trim() || env['OTEL_EXPORTER_OTLP_PROTOCOL']?.trim();
  if (protocol && protocol !== 'http/protobuf') {
    throw new TypeError(`OTEL_EXPORTER_OTLP_PROTOCOL: expected http/protobuf (the only protocol this subgraph exports), got ${JSON.stringify(protocol)}`);
  }
  return true;
}

// Private: a shared secret, at least 16 characters without spaces (it travels in a header); null when unset.
function secret(env: Readonly<Record<string, string | undefined>>, name: string, unsetMeans: string): string | null {
  const raw = present(env, name, 'at least 16 characters without spaces', unsetMeans);
  if (raw === undefined) return null;
  if (raw.length < 16 || /\s/.test(raw)) throw new TypeError(`${name}: expected at least 16 characters without spaces, got ${raw.length} characters`);
  return raw;
}

// Private: the invalidation endpoint and its shared key, both or neither.
function routerInvalidation(env: Readonly<Record<string, string | undefined>>): RouterInvalidationConfig | null {
  const given = present(env, 'GEOPF_ROUTER_INVALIDATION_URL', 'an http(s) URL without query or fragment', 'no invalidation');
  const url = given === undefined ? null : httpUrl(env, 'GEOPF_ROUTER_INVALIDATION_URL', '');
  // The router's own key, whatever its length; it travels as a header value, so without spaces.
  const sharedKey = present(env, 'GEOPF_ROUTER_INVALIDATION_KEY', "the router's shared key, without spaces", 'no invalidation') ?? null;
  if (sharedKey !== null && /\s/.test(sharedKey))
    throw new TypeError("GEOPF_ROUTER_INVALIDATION_KEY: expected the router's shared key, without spaces, got a value with spaces");
  if (url === null && sharedKey === null) return null;
  if (url === null || sharedKey === null) {
    const missing = url === null ? 'GEOPF_ROUTER_INVALIDATION_URL' : 'GEOPF_ROUTER_INVALIDATION_KEY';
    throw new TypeError(`${missing}: expected it set with ${url === null ? 'GEOPF_ROUTER_INVALIDATION_KEY' : 'GEOPF_ROUTER_INVALIDATION_URL'}, got it unset`);
  }
  const subgraphName = present(env, 'GEOPF_ROUTER_SUBGRAPH_NAME', 'a subgraph name', 'the default, geopf') ?? 'geopf';
  return { url, sharedKey, subgraphName };
}

function watchAdminToken(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = present(env, 'WATCH_ADMIN_TOKEN', 'at least 16 characters without spaces', 'webhook watches disabled');
  if (raw === undefined) return null;
  if (raw.length < 16 || /\s/.test(raw)) throw new TypeError(`WATCH_ADMIN_TOKEN: expected at least 16 characters without spaces, got ${raw.length} characters`);
  return raw;
}
