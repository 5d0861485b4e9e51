import { runWithLogFields } from '../../src/core/logContext';
import { memoryLog } from '../helpers/memoryLog';

describe('createJsonLogger()', () => {
  it('writes one JSON object per line with level, ISO time, message and fields', () => {
    const log = memoryLog();
    log.logger.info('subgraph ready', { url: 'http://localhost:4000/graphql' });
    expect(log.text().split('\n')).toHaveLength(2);
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'subgraph ready',
        url: 'http://localhost:4000/graphql',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
  });

  it('drops lines below LOG_LEVEL', () => {
    const log = memoryLog({ level: 'warn' });
    log.logger.info('dropped');
    log.logger.warn('kept');
    log.logger.error('kept too');
    expect(log.lines.map((line) => [line['level'], line['message']])).toEqual([
      ['warn', 'kept'],
      ['error', 'kept too'],
    ]);
  });

  it('never writes a secret: Authorization header, tokens, REDIS_URL and DATABASE_URL passwords', () => {
    const log = memoryLog();
    log.logger.error('redis unreachable at redis://:redis-pass-1@redis.internal:6379', {
      headers: { authorization: 'Bearer bearer-secret-3', 'x-request-id': 'r-1' },
      token: 'token-secret-4',
      redisUrl: 'rediss://default:redis-pass-5@redis.internal:6380/0',
      databaseUrl: 'postgres://geopf:db-pass-6@db.internal:5432/geopf',
      error: new Error('auth failed for postgres://geopf:db-pass-7@db.internal/geopf'),
    });
    const text = log.text();
    for (const secret of ['redis-pass-1', 'bearer-secret-3', 'token-secret-4', 'redis-pass-5', 'db-pass-6', 'db-pass-7']) expect(text).not.toContain(secret);
    // What helps to debug stays: hosts, users, the request id.
    expect(text).toContain('redis.internal:6379');
    expect(text).toContain('postgres://geopf:[REDACTED]@db.internal:5432/geopf');
    expect(log.lines[0]).toMatchObject({ headers: { authorization: '[REDACTED]', 'x-request-id': 'r-1' }, token: '[REDACTED]' });
  });

  it("adds the current operation's fields to every line, without mixing concurrent operations", async () => {
    const log = memoryLog();
    const operation = (requestId: string) =>
      runWithLogFields({ requestId }, async () => {
        log.logger.info('start');
        await new Promise((resolve) => setImmediate(resolve));
        log.logger.warn('upstream request failed', { call: 'resource' });
      });
    await Promise.all([operation('a'), operation('b')]);
    log.logger.info('outside');
    expect(log.lines.map((line) => [line['message'], line['requestId']])).toEqual([
      ['start', 'a'],
      ['start', 'b'],
      ['upstream request failed', 'a'],
      ['upstream request failed', 'b'],
      ['outside', undefined],
    ]);
  });
});
