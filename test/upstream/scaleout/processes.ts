import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const root = join(__dirname, '..', '..', '..');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A real `redis-server` (Debian's package) on a free loopback port, with no persistence. */
export interface RedisProcess {
  url: string;
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  await start();
  const kill = async () => {
    const current = child;
    if (!current || current.exitCode !== null) return;
    await new Promise((resolve) => {
      current.once('exit', resolve);
      current.kill('SIGKILL');
    });
  };
  return { url: `redis://127.0.0.1:${port}`, kill, restart: start };
}

/** A subgraph replica: `src/main.ts` in its own Node process, as production runs it. */
export interface Replica {
  url: string;
  /** Every JSON log line it wrote so far. */
  logs: Array<Record<string, unknown>>;
  /** SIGTERM; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/**
 * How long a replica may take to log "subgraph ready" (and to have loaded its place data: the tests measure
 * timing, which the load at start would disturb) before it is killed and its start fails.
 */
const START_TIMEOUT_MS = 50_000;

export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts')], {
    cwd: root,
    // The catalogue index is off unless a test turns it on: its syncer would add upstream requests.
    env: { ...process.env, PORT: '0', GEOPF_CATALOGUE: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let buffered = '';
  let readyUrl: string | null = null;
  let placesLoaded = false;
  const url = await new Promise<string>((resolve, reject) => {
    // A safety net, not a pace: on a loaded machine tsx compiling src/ can take tens of seconds. A replica that
    // never says it is ready is killed, so that a failed start leaves no process behind.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica did not start within ${START_TIMEOUT_MS} ms: ${buffered.slice(0, 500)}`));
    }, START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry['message'] === 'subgraph ready') readyUrl = String(entry['url']);
          // The place data a server loads in the background once listening: loaded (or given up) too.
          if (entry['message'] === 'places ready' || String(entry['message']).startsWith('place data not loaded')) placesLoaded = true;
          if (readyUrl !== null && placesLoaded) {
            clearTimeout(timer);
            resolve(readyUrl);
          }
        } catch {
          // Not a log line (a warning from Node): ignored.
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code}: ${buffered.slice(0, 500)}`));
    });
  });
  return {
    url,
    logs,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
