import { readConfig, readInteger, readPort } from '../../src/server/config';

describe('readConfig()', () => {
  it('uses the documented defaults', () => {
    expect(readConfig({})).toEqual({
      port: 4000,
      baseUrl: 'https://data.geopf.fr/telechargement',
      rateLimit: 10,
      timeoutMs: 8000,
      maxAttempts: 3,
      banSeconds: 5,
      deadlineMs: 30000,
      cacheTtlSeconds: 300,
      cacheMaxMb: 64,
      queryCostBudget: 300,
      redisUrl: null,
      redisKeyPrefix: 'geopf:',
      replicas: 1,
      shutdownGraceMs: 25000,
      logLevel: 'info',
      tracing: false,
      archiveHeaderMaxBytes: 4 * 1024 * 1024,
      archiveMaxEntries: 50_000,
      archiveMaxAnswerBytes: 16 * 1024 * 1024,
      archiveWorkers: 2,
      archiveDecodeMaxBytes: 32 * 1024 * 1024,
      catalogue: { enabled: true, dataDir: './data', databaseUrl: null, syncIntervalSeconds: 900, fullSyncHours: 24, syncShare: 0.5 },
      watchAdminToken: null,
      webhookAllowedHosts: [],
      subscriptions: { max: 1000, maxPerClient: 100, maxPerConnection: 20, queueMax: 1000, reservationTtlMs: 30_000 },
      connections: { maxPerClient: 256, requestTimeoutMs: 30_000, idleTimeoutMs: 5000 },
      exports: { maxConcurrent: 4, maxPerClient: 2 },
      routerSecret: null,
      mcpToken: null,
      routerInvalidation: null,
      webhookConcurrency: 20,
      webhookReceiverConcurrency: 2,
    });
  });

  it('reads every variable', () => {
    expect(
      readConfig({
        PORT: '8080',
        GEOPF_BASE_URL: 'http://127.0.0.1:9999/telechargement/',
        GEOPF_RATE_LIMIT: '5',
        GEOPF_TIMEOUT_MS: '2000',
        GEOPF_MAX_ATTEMPTS: '1',
        GEOPF_BAN_SECONDS: '300',
        OPERATION_DEADLINE_MS: '10000',
        GEOPF_CACHE_TTL_SECONDS: '0',
        GEOPF_CACHE_MAX_MB: '8',
        QUERY_COST_BUDGET: '50',
        REDIS_URL: 'redis://127.0.0.1:6390/2',
        REDIS_KEY_PREFIX: 'prod:',
        GEOPF_REPLICAS: '3',
        SHUTDOWN_GRACE_MS: '5000',
        LOG_LEVEL: 'DEBUG',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        GEOPF_ARCHIVE_HEADER_MAX_BYTES: '65536',
        GEOPF_ARCHIVE_MAX_ENTRIES: '1000',
        GEOPF_ARCHIVE_MAX_ANSWER_BYTES: '1048576',
        GEOPF_ARCHIVE_WORKERS: '4',
        GEOPF_ARCHIVE_DECODE_MAX_BYTES: '8388608',
        GEOPF_CATALOGUE: 'off',
        GEOPF_DATA_DIR: '/var/lib/geopf',
        DATABASE_URL: 'postgres://geopf@db/geopf',
        GEOPF_SYNC_INTERVAL_SECONDS: '60',
        GEOPF_FULL_SYNC_HOURS: '6',
        GEOPF_SYNC_SHARE: '0.25',
        WATCH_ADMIN_TOKEN: ' 0123456789abcdef ',
        WEBHOOK_ALLOWED_HOSTS: 'hooks.internal, [::1],127.0.0.1',
        SUBSCRIPTIONS_MAX: '500',
        SUBSCRIPTIONS_MAX_PER_CLIENT: '50',
        SUBSCRIPTIONS_MAX_PER_CONNECTION: '10',
        SUBSCRIPTION_QUEUE_MAX: '20',
        SSE_RESERVATION_TTL_SECONDS: '5',
        CONNECTIONS_MAX_PER_CLIENT: '64',
        EXPORTS_MAX_CONCURRENT: '8',
        EXPORTS_MAX_PER_CLIENT: '1',
        HTTP_REQUEST_TIMEOUT_MS: '10000',
        HTTP_IDLE_TIMEOUT_MS: '2000',
        GEOPF_ROUTER_SECRET: 'router-secret-0123456789',
        MCP_TOKEN: 'mcp-token-0123456789abc',
        GEOPF_ROUTER_INVALIDATION_URL: 'http://router.internal:4000/invalidation',
        GEOPF_ROUTER_INVALIDATION_KEY: 'key',
        GEOPF_ROUTER_SUBGRAPH_NAME: 'downloads',
        WEBHOOK_CONCURRENCY: '8',
        WEBHOOK_RECEIVER_CONCURRENCY: '1',
      }),
    ).toEqual({
      port: 8080,
      baseUrl: 'http://127.0.0.1:9999/telechargement',
      rateLimit: 5,
      timeoutMs: 2000,
      maxAttempts: 1,
      banSeconds: 300,
      deadlineMs: 10000,
      cacheTtlSeconds: 0,
      cacheMaxMb: 8,
      queryCostBudget: 50,
      redisUrl: 'redis://127.0.0.1:6390/2',
      redisKeyPrefix: 'prod:',
      replicas: 3,
      shutdownGraceMs: 5000,
      logLevel: 'debug',
      tracing: true,
      archiveHeaderMaxBytes: 65536,
      archiveMaxEntries: 1000,
      archiveMaxAnswerBytes: 1048576,
      archiveWorkers: 4,
      archiveDecodeMaxBytes: 8388608,
      catalogue: {
        enabled: false,
        dataDir: '/var/lib/geopf',
        databaseUrl: 'postgres://geopf@db/geopf',
        syncIntervalSeconds: 60,
        fullSyncHours: 6,
        syncShare: 0.25,
      },
      watchAdminToken: '0123456789abcdef',
      webhookAllowedHosts: ['hooks.internal', '::1', '127.0.0.1'],
      subscriptions: { max: 500, maxPerClient: 50, maxPerConnection: 10, queueMax: 20, reservationTtlMs: 5000 },
      connections: { maxPerClient: 64, requestTimeoutMs: 10_000, idleTimeoutMs: 2000 },
      exports: { maxConcurrent: 8, maxPerClient: 1 },
      routerSecret: 'router-secret-0123456789',
      mcpToken: 'mcp-token-0123456789abc',
      routerInvalidation: { url: 'http://router.internal:4000/invalidation', sharedKey: 'key', subgraphName: 'downloads' },
      webhookConcurrency: 8,
      webhookReceiverConcurrency: 1,
    });
  });

  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, true],
    [{ OTEL_SERVICE_NAME: 'x' }, false],
  ])('traces with %j: %s', (env, tracing) => {
    expect(readConfig(env).tracing).toBe(tracing);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: expected an integer from 0 to 65535, got "abc"$/],
    [{ PORT: '70000' }, /^PORT: expected an integer from 0 to 65535, got "70000"$/],
    [{ GEOPF_RATE_LIMIT: '0' }, /^GEOPF_RATE_LIMIT: expected an integer from 1 to 1000, got "0"$/],
    [{ GEOPF_RATE_LIMIT: '2.5' }, /^GEOPF_RATE_LIMIT: expected an integer/],
    [{ GEOPF_BASE_URL: 'ftp://x' }, /^GEOPF_BASE_URL: expected an http\(s\) URL without query or fragment, got "ftp:\/\/x"$/],
    [{ GEOPF_BASE_URL: 'https://h/x?a=1' }, /^GEOPF_BASE_URL: expected an http\(s\) URL/],
    [{ GEOPF_BASE_URL: 'not a url' }, /^GEOPF_BASE_URL: expected an http\(s\) URL/],
    [{ REDIS_URL: 'http://user:secret@h:6379' }, /^REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/\*\*\*@h:6379"$/],
    [{ GEOPF_REPLICAS: '0' }, /^GEOPF_REPLICAS: expected an integer from 1 to 1000/],
    [{ SUBSCRIPTIONS_MAX_PER_CLIENT: '0' }, /^SUBSCRIPTIONS_MAX_PER_CLIENT: expected an integer from 1 to 1000000, got "0"$/],
    [{ SUBSCRIPTION_QUEUE_MAX: '-5' }, /^SUBSCRIPTION_QUEUE_MAX: expected an integer from 1 to 100000, got "-5"$/],
    [{ SSE_RESERVATION_TTL_SECONDS: 'x' }, /^SSE_RESERVATION_TTL_SECONDS: expected an integer from 1 to 3600, got "x"$/],
    [{ HTTP_IDLE_TIMEOUT_MS: '1' }, /^HTTP_IDLE_TIMEOUT_MS: expected an integer from 1000 to 600000, got "1"$/],
    // Set but empty is a mistake (a shell or compose file that lost its value), never the default.
    [{ PORT: '' }, /^PORT: expected an integer from 0 to 65535, got "" \(unset it for the default, 4000\)$/],
    [{ GEOPF_RATE_LIMIT: '  ' }, /^GEOPF_RATE_LIMIT: expected an integer from 1 to 1000, got " {2}" \(unset it for the default, 10\)$/],
    [
      { GEOPF_BASE_URL: '' },
      /^GEOPF_BASE_URL: expected an http\(s\) URL without query or fragment, got "" \(unset it for the default, https:\/\/data\.geopf\.fr\/telechargement\)$/,
    ],
    [{ REDIS_URL: '' }, /^REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL, got "" \(unset it for no Redis\)$/],
    [{ REDIS_KEY_PREFIX: '' }, /^REDIS_KEY_PREFIX: expected a non-empty key prefix, got "" \(unset it for the default, "geopf:"\)$/],
    [{ LOG_LEVEL: 'verbose' }, /^LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal, silent, got "verbose"$/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /^OTEL_EXPORTER_OTLP_PROTOCOL: expected http\/protobuf/],
    [{ GEOPF_ARCHIVE_HEADER_MAX_BYTES: '100' }, /^GEOPF_ARCHIVE_HEADER_MAX_BYTES: expected an integer from 4096 to 268435456, got "100"$/],
    [{ GEOPF_ARCHIVE_MAX_ENTRIES: '0' }, /^GEOPF_ARCHIVE_MAX_ENTRIES: expected an integer from 1 to 10000000, got "0"$/],
    [{ GEOPF_ARCHIVE_MAX_ANSWER_BYTES: '1000' }, /^GEOPF_ARCHIVE_MAX_ANSWER_BYTES: expected an integer from 65536 to 1073741824, got "1000"$/],
    [{ GEOPF_ARCHIVE_WORKERS: '0' }, /^GEOPF_ARCHIVE_WORKERS: expected an integer from 1 to 64, got "0"$/],
    [{ GEOPF_ARCHIVE_DECODE_MAX_BYTES: 'lots' }, /^GEOPF_ARCHIVE_DECODE_MAX_BYTES: expected an integer from 1048576 to 4294967296, got "lots"$/],
    [{ GEOPF_CATALOGUE: 'maybe' }, /^GEOPF_CATALOGUE: expected on or off, got "maybe"$/],
    [{ WEBHOOK_RECEIVER_CONCURRENCY: '0' }, /^WEBHOOK_RECEIVER_CONCURRENCY: expected an integer from 1 to 100, got "0"$/],
    [{ WEBHOOK_CONCURRENCY: '-1' }, /^WEBHOOK_CONCURRENCY: expected an integer from 1 to 1000, got "-1"$/],
    [{ GEOPF_SYNC_SHARE: '0' }, /^GEOPF_SYNC_SHARE: expected a number in \(0, 1\], got "0"$/],
    [{ GEOPF_SYNC_SHARE: '1.5' }, /^GEOPF_SYNC_SHARE: expected a number in \(0, 1\]/],
    [{ DATABASE_URL: '' }, /^DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "" \(unset it for the embedded SQLite store\)$/],
    [{ GEOPF_DATA_DIR: ' ' }, /^GEOPF_DATA_DIR: expected a directory path, got " " \(unset it for the default, \.\/data\)$/],
    [{ DATABASE_URL: 'mysql://u:secret@h/db' }, /^DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:\/\/\*\*\*@h\/db"$/],
    [{ WATCH_ADMIN_TOKEN: 'short' }, /^WATCH_ADMIN_TOKEN: expected at least 16 characters without spaces, got 5 characters$/],
    [{ GEOPF_ROUTER_SECRET: 'short' }, /^GEOPF_ROUTER_SECRET: expected at least 16 characters without spaces, got 5 characters$/],
    [
      { GEOPF_ROUTER_INVALIDATION_URL: 'http://router/invalidation' },
      /^GEOPF_ROUTER_INVALIDATION_KEY: expected it set with GEOPF_ROUTER_INVALIDATION_URL, got it unset$/,
    ],
    [{ GEOPF_ROUTER_INVALIDATION_KEY: 'key' }, /^GEOPF_ROUTER_INVALIDATION_URL: expected it set with GEOPF_ROUTER_INVALIDATION_KEY, got it unset$/],
    [
      { GEOPF_ROUTER_INVALIDATION_URL: '' },
      /^GEOPF_ROUTER_INVALIDATION_URL: expected an http\(s\) URL without query or fragment, got "" \(unset it for no invalidation\)$/,
    ],
    [{ GEOPF_ROUTER_INVALIDATION_URL: 'router:4000', GEOPF_ROUTER_INVALIDATION_KEY: 'key' }, /^GEOPF_ROUTER_INVALIDATION_URL: expected an http\(s\) URL/],
    [
      { GEOPF_ROUTER_INVALIDATION_URL: 'http://router/invalidation', GEOPF_ROUTER_INVALIDATION_KEY: 'a key' },
      /^GEOPF_ROUTER_INVALIDATION_KEY: expected the router's shared key, without spaces/,
    ],
  ])('refuses %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});

describe('readPort() and readInteger(), for the demo and the examples', () => {
  it('reads a set value, takes the default when unset, and refuses an empty or bad one as readConfig does', () => {
    expect(readPort({ GATEWAY_PORT: '4100' }, 'GATEWAY_PORT', 4000)).toBe(4100);
    expect(readPort({}, 'GATEWAY_PORT', 4000)).toBe(4000);
    expect(() => readPort({ GATEWAY_PORT: '' }, 'GATEWAY_PORT', 4000)).toThrow(
      'GATEWAY_PORT: expected an integer from 0 to 65535, got "" (unset it for the default, 4000)',
    );
    expect(() => readPort({ GATEWAY_PORT: '4000x' }, 'GATEWAY_PORT', 4000)).toThrow('GATEWAY_PORT: expected an integer from 0 to 65535, got "4000x"');
    expect(readInteger({ REPLICAS: '2' }, 'REPLICAS', 3, 1, 16)).toBe(2);
    expect(() => readInteger({ REPLICAS: '0' }, 'REPLICAS', 3, 1, 16)).toThrow('REPLICAS: expected an integer from 1 to 16, got "0"');
  });
});
