import { GraphQLError } from 'graphql';
import { BadUserInputError, ErrorCode, UpstreamError } from '../../src/core/errors';
import { createFormatError } from '../../src/graphql/formatError';
import type { Logger } from '../../src/core/logger';

function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = {
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
  return { logger, lines };
}

describe('createFormatError()', () => {
  it('masks an unexpected error and logs its cause', () => {
    const { logger, lines } = recordingLogger();
    const cause = new TypeError('cannot read x of undefined at /srv/app/secret.ts');
    const formatted = createFormatError(logger)(
      { message: cause.message, path: ['resources'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret'] } },
      new GraphQLError(cause.message, { originalError: cause }),
    );
    expect(formatted).toEqual({ message: 'Unexpected error.', path: ['resources'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toContain('cannot read x of undefined');
  });

  it('logs a cause repeated within one answer once, then once with its count', async () => {
    const { logger, lines } = recordingLogger();
    const format = createFormatError(logger);
    const cause = new TypeError('value.includes is not a function');
    for (let index = 0; index < 10_000; index += 1) {
      format(
        { message: cause.message, path: ['_entities', index], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        new GraphQLError(cause.message, { originalError: cause }),
      );
    }
    format({ message: 'other', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError('other', { originalError: new RangeError('other') }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => line.message)).toEqual(['unexpected error', 'unexpected error', 'unexpected error repeated']);
    expect(lines[0]?.fields?.['path']).toEqual(['_entities', 0]);
    expect(lines[2]?.fields).toMatchObject({ repeated: 9_999, error: { message: 'value.includes is not a function' } });
  });

  it.each([
    ['a user error', new BadUserInputError('first: expected an integer from 0 to 100, got -1', 'first')],
    ['an upstream error', new UpstreamError(ErrorCode.UPSTREAM_TIMEOUT, 'The upstream did not answer.', { call: 'capabilities' })],
  ])('lets %s through as it is, without a stack trace', (_name, error) => {
    const { logger, lines } = recordingLogger();
    const formatted = createFormatError(logger)({ message: error.message, extensions: { ...error.extensions, stacktrace: ['x'] } }, error);
    expect(formatted).toEqual({ message: error.message, extensions: error.extensions });
    expect(lines).toHaveLength(0);
  });

  it('lets graphql-js validation errors through', () => {
    const { logger } = recordingLogger();
    const formatted = createFormatError(logger)(
      { message: 'Cannot query field "x" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      null,
    );
    expect(formatted.message).toBe('Cannot query field "x" on type "Query".');
  });
});
