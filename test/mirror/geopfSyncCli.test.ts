import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import type { FakeResource } from '../fakeUpstream/catalogue';
import { addEdition, withdrawEdition } from '../fakeUpstream/catalogueChanges';
import { maxArrivalsInWindow } from '../fakeUpstream/rateWindow';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { storesForSuite } from '../helpers/testStores';
import { archiveAndCompanion, finished, md5, runSync, startSync, testEdition, testProduct } from './mirrorHarness';

// Every run starts node and tsx (a second or two on a loaded machine) and paces its downloads for real.
jest.setTimeout(180_000);

const BDTOPO = 'BDTOPO';
const HOUR = 3600_000;

/** Resolves once `holds()` is true, checked now and at each change in `folder` (a file written, renamed): an event, not a delay. */
function onDisk(folder: string, holds: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(folder, () => {
      if (!holds()) return;
      watcher.close();
      resolve();
    });
    if (holds()) {
      watcher.close();
      resolve();
    }
  });
}

/** The size of a file, -1 when there is none. */
const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : -1);

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('geopf-sync, a child process, against a subgraph over the fake upstream serving real bytes', () => {
  const stores = storesForSuite('sqlite');
  let store: CatalogueStore;
  let subgraph: SubgraphUnderTest;
  let catalogue: FakeResource[];
  let bytes: Map<string, Buffer>;
  let work: string;
  let dir: string;
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
  const sync = () => subgraph.server.catalogue!.syncer.runOnce();
  const later = () => {
    clock.now = new Date(clock.now.getTime() + HOUR);
    return clock.now.toISOString();
  };
  /** The command's arguments for the copy in `dir` of BD TOPO's GeoPackages of Finistère. */
  const args = (...more: string[]) => [
    '--endpoint',
    subgraph.server.url,
    '--dir',
    dir,
    '--resource',
    BDTOPO,
    '--zone',
    '29',
    '--format',
    'GPKG',
    '--rate',
    '10',
    ...more,
  ];
  const downloads = () => subgraph.fake.requests.filter((request) => request.path.includes('/download/'));
  const state = () => JSON.parse(readFileSync(join(dir, '.geopf-sync.json'), 'utf8'));
  /** Every path under `dir`, relative, sorted (folders end with `/`). */
  const tree = (root = dir): string[] =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .map((entry) => `${join(entry.parentPath, entry.name).slice(root.length + 1)}${entry.isDirectory() ? '/' : ''}`)
      .sort();

  beforeEach(async () => {
    clock.now = new Date('2026-12-01T08:00:00.000Z');
    bytes = new Map();
    catalogue = [
      testProduct(BDTOPO, [
        testEdition(BDTOPO, 'D029', '2025-03-15', archiveAndCompanion(300_000, 1), bytes),
        testEdition(BDTOPO, 'D029', '2025-06-15', archiveAndCompanion(400_000, 2), bytes),
        testEdition(BDTOPO, 'D022', '2025-06-15', archiveAndCompanion(200_000, 3), bytes),
      ]),
    ];
    store = await stores.open();
    subgraph = await startSubgraph({
      upstreamRate: 50,
      fake: { catalogue, fileBytes: bytes },
      catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } },
    });
    await sync();
    subgraph.clearUpstream();
    work = mkdtempSync(join(tmpdir(), 'geopf-sync-'));
    dir = join(work, 'mirror');
  });
  afterEach(async () => {
    await subgraph.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('downloads the newest matching edition and writes the state; run again with nothing new, transfers 0 bytes and says up to date', async () => {
    const first = await runSync(args());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const newest = 'BDTOPO_3-4_TOUSTHEMES_GPKG_LAMB93_D029_2025-06-15';
    expect(tree()).toEqual(['.geopf-sync.json', 'BDTOPO/', `BDTOPO/${newest}/`, `BDTOPO/${newest}/${newest}.7z`, `BDTOPO/${newest}/${newest}.md5`]);
    for (const name of [`${newest}.7z`, `${newest}.md5`])
      expect(readFileSync(join(dir, BDTOPO, newest, name)).equals(bytes.get(`${BDTOPO}/${newest}/${name}`)!)).toBe(true);
    expect(downloads().map((request) => [request.path.split('/').pop(), request.headers['range']])).toEqual(
      expect.arrayContaining([
        [`${newest}.7z`, undefined],
        [`${newest}.md5`, undefined],
      ]),
    );
    expect(downloads()).toHaveLength(2);
    const plan = await subgraph.query(`{ syncPlan(filter: { resources: ["${BDTOPO}"] }) { endCursor } }`);
    expect(state()).toMatchObject({
      version: 1,
      cursor: plan.data?.['syncPlan'].endCursor,
      selection: { endpoint: subgraph.server.url, filter: { resources: [BDTOPO], zones: ['29'], formats: ['GPKG'] }, keep: 1 },
      editions: {
        [`${BDTOPO}/${newest}`]: {
          complete: true,
          files: { [`${newest}.7z`]: { size: 400_000, md5: md5(bytes.get(`${BDTOPO}/${newest}/${newest}.7z`)!) } },
        },
      },
    });
    expect(first.stdout).toMatch(new RegExp(`^download BDTOPO/${newest}: 2 files, 390\\.7 KiB$`, 'm'));
    expect(first.stdout).toMatch(/^Done: 1 edition downloaded \(2 files, 390\.7 KiB transferred in [\d.]+ s, [^)]+\), 0 removed; 1 edition held\.$/m);

    subgraph.clearUpstream();
    const second = await runSync(args());
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('Up to date (0 B transferred); 1 edition held.\n');
    expect(downloads()).toEqual([]);
  });

  it('selects by --place as EditionFilter.place reads it: Brest, the Finistère edition and not the Côtes-d’Armor one', async () => {
    const run = await runSync(['--endpoint', subgraph.server.url, '--dir', dir, '--resource', BDTOPO, '--place', 'Brest', '--format', 'GPKG', '--rate', '10']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(tree().filter((path) => /^BDTOPO\/[^/]+\/$/.test(path))).toEqual([`BDTOPO/${OLD}/`]);
    expect(state().selection.filter).toEqual({ resources: [BDTOPO], formats: ['GPKG'], place: 'Brest' });
    const unknown = await runSync(['--endpoint', subgraph.server.url, '--dir', dir, '--resource', BDTOPO, '--place', 'Atlantide-sur-Mer']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/\(BAD_USER_INPUT\): filter\.place: /);
  });

  const OLD = 'BDTOPO_3-4_TOUSTHEMES_GPKG_LAMB93_D029_2025-06-15';
  const OLDER = 'BDTOPO_3-4_TOUSTHEMES_GPKG_LAMB93_D029_2025-03-15';
  /** Publishes a newer edition of Finistère upstream (its archive's listed md5 lying when `listedMd5` is given) and syncs the index. */
  async function publish(date: string, listedMd5?: string): Promise<string> {
    const files = archiveAndCompanion(250_000, 4);
    const edition = testEdition(
      BDTOPO,
      'D029',
      date,
      (name) => files(name).map((file) => (file.name.endsWith('.7z') && listedMd5 ? { ...file, listedMd5 } : file)),
      bytes,
    );
    addEdition(catalogue, BDTOPO, edition.name, { when: later(), edition });
    await sync();
    return edition.name;
  }

  it('after a new edition is published and synced, downloads only it and, with --keep 1, removes the old folder', async () => {
    expect((await runSync(args())).code).toBe(0);
    const added = await publish('2026-11-30');
    subgraph.clearUpstream();
    const run = await runSync(args('--keep', '1'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(
      downloads()
        .map((request) => request.path.split('/').pop())
        .sort(),
    ).toEqual([`${added}.7z`, `${added}.md5`]);
    expect(tree()).toEqual(['.geopf-sync.json', 'BDTOPO/', `BDTOPO/${added}/`, `BDTOPO/${added}/${added}.7z`, `BDTOPO/${added}/${added}.md5`]);
    expect(run.stdout).toMatch(new RegExp(`^remove BDTOPO/${OLD} \\(superseded\\)$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^removed BDTOPO/${OLD} \\(superseded\\)$`, 'm'));
    // Removed only once the new edition was verified: its lines come first.
    expect(run.stdout.indexOf(`ok BDTOPO/${added}/${added}.7z`)).toBeLessThan(run.stdout.indexOf(`removed BDTOPO/${OLD}`));
    expect(Object.keys(state().editions)).toEqual([`${BDTOPO}/${added}`]);
  });

  it('holds the two newest with --keep 2; with --keep 1 deletes the older; after a withdrawal deletes the withdrawn folder and fetches the newest again', async () => {
    const editions = () => tree().filter((path) => /^BDTOPO\/[^/]+\/$/.test(path));
    expect((await runSync(args('--keep', '2'))).code).toBe(0);
    expect(editions()).toEqual([`BDTOPO/${OLDER}/`, `BDTOPO/${OLD}/`]);
    // Another selection: the whole of it compared with the copy, which holds more.
    subgraph.clearUpstream();
    const one = await runSync(args());
    expect(one.code).toBe(0);
    expect(downloads()).toEqual([]);
    expect(one.stdout).toMatch(
      new RegExp(`^remove BDTOPO/${OLDER} \\(not selected\\)\\nremoved BDTOPO/${OLDER} \\(not selected\\)\\nDone: 0 editions downloaded`),
    );
    expect(editions()).toEqual([`BDTOPO/${OLD}/`]);
    withdrawEdition(catalogue, BDTOPO, OLD, { when: later() });
    await sync();
    subgraph.clearUpstream();
    const run = await runSync(args());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^download BDTOPO/${OLDER}: 2 files, 293\\.1 KiB\\nremove BDTOPO/${OLD} \\(withdrawn\\)\\n`));
    expect(run.stdout).toMatch(new RegExp(`^removed BDTOPO/${OLD} \\(withdrawn\\)$`, 'm'));
    expect(
      downloads()
        .map((request) => request.path.split('/').pop())
        .sort(),
    ).toEqual([`${OLDER}.7z`, `${OLDER}.md5`]);
    expect(editions()).toEqual([`BDTOPO/${OLDER}/`]);
  });

  it('resumes a file cut by a kill with a Range request; a finished file is not requested again', async () => {
    const archive = `${OLD}.7z`;
    const companion = `${OLD}.md5`;
    const folder = join(dir, BDTOPO, OLD);
    const cut = 128 * 1024;
    subgraph.fake.setFault((request) => (request.path.endsWith(`/${archive}`) ? { stallAfterBytes: cut } : undefined));
    const child = startSync(args());
    const run = finished(child);
    // The upstream has sent the first bytes and stalls; the command has written them and verified the companion.
    await subgraph.fake.whenRequest((request) => request.path.endsWith(`/${archive}`) && request.bytesSent === cut);
    await onDisk(folder, () => existsSync(join(folder, companion)) && sizeOf(join(folder, `.${archive}.part`)) === cut);
    child.kill('SIGKILL');
    expect((await run).signal).toBe('SIGKILL');
    expect(existsSync(join(folder, archive))).toBe(false);

    subgraph.fake.setFault(undefined);
    subgraph.clearUpstream();
    const again = await runSync(args());
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(downloads().map((request) => [request.path.split('/').pop(), request.headers['range'], request.status])).toEqual([[archive, `bytes=${cut}-`, 206]]);
    expect(again.stdout).toMatch(new RegExp(`^resume BDTOPO/${OLD}/${archive.replace('.', '\\.')} from byte ${cut} \\(390\\.6 KiB\\)$`, 'm'));
    expect(readFileSync(join(folder, archive)).equals(bytes.get(`${BDTOPO}/${OLD}/${archive}`)!)).toBe(true);
    expect(existsSync(join(folder, `.${archive}.part`))).toBe(false);
    expect(state().editions[`${BDTOPO}/${OLD}`]).toMatchObject({ complete: true });
  });

  it('catches a corrupted file by its md5: downloads it again once, reports it, exits 1, deletes nothing and keeps its position', async () => {
    expect((await runSync(args())).code).toBe(0);
    const before = state();
    const added = await publish('2026-11-30', '0123456789abcdef0123456789abcdef');
    subgraph.clearUpstream();
    const run = await runSync(args());
    expect(run.code).toBe(1);
    const archive = `${added}.7z`;
    expect(downloads().filter((request) => request.path.endsWith(`/${archive}`))).toHaveLength(2);
    expect(run.stdout).toMatch(
      new RegExp(`^again BDTOPO/${added}/${archive.replace('.', '\\.')}: md5 [0-9a-f]{32} where the listing says 0123456789abcdef0123456789abcdef$`, 'm'),
    );
    expect(run.stdout).toMatch(
      new RegExp(
        `^FAILED BDTOPO/${added}/${archive.replace('.', '\\.')}: md5 [0-9a-f]{32} where the listing says 0123456789abcdef0123456789abcdef, twice`,
        'm',
      ),
    );
    expect(run.stdout).toMatch(/^Failed: 1 problem \(.*\)\. .* transferred; nothing deleted, the position kept: the next run resumes\.$/m);
    // The old edition stays; the corrupt file is nowhere; the companion is verified and kept.
    expect(tree()).toEqual([
      '.geopf-sync.json',
      'BDTOPO/',
      `BDTOPO/${OLD}/`,
      `BDTOPO/${OLD}/${OLD}.7z`,
      `BDTOPO/${OLD}/${OLD}.md5`,
      `BDTOPO/${added}/`,
      `BDTOPO/${added}/${added}.md5`,
    ]);
    expect(state().cursor).toBe(before.cursor);
    expect(state().editions[`${BDTOPO}/${added}`]).toMatchObject({ complete: false, atCursor: false });
  });

  it('syncs the editions whose files are listed, and fails alone one whose listing holds a name no file can have: exit 1, its position kept', async () => {
    const older = catalogue[0]!.editions.find((edition) => edition.name === OLDER)!;
    older.files.push({ ...older.files[0]!, name: 'notice\ntouch pwned.pdf' });
    const run = await runSync(args('--keep', '2'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^Failed: 1 problem \\(not planned "BDTOPO/${OLDER}": .*\\(UPSTREAM_BAD_RESPONSE\\)\\)\\. .*the position kept`, 'm'));
    expect(tree()).toEqual(['.geopf-sync.json', 'BDTOPO/', `BDTOPO/${OLD}/`, `BDTOPO/${OLD}/${OLD}.7z`, `BDTOPO/${OLD}/${OLD}.md5`]);
    expect(state().cursor).toBeNull();
    expect(downloads().filter((request) => request.path.includes(OLDER))).toEqual([]);
  });

  it('--dry-run prints the plan and writes nothing: no folder for a new copy, nothing changed in an existing one', async () => {
    const fresh = await runSync(args('--dry-run'));
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toBe(
      `would download BDTOPO/${OLD}: 2 files, 390.7 KiB\n` + `Dry run: nothing downloaded, deleted or written. The plan's position: YzE6MA==.\n`,
    );
    expect(existsSync(dir)).toBe(false);
    expect(downloads()).toEqual([]);

    expect((await runSync(args())).code).toBe(0);
    const added = await publish('2026-11-30');
    const saved = readFileSync(join(dir, '.geopf-sync.json'));
    const files = tree();
    subgraph.clearUpstream();
    const dry = await runSync(args('--dry-run'));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^would download BDTOPO/${added}: 2 files, 244\\.2 KiB\\nwould remove BDTOPO/${OLD} \\(superseded\\)\\n`));
    expect(readFileSync(join(dir, '.geopf-sync.json')).equals(saved)).toBe(true);
    expect(tree()).toEqual(files);
    expect(downloads()).toEqual([]);
  });

  it('fetches again a file deleted by hand, and only it (the rest is checked on disk)', async () => {
    expect((await runSync(args())).code).toBe(0);
    rmSync(join(dir, BDTOPO, OLD, `${OLD}.7z`));
    subgraph.clearUpstream();
    const run = await runSync(args());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^The copy misses BDTOPO/${OLD}: comparing the whole selection with the copy\\.$`, 'm'));
    expect(downloads().map((request) => request.path.split('/').pop())).toEqual([`${OLD}.7z`]);
    expect(readFileSync(join(dir, BDTOPO, OLD, `${OLD}.7z`)).equals(bytes.get(`${BDTOPO}/${OLD}/${OLD}.7z`)!)).toBe(true);
  });

  it('is also `npm run sync --`, the same command', async () => {
    const { NODE_ENV: _testEnv, ...env } = process.env;
    const child = spawn('npm', ['run', '--silent', 'sync', '--', ...args('--dry-run')], { cwd: join(__dirname, '..', '..'), env, stdio: 'pipe' });
    const run = await finished(child);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `would download BDTOPO/${OLD}: 2 files, 390.7 KiB\nDry run: nothing downloaded, deleted or written. The plan's position: YzE6MA==.\n`,
    );
  });

  it('runs --exec for each new edition with its folder as one argument, once', async () => {
    const log = join(work, 'exec.log');
    const exec = ['--exec', 'printf "%s|%s\\n" "$GEOPF_SYNC_EDITION" >> "$EXEC_LOG"'];
    const run = await runSync(args(...exec), { EXEC_LOG: log });
    expect(run.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(`${OLD}|${join(dir, BDTOPO, OLD)}\n`);
    expect((await runSync(args(...exec), { EXEC_LOG: log })).code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(`${OLD}|${join(dir, BDTOPO, OLD)}\n`);
  });

  it('a failing --exec exits 1, keeps the position, and is run again by the next run without downloading again', async () => {
    const marker = join(work, 'import-ok');
    // Fails until the marker exists.
    const exec = ['--exec', `test -e "$MARKER" && printf "%s\\n" >> "$EXEC_LOG"`];
    const log = join(work, 'exec.log');
    const failed = await runSync(args(...exec), { MARKER: marker, EXEC_LOG: log });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(new RegExp(`^Failed: 1 problem \\(--exec for BDTOPO/${OLD} exited with 1\\)`, 'm'));
    expect(state().cursor).toBeNull();
    writeFileSync(marker, '');
    subgraph.clearUpstream();
    const again = await runSync(args(...exec), { MARKER: marker, EXEC_LOG: log });
    expect(again.code).toBe(0);
    expect(downloads()).toEqual([]);
    expect(readFileSync(log, 'utf8')).toBe(`${join(dir, BDTOPO, OLD)}\n`);
  });

  it('paces its downloads (--rate) and pauses every request after a 429 for its Retry-After', async () => {
    let refused = false;
    subgraph.fake.setFault((request) => {
      if (refused || !request.path.endsWith(`${OLDER}.7z`)) return undefined;
      refused = true;
      return { status: 429, headers: { 'Retry-After': '1' } };
    });
    const run = await runSync([...args('--keep', '2').filter((arg) => arg !== '10' && arg !== '--rate'), '--rate', '2']);
    expect(run.code).toBe(0);
    const arrivals = downloads().map((request) => request.at);
    expect(downloads()).toHaveLength(5);
    // At most one request per 500 ms (2 per second), on the upstream's own clock.
    expect(Math.min(...arrivals.slice(1).map((at, index) => at - arrivals[index]!))).toBeGreaterThanOrEqual(500);
    expect(maxArrivalsInWindow(arrivals, 1000)).toBeLessThanOrEqual(2);
    // Nothing sent for the second the 429 asked.
    const limited = downloads().findIndex((request) => request.status === 429);
    expect(downloads()[limited + 1]!.at - downloads()[limited]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('exits 2 for bad arguments, before any request, and for a filter the subgraph refuses', async () => {
    for (const bad of [
      ['--dir', dir, '--resource', BDTOPO, '--keep', '0'],
      ['--dir', dir, '--resource', BDTOPO, '--rate', '50'],
      ['--dir', dir, '--resource', BDTOPO, '--bogus'],
      ['--resource', BDTOPO],
      ['--dir', dir],
      ['--dir', dir, '--resource', BDTOPO, '--endpoint', 'ftp://example.org/graphql'],
    ]) {
      const run = await runSync(bad);
      expect([bad, run.code]).toEqual([bad, 2]);
      expect(run.stderr).toMatch(/^(--[a-z-]+: )?expected .*\n\nUsage: geopf-sync /);
    }
    expect(existsSync(dir)).toBe(false);
    const refused = await runSync(['--endpoint', subgraph.server.url, '--dir', dir, '--resource', BDTOPO, '--zone', 'Atlantis']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/\(BAD_USER_INPUT\): filter\.zones: expected/);
    expect(downloads()).toEqual([]);
  });

  it('exits 3 when the subgraph is unreachable, or answers without a plan', async () => {
    const unreachable = await runSync(['--endpoint', `http://127.0.0.1:${await closedPort()}/graphql`, '--dir', dir, '--resource', BDTOPO]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^The subgraph at http:\/\/127\.0\.0\.1:\d+\/graphql cannot be reached: /);
    const notGraphql = await runSync(['--endpoint', `${subgraph.baseUrl}/capabilities`, '--dir', dir, '--resource', BDTOPO]);
    expect(notGraphql.code).toBe(3);
    expect(notGraphql.stderr).toMatch(/gave no plan/);
    // Nothing planned, nothing written (the folder made, its lock given back).
    expect(tree()).toEqual([]);
  });
});
