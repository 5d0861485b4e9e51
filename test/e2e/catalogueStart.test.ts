import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { openStore } from '../../src/catalogue/store/openStore';
import { buildCatalogue } from '../fakeUpstream/catalogue';
import { startSubgraph } from '../helpers/startSubgraph';

const root = join(__dirname, '..', '..');

// Private: runs src/main.ts until it exits; its exit code and standard error.
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts')], {
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
});
