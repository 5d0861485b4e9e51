import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { waitForOutput } from '../helpers/waitForOutput';

// Each script starts a fake upstream, subgraphs and a gateway (the replicas one also a redis-server).
jest.setTimeout(180_000);

const root = join(__dirname, '..', '..');

/** A script as `npm run` starts it (through tsx here, to skip the build), with the user's environment: no NODE_ENV. */
function runScript(script: string, extraEnv: Record<string, string>, args: string[] = []): ChildProcessWithoutNullStreams {
  const { NODE_ENV: _testEnv, ...env } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: 'pipe' });
}

/** Everything the child printed and its exit code, once it has exited. */
function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function ask(url: string, query: string): Promise<{ data?: any; errors?: Array<{ extensions?: Record<string, unknown> }> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: Array<{ extensions?: Record<string, unknown> }> };
}

const FREE_PORTS = { GATEWAY_PORT: '0' };

describe('npm start (src/main.ts)', () => {
  it('refuses a variable set to an empty value with a clear message and status 1, instead of taking its default', async () => {
    const { code, stderr } = await exited(runScript('src/main.ts', { PORT: '' }));
    expect(code).toBe(1);
    expect(stderr).toBe('PORT: expected an integer from 0 to 65535, got "" (unset it for the default, 4000)\n');
  });
});

describe('npm run supergraph (examples/supergraph/run.ts)', () => {
  it('serves the gateway, answers errors without stack traces, and on SIGTERM stops everything with status 0', async () => {
    const signal = 'SIGTERM';
    const child = runScript('examples/supergraph/run.ts', FREE_PORTS);
    const done = exited(child);
    const [, gatewayUrl, geopfUrl, departementsUrl] = await waitForOutput(
      child,
      /Supergraph gateway:\s+(http:\/\/\S+)\n\s+geopf subgraph:\s+(http:\/\/\S+) [^\n]*\n\s+departements subgraph:\s+(http:\/\/\S+)\n/,
    );

    const paris = await ask(gatewayUrl!, '{ departement(number: "75") { name zone { code } } }');
    expect(paris).toEqual({ data: { departement: { name: 'Paris', zone: { code: 'D075' } } } });
    // A user error from our subgraph, relayed by the gateway: coded, and no stack trace (Apollo adds one outside
    // NODE_ENV=production unless told not to).
    const refused = await ask(gatewayUrl!, '{ resources(first: 1000) { totalCount } }');
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(refused)).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);

    child.kill(signal);
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toContain(`${signal}: stopping…\nStopped.\n`);
    for (const url of [gatewayUrl!, geopfUrl!, departementsUrl!]) expect(await listening(Number(new URL(url).port))).toBe(false);
  });
});

describe('npm run replicas (examples/replicas/run.ts)', () => {
  it('on SIGTERM to npm itself stops the replicas, the gateway and the redis-server it started, and npm exits 0', async () => {
    // Through npm, as a user or a supervisor runs it: the script `exec`s node, so the signal npm forwards reaches
    // it (a shell in between would die of it and leave node and redis-server running without a parent).
    const signal = 'SIGTERM';
    const { NODE_ENV: _testEnv, ...userEnv } = process.env;
    const child = spawn('npm', ['run', '--silent', 'replicas'], {
      cwd: root,
      env: { ...userEnv, ...FREE_PORTS, GEOPF_PORT: '0', REPLICAS: '2' },
      stdio: 'pipe',
    });
    const done = exited(child);
    const [, gatewayUrl, redisPort] = await waitForOutput(
      child,
      /Supergraph gateway: (http:\/\/\S+)\n[^\n]*\n\s+shared through Redis at redis:\/\/127\.0\.0\.1:(\d+) /,
    );
    expect(await listening(Number(redisPort))).toBe(true);
    const paris = await ask(gatewayUrl!, '{ departement(number: "75") { zone { resources(first: 1) { totalCount } } } }');
    expect(paris.errors).toBeUndefined();

    child.kill(signal);
    const { code } = await done;
    expect(code).toBe(0);
    expect(await listening(Number(redisPort))).toBe(false);
    expect(await listening(Number(new URL(gatewayUrl!).port))).toBe(false);
  });

  it('refuses a bad setting with the usual message and status 1, before starting anything', async () => {
    const { code, stdout, stderr } = await exited(runScript('examples/replicas/run.ts', { GATEWAY_PORT: '' }));
    expect(code).toBe(1);
    expect(stderr).toBe('GATEWAY_PORT: expected an integer from 0 to 65535, got "" (unset it for the default, 4000)\n');
    expect(stdout).toBe('');
  });
});
