import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..', '..');
const check = (...args: string[]) => promisify(execFile)(process.execPath, [join(root, 'scripts', 'checkGeneratedTypes.mjs'), ...args], { cwd: root });

describe('scripts/checkGeneratedTypes.mjs', () => {
  it('passes: the committed resolver types match the SDL in schema/', async () => {
    await expect(check()).resolves.toMatchObject({ stdout: expect.stringContaining('Generated types match the SDL') });
  }, 60000);

  it('fails when the SDL changes and the types are not regenerated', async () => {
    const changed = mkdtempSync(join(tmpdir(), 'schema-'));
    try {
      cpSync(join(root, 'schema'), changed, { recursive: true });
      appendFileSync(join(changed, 'File.graphql'), '\nextend type File { checksumAlgorithm: String }\n');
      await expect(check(join(changed, '*.graphql'))).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('Generated types are out of date with the SDL'),
      });
    } finally {
      rmSync(changed, { recursive: true, force: true });
    }
  }, 60000);
});
