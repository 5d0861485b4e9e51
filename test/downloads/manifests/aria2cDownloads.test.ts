import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productWithFiles } from '../../fakeUpstream/byteDownloads';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';
import { requireAria2c, runAria2c } from './aria2c';

const PRODUCT = 'TEST-DOWNLOADS';
const EDITION = 'TEST-DOWNLOADS_1-0__GPKG_LAMB93_FXX_2025-06-17';
const volumes = [randomBytes(600_000), randomBytes(600_000), randomBytes(123_456)];
const names = volumes.map((_volume, index) => `${EDITION}.7z.00${index + 1}`);
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const companion = Buffer.from(volumes.map((volume, index) => `${md5(volume)}  ${names[index]}\n`).join(''));

describe('aria2c downloads an edition from the generated manifests', () => {
  // Real downloads and archive reads: more than the default 20 s on a loaded machine.
  jest.setTimeout(60_000);
  let subgraph: SubgraphUnderTest;
  let dir: string;

  beforeAll(() => requireAria2c());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'geopf-aria2-'));
  });
  afterEach(async () => {
    await subgraph?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(listedMd5s: Array<string | undefined> = []) {
    const { resource, bytes } = productWithFiles(PRODUCT, EDITION, [
      ...volumes.map((volume, index) => ({ name: names[index] as string, bytes: volume, ...(listedMd5s[index] ? { listedMd5: listedMd5s[index] } : {}) })),
      { name: `${EDITION}.md5`, bytes: companion, type: 'application/octet-stream' },
    ]);
    subgraph = await startSubgraph({ fake: { catalogue: [resource], fileBytes: bytes }, upstreamRate: 100 });
  }

  async function fetchManifest(extension: 'meta4' | 'aria2'): Promise<string> {
    const response = await fetch(new URL(`/downloads/${PRODUCT}/${EDITION}.${extension}`, subgraph.server.url));
    expect(response.status).toBe(200);
    const path = join(dir, `plan.${extension}`);
    writeFileSync(path, await response.text());
    return path;
  }

  const downloadsOf = (name: string) => subgraph.fake.requests.filter((request) => request.path.endsWith(`/${name}`));

  it.each([
    ['a Metalink (-M)', 'meta4', '-M'],
    ['an aria2 input file (-i)', 'aria2', '-i'],
  ] as const)('fetches every file of the edition with %s and verifies each md5', async (_label, extension, flag) => {
    await start();
    const manifest = await fetchManifest(extension);
    const run = await runAria2c([flag, manifest, '-d', join(dir, 'out')], dir);
    expect(run).toMatchObject({ code: 0 });
    volumes.forEach((volume, index) => expect(md5(readFileSync(join(dir, 'out', names[index] as string)))).toBe(md5(volume)));
    expect(readFileSync(join(dir, 'out', `${EDITION}.md5`)).equals(companion)).toBe(true);
    expect(run.output).not.toMatch(/\|ERR \|/);
  });

  it('resumes an interrupted download instead of starting over', async () => {
    await start();
    const cutAt = 250_000;
    let cut = false;
    subgraph.fake.setFault((request) => {
      if (!request.path.endsWith(names[0] as string) || cut) return undefined;
      cut = true;
      return { closeAfterBytes: cutAt };
    });
    const manifest = await fetchManifest('meta4');
    const out = join(dir, 'out');
    const first = await runAria2c(['-M', manifest, '-d', out], dir);
    expect(first.code).not.toBe(0);
    expect(existsSync(join(out, `${names[0]}.aria2`))).toBe(true);
    const partial = statSync(join(out, names[0] as string)).size;
    expect(partial).toBeGreaterThan(0);

    const before = downloadsOf(names[0] as string).length;
    const second = await runAria2c(['-M', manifest, '-d', out, '-c'], dir);
    expect(second.code).toBe(0);
    const resumed = downloadsOf(names[0] as string).slice(before);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    const [, resumedFrom] = /^bytes=(\d+)-/.exec(resumed[resumed.length - 1]?.headers['range'] ?? '') ?? [];
    // aria2c restarts at the last whole piece it had written (16 KiB pieces): past 0, at most where it stopped.
    expect(Number(resumedFrom)).toBeGreaterThan(cutAt / 2);
    expect(Number(resumedFrom)).toBeLessThanOrEqual(partial);
    expect(resumed.filter((request) => !request.headers['range'] || /^bytes=0-/.test(request.headers['range']))).toEqual([]);
    expect(md5(readFileSync(join(out, names[0] as string)))).toBe(md5(volumes[0] as Buffer));
  });

  it('reports a file whose bytes do not match its md5 as failed', async () => {
    await start([undefined, 'ffffffffffffffffffffffffffffffff']);
    const manifest = await fetchManifest('meta4');
    const run = await runAria2c(['-M', manifest, '-d', join(dir, 'out')], dir);
    // aria2c's exit code 32: checksum validation failed.
    expect(run.code).toBe(32);
    expect(run.output).toMatch(new RegExp(`ERR[^\\n]*${names[1]!.replace(/\./g, '\\.')}`));
    expect(run.output).toMatch(new RegExp(`OK[^\\n]*${names[0]!.replace(/\./g, '\\.')}`));
  });
});
