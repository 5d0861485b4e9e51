import { readConfig } from '../src/config';

describe('readConfig()', () => {
  it('uses the documented defaults', () => {
    expect(readConfig({})).toEqual({
      port: 4000,
      baseUrl: 'https://data.geopf.fr/telechargement',
      rateLimit: 10,
      timeoutMs: 15000,
      maxAttempts: 3,
      banSeconds: 5,
      deadlineMs: 30000,
      cacheTtlSeconds: 300,
      cacheMaxMb: 64,
      queryCostBudget: 300,
      redisUrl: null,
      redisKeyPrefix: 'geopf:',
      replicas: 1,
      catalogue: { enabled: true, dataDir: './data', databaseUrl: null, syncIntervalSeconds: 900, fullSyncHours: 24, syncShare: 0.5 },
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
        GEOPF_CATALOGUE: 'off',
        GEOPF_DATA_DIR: '/var/lib/geopf',
        DATABASE_URL: 'postgres://geopf@db/geopf',
        GEOPF_SYNC_INTERVAL_SECONDS: '60',
        GEOPF_FULL_SYNC_HOURS: '6',
        GEOPF_SYNC_SHARE: '0.25',
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
      catalogue: { enabled: false, dataDir: '/var/lib/geopf', databaseUrl: 'postgres://geopf@db/geopf', syncIntervalSeconds: 60, fullSyncHours: 6, syncShare: 0.25 },
    });
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
    [{ GEOPF_CATALOGUE: 'maybe' }, /^GEOPF_CATALOGUE: expected on or off, got "maybe"$/],
    [{ GEOPF_SYNC_SHARE: '0' }, /^GEOPF_SYNC_SHARE: expected a number in \(0, 1\], got "0"$/],
    [{ GEOPF_SYNC_SHARE: '1.5' }, /^GEOPF_SYNC_SHARE: expected a number in \(0, 1\]/],
    [{ DATABASE_URL: 'mysql://u:secret@h/db' }, /^DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:\/\/\*\*\*@h\/db"$/],
  ])('refuses %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
