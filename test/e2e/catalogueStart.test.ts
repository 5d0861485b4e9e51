import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { openStore } from '../../src/catalogue/store/openStore';
import { buildCatalogue } from '../fakeUpstream/catalogue';
import { damageEditionsTable } from '../helpers/damageStore';
import { startSubgraph } from '../helpers/startSubgraph';

const root = join(__dirname, '..', '..');

// Private: runs src/main.ts until it exits; its exit code and standard error. With `fileSizeLimitKb`, under
// that file size limit (`ulimit -f`): writes past it fail (EFBIG), as on a full disk.
function runMain(env: Record<string, string>, fileSizeLimitKb?: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const node = [process.execPath, '--import', 'tsx', join(root, 'src', 'main.ts')];
    const [command, args] =
      fileSizeLimitKb === undefined ? [node[0] as string, node.slice(1)] : ['bash', ['-c', `ulimit -f ${fileSizeLimitKb} && exec "$@"`, 'bash', ...node]];
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the catalogue at start', () => {
  it('stops the process, naming the path and the cause, when the data directory cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geopf-start-'));
    try {
      writeFileSync(join(dir, 'file'), 'in the way');
      const { code, stderr } = await runMain({
        GEOPF_CATALOGUE: 'on',
        GEOPF_DATA_DIR: join(dir, 'file', 'data'),
        GEOPF_BASE_URL: 'http://127.0.0.1:9/telechargement',
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`the data directory ${join(dir, 'file', 'data')} (GEOPF_DATA_DIR) cannot be created or written`);
      expect(stderr).toMatch(/ENOTDIR|EEXIST/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('stops the process with the database\'s own cause when the disk is full at start (never "cannot rollback")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geopf-start-'));
    try {
      // 40 KiB: the new store's first writes (its schema, in one transaction) do not fit.
      const { code, stderr } = await runMain(
        { GEOPF_CATALOGUE: 'on', GEOPF_DATA_DIR: join(dir, 'data'), GEOPF_BASE_URL: 'http://127.0.0.1:9/telechargement' },
        40,
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^Catalogue store \S+catalogue\.sqlite: SQLITE_IOERR_WRITE: disk I\/O error \(a write failed: the disk may be full, or a file size limit or quota reached\)\n$/,
      );
      expect(stderr).not.toContain('rollback');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('shows the syncer at /metrics: pages read, running, last success, lag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geopf-start-'));
    const store = new CatalogueStore(await openStore({ kind: 'sqlite', dataDir: dir }));
    const subgraph = await startSubgraph({
      upstreamRate: 50,
      fake: { catalogue: buildCatalogue({ resourceCount: 5 }) },
      catalogue: { store, autoStart: false },
    });
    try {
      await subgraph.server.catalogue!.syncer.runOnce();
      const metrics = await (await fetch(subgraph.server.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/^geopf_sync_pages_read_total 6$/m);
      expect(metrics).toMatch(/^geopf_sync_running 0$/m);
      expect(metrics).toMatch(/^geopf_sync_last_success_timestamp_seconds [1-9]\d*(\.\d+)?$/m);
      expect(metrics).toMatch(/^geopf_sync_lag_seconds \d+(\.\d+)?(e-\d+)?$/m);
    } finally {
      await subgraph.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts on a corrupt store, says so at /ready and /metrics, answers index fields INDEX_UNAVAILABLE with the cause, live ones as ever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geopf-start-'));
    await (await openStore({ kind: 'sqlite', dataDir: dir })).close();
    await damageEditionsTable({ kind: 'sqlite', dataDir: dir }, null);
    const subgraph = await startSubgraph({
      fake: { catalogue: buildCatalogue({ resourceCount: 2 }) },
      catalogue: { store: new CatalogueStore(await openStore({ kind: 'sqlite', dataDir: dir })) },
    });
    try {
      const ready = await fetch(subgraph.server.url.replace('/graphql', '/ready'));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        degraded: { catalogue: expect.stringMatching(/^the catalogue store is corrupt: (quick_check: |SQLITE_CORRUPT: ).+/) },
      });
      const metrics = await (await fetch(subgraph.server.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/^geopf_catalogue_store_corrupt 1$/m);
      const answer = await subgraph.query('{ editions(first: 1) { totalCount } catalogue { lastError } resources(first: 1) { totalCount } }');
      expect(answer.data?.['resources']).toEqual({ totalCount: 2 });
      expect(answer.errors?.map((error) => [error.path?.[0], error.extensions?.['code'], error.extensions?.['storeCorrupt']]).sort()).toEqual([
        ['catalogue', 'INDEX_UNAVAILABLE', true],
        ['editions', 'INDEX_UNAVAILABLE', true],
      ]);
      expect(answer.errors?.find((error) => error.path?.[0] === 'editions')?.message).toMatch(
        /^The catalogue store \(sqlite\) is corrupt: (quick_check: |SQLITE_CORRUPT: ).+ It will not come back by itself/,
      );
      // The syncer never ran on it: not one upstream request.
      expect(subgraph.upstreamLog().filter((url) => url.startsWith('capabilities')).length).toBe(1);
    } finally {
      await subgraph.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
