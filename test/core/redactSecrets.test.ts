import { REDACTED, redactSecrets, redactText } from '../../src/core/redactSecrets';

describe('redactText()', () => {
  it.each([
    ['redis://:s3cret@redis.internal:6379/0', `redis://:${REDACTED}@redis.internal:6379/0`],
    ['rediss://default:s3cret@redis.internal:6380', `rediss://default:${REDACTED}@redis.internal:6380`],
    ['connect to postgres://app:pa55w0rd@db.internal/geopf failed', `connect to postgres://app:${REDACTED}@db.internal/geopf failed`],
    ['https://ghp_abcdef123@example.org/x', `https://${REDACTED}@example.org/x`],
    ['Authorization: Bearer eyJhbGciOi.J9.sig', `Authorization: Bearer ${REDACTED}`],
    ['basic dXNlcjpwYXNz', `basic ${REDACTED}`],
    ['https://data.geopf.fr/telechargement/capabilities?limit=50&page=1', 'https://data.geopf.fr/telechargement/capabilities?limit=50&page=1'],
    ['redis://127.0.0.1:6390/2', 'redis://127.0.0.1:6390/2'],
  ])('%s → %s', (text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });
});

describe('redactSecrets()', () => {
  it('replaces secret-named fields at any depth and passwords in URLs, keeping the rest', () => {
    const fields = {
      call: 'capabilities',
      headers: { Authorization: 'Bearer abc.def', cookie: 'session=1', accept: 'application/atom+xml' },
      nested: [{ accessToken: 'tok-1', deep: { refresh_token: 'tok-2', password: 'pw', apiKey: 'k' } }],
      redisUrl: 'redis://:s3cret@redis:6379',
      error: new Error('could not reach postgres://app:pa55@db/geopf'),
      count: 3,
      missing: null,
    };
    expect(redactSecrets(fields)).toEqual({
      call: 'capabilities',
      headers: { Authorization: REDACTED, cookie: REDACTED, accept: 'application/atom+xml' },
      nested: [{ accessToken: REDACTED, deep: { refresh_token: REDACTED, password: REDACTED, apiKey: REDACTED } }],
      redisUrl: `redis://:${REDACTED}@redis:6379`,
      error: { name: 'Error', message: `could not reach postgres://app:${REDACTED}@db/geopf` },
      count: 3,
      missing: null,
    });
  });

  it('survives cycles', () => {
    const loop: Record<string, unknown> = { name: 'a' };
    loop['self'] = loop;
    expect(redactSecrets(loop)).toEqual({ name: 'a', self: '[Circular]' });
  });
});
