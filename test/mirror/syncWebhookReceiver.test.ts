import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import type { FakeResource } from '../fakeUpstream/catalogue';
import { addEdition } from '../fakeUpstream/catalogueChanges';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { storesForSuite } from '../helpers/testStores';
import { CoalescingRunner } from '../../examples/syncWebhook/CoalescingRunner';
import { archiveAndCompanion, testEdition, testProduct } from './mirrorHarness';

jest.setTimeout(180_000);

const root = join(__dirname, '..', '..');
const TOKEN = 'test-admin-token-0123456789';
const CREATE = 'mutation ($url: String!) { createWatch(filter: { resources: ["BDTOPO"], kinds: [EDITION_ADDED] }, url: $url) { secret } }';

/** A loopback port nothing listens on (taken, then freed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('examples/syncWebhook/receiver.ts: a signed webhook runs the same code path as geopf-sync', () => {
  const stores = storesForSuite('sqlite');
  let subgraph: SubgraphUnderTest;
  let work: string;
  afterEach(async () => {
    await subgraph?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses a forged delivery (401, no run), syncs the copy when the subgraph delivers a new edition, and stops with 0 on SIGTERM', async () => {
    const bytes = new Map<string, Buffer>();
    const catalogue: FakeResource[] = [testProduct('BDTOPO', [testEdition('BDTOPO', 'D029', '2025-06-15', archiveAndCompanion(50_000, 1), bytes)])];
    const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
    subgraph = await startSubgraph({
      upstreamRate: 50,
      fake: { catalogue, fileBytes: bytes },
      catalogue: { store: await stores.open(), autoStart: false, syncer: { clock: () => clock.now } },
      watchAdminToken: TOKEN,
      webhookAllowedHosts: ['127.0.0.1'],
      changes: { webhookPollMs: 20 },
    });
    await subgraph.server.catalogue!.syncer.runOnce();
    work = mkdtempSync(join(tmpdir(), 'geopf-sync-hook-'));
    const dir = join(work, 'mirror');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const created = await fetch(subgraph.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: CREATE, variables: { url } }),
    }).then((response) => response.json() as Promise<{ data: { createWatch: { secret: string } } }>);
    const secret = created.data.createWatch.secret;

    const { NODE_ENV: _testEnv, ...env } = process.env;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'examples/syncWebhook/receiver.ts'),
        '--',
        '--endpoint',
        subgraph.server.url,
        '--dir',
        dir,
        '--resource',
        'BDTOPO',
        '--rate',
        '10',
      ],
      { cwd: root, env: { ...env, GEOPF_WEBHOOK_SECRET: secret, RECEIVER_PORT: String(port) }, stdio: 'pipe' },
    );
    let stdout = '';
    const printed: Array<() => void> = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      for (const check of [...printed]) check();
    });
    /** The first match of `pattern` in everything the receiver printed, now or once it prints it. */
    const output = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (!match) return;
          printed.splice(printed.indexOf(check), 1);
          resolve(match);
        };
        printed.push(check);
        check();
      });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await output(/Webhook receiver: http:\/\/127\.0\.0\.1:\d+\//);

    // Signed with another secret: refused before anything runs.
    const payload = JSON.stringify({ type: 'catalogue.edition_added', timestamp: new Date().toISOString(), data: {} });
    const forged = new Webhook(`whsec_${Buffer.from('not the secret of this watch').toString('base64')}`);
    const refused = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': forged.sign('msg_forged', new Date(), payload),
      },
      body: payload,
    });
    expect(refused.status).toBe(401);
    expect((await fetch(url)).status).toBe(405);

    // A new edition, synced: the subgraph delivers, the receiver runs the sync.
    clock.now = new Date(clock.now.getTime() + 3600_000);
    const edition = testEdition('BDTOPO', 'D029', '2026-11-30', archiveAndCompanion(60_000, 2), bytes);
    addEdition(catalogue, 'BDTOPO', edition.name, { when: clock.now.toISOString(), edition });
    await subgraph.server.catalogue!.syncer.runOnce();
    const [, code] = await output(/sync finished: exit (\d)\n/);
    expect(code).toBe('0');
    expect(stdout).toMatch(/^delivery chg_\d+ verified: sync requested$/m);
    expect(stdout).not.toMatch(/msg_forged/);
    expect(readdirSync(join(dir, 'BDTOPO'))).toEqual([edition.name]);
    expect(readdirSync(join(dir, 'BDTOPO', edition.name)).sort()).toEqual([`${edition.name}.7z`, `${edition.name}.md5`]);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('CoalescingRunner', () => {
  it('never runs twice at once, and folds the requests made during a run into one more run', async () => {
    const releases: Array<() => void> = [];
    let running = 0;
    let most = 0;
    let runs = 0;
    const runner = new CoalescingRunner(async () => {
      runs += 1;
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running -= 1;
    });
    runner.request();
    runner.request();
    runner.request();
    expect(runs).toBe(1);
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    releases.shift()!();
    await runner.idle();
    expect([runs, most]).toEqual([2, 1]);
  });
});
