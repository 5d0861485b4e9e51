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
      watchAdminToken: null,
      webhookAllowedHosts: [],
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
        WATCH_ADMIN_TOKEN: ' 0123456789abcdef ',
        WEBHOOK_ALLOWED_HOSTS: 'hooks.internal, [::1],127.0.0.1',
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
      watchAdminToken: '0123456789abcdef',
      webhookAllowedHosts: ['hooks.internal', '::1', '127.0.0.1'],
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
    [{ WATCH_ADMIN_TOKEN: 'short' }, /^WATCH_ADMIN_TOKEN: expected at least 16 characters without spaces, got 5 characters$/],
  ])('refuses %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
