import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../../src/core/errors';

describe('docs/errors.md', () => {
  const table = readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');

  it.each(Object.values(ErrorCode))('documents %s, a code the subgraph answers', (code) => {
    expect(table).toMatch(new RegExp(`^\\| [^|]*\`${code}\``, 'm'));
  });
});
