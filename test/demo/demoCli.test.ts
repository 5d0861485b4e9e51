import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../demo/snapshot';
import { waitForOutput } from '../helpers/waitForOutput';

// Compiling the demo as `npm run demo` does takes a few seconds.
jest.setTimeout(180_000);

const root = projectRoot();

/** The exit code, once the child has exited, and everything it printed. */
function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run demo (demo/main.ts compiled with tsconfig.tools.json)', () => {
  let outDir: string;
  // The CLI as a user runs it: no NODE_ENV, so Apollo Server installs its own signal listeners as in real use.
  const env = (extra: Record<string, string>) => {
    const { NODE_ENV: _testEnv, ...rest } = process.env;
    return { ...rest, ...extra };
  };
  const start = (extra: Record<string, string>) => spawn(process.execPath, [join(outDir, 'demo', 'main.js')], { cwd: root, env: env(extra), stdio: 'pipe' });

  beforeAll(async () => {
    // Inside the project (.tmp/ is ignored) so that node_modules and schema/ are found as from dist/.
    mkdirSync(join(root, '.tmp'), { recursive: true });
    outDir = mkdtempSync(join(root, '.tmp', 'demo-cli-'));
    await promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.tools.json', '--outDir', outDir], { cwd: root });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it.each(['SIGINT', 'SIGTERM'] as const)('prints the GraphiQL address, serves the snapshot there, and on %s stops with status 0', async (signal) => {
    const child = start({ PORT: '0' });
    const done = exited(child);
    const [, url] = await waitForOutput(child, /GraphiQL:\s+(http:\/\/\S+\/graphql)/);

    const page = await fetch(url as string, { headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const answer = await fetch(url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ resource(name: "BDORTHO") { title subResources(first: 1) { totalCount } } }' }),
    });
    expect(await answer.json()).toEqual({
      data: { resource: { title: 'BD ORTHO®', subResources: { totalCount: 126 } } },
      // One page of the snapshot's product feed, as the estimate said.
      extensions: { upstream: { estimated: 1, reserved: 0, sent: 1, cacheHits: 0, budget: 300 } },
    });

    child.kill(signal);
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/upstream:\s+http:\/\/127\.0\.0\.1:\d+\/telechargement .*116 products/);
    expect(stdout).toContain(`${signal}: stopping…\nStopped.\n`);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: expected an integer from 0 to 65535, got "abc"'],
    [{ PORT: '' }, 'PORT: expected an integer from 0 to 65535, got "" (unset it for the default, 4000)'],
    // Checked as `npm start` checks it, even though the demo then runs at its own upstream's rate.
    [{ GEOPF_RATE_LIMIT: '0' }, 'GEOPF_RATE_LIMIT: expected an integer from 1 to 1000, got "0"'],
  ])('refuses %j with the usual message and status 1', async (env, message) => {
    const { code, stdout, stderr } = await exited(start(env));
    expect(code).toBe(1);
    expect(stderr).toBe(`${message}\n`);
    expect(stdout).toBe('');
  });
});
