import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeReport } from '../../src/conformance/runProbe';
import { FakeGeopfServer } from '../fakeUpstream/FakeGeopfServer';
import { maxArrivalsInWindow } from '../fakeUpstream/rateWindow';

// One run paces itself for real (about 13 requests, half a second apart), after tsx has compiled the probe.
jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');

/** `npm run check:upstream` as package.json runs it (node with tsx), with the user's environment and `env`; resolves once it exited. */
function checkUpstream(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { NODE_ENV: _testEnv, GEOPF_BASE_URL: _base, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/conformance/main.ts'), ...args], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm run check:upstream (src/conformance/main.ts)', () => {
  const server = new FakeGeopfServer({ sizedDownloads: true });
  let baseUrl = '';
  let directory = '';

  beforeAll(async () => {
    baseUrl = await server.start();
    directory = mkdtempSync(join(tmpdir(), 'check-upstream-'));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => server.clearRequests());

  it('against a conforming upstream: a table of passes, the JSON report in --out, exit 0, at most 2 requests in any second of real time', async () => {
    const out = join(directory, 'report.json');
    const { code, stdout, stderr } = await checkUpstream({ GEOPF_BASE_URL: baseUrl }, ['--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Conformance of http:\/\/127\.0\.0\.1:\d+\/telechargement\n/);
    expect(stdout).toMatch(/^RESULT +CHECK +GRADE +SAW$/m);
    expect(stdout).toMatch(/^pass +edition-order +C +ADMIN-EXPRESS-COG zone=FRA format=SHP: 2023-05-03, 2024-01-01, 2026-01-01/m);
    expect(stdout).toMatch(/\n13 pass, 0 deviate, 0 could not tell\. Exit code 0: no deviation\.\n$/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ProbeReport;
    expect(report.checks.map((check) => check.result)).toEqual(Array(13).fill('pass'));
    expect(report.userAgent).toMatch(/^geopf-download-subgraph\/\d+\.\d+\.\d+ \(GraphQL federation subgraph; Node\.js /);
    // The pace, on the fake's own clock: arrivals as the upstream would count them.
    const arrivals = server.requests.map((request) => request.at);
    expect(arrivals).toHaveLength(report.requests.length);
    expect(arrivals.length).toBeLessThanOrEqual(30);
    expect(maxArrivalsInWindow(arrivals, 1000)).toBeLessThanOrEqual(2);
    expect(Math.min(...arrivals.slice(1).map((at, index) => at - (arrivals[index] as number)))).toBeGreaterThanOrEqual(500);
  });

  it('with --json against an unreachable base: the JSON report on stdout and exit 3', async () => {
    const { code, stdout } = await checkUpstream({ GEOPF_BASE_URL: `http://127.0.0.1:${await closedPort()}/telechargement` }, ['--json']);
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as ProbeReport;
    expect(report.stopped?.kind).toBe('unreachable');
    expect(report.exitCode).toBe(3);
  });

  it('with a bad GEOPF_BASE_URL: exit 2, a message naming the variable, nothing sent', async () => {
    const { code, stdout, stderr } = await checkUpstream({ GEOPF_BASE_URL: `${baseUrl}?page=2` });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^GEOPF_BASE_URL: expected an http\(s\) URL without query or fragment, got "http:\/\/127\.0\.0\.1:\d+\/telechargement\?page=2"\n/);
    expect(server.requests).toEqual([]);
  });

  it('with an unknown argument, or --out in a missing directory: exit 2 before sending anything', async () => {
    const unknown = await checkUpstream({ GEOPF_BASE_URL: baseUrl }, ['--quick']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'expected --json, --out FILE or --help, got "--quick"']);
    const missing = await checkUpstream({ GEOPF_BASE_URL: baseUrl }, ['--out', join(directory, 'no', 'such', 'dir', 'r.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--out: expected a file in an existing directory/);
    expect(server.requests).toEqual([]);
  });
});
