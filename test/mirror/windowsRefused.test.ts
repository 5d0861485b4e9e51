import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSync } from './mirrorHarness';

describe('geopf-sync on Windows', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'geopf-sync-win32-'));
    // Node as it runs on Windows, as far as the command's own code can tell: the platform it reports there (the
    // loaders before it, tsx and esbuild, keep seeing the machine's, or they would look for Windows binaries).
    writeFileSync(
      join(work, 'win32.cjs'),
      "const real = process.platform;\nObject.defineProperty(process, 'platform', { get: () => (/src[\\\\/]mirror[\\\\/]main\\.ts/.test(new Error().stack) ? 'win32' : real) });\n",
    );
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses to start, with status 2 and where to run it instead, before touching the folder or the network', async () => {
    const dir = join(work, 'copy');
    const run = await runSync(['--endpoint', 'http://127.0.0.1:9/graphql', '--dir', dir, '--resource', 'BDTOPO'], {
      NODE_OPTIONS: `--require ${join(work, 'win32.cjs')}`,
    });
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({
      code: 2,
      stderr: 'geopf-sync runs on Linux and macOS; on Windows, run it in WSL.\n',
      stdout: '',
    });
    expect(existsSync(dir)).toBe(false);
  });
});
