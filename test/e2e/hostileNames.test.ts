import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { DOMParser } from '@xmldom/xmldom';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productWithFiles } from '../fakeUpstream/byteDownloads';
import { requireAria2c, runAria2c } from '../downloads/manifests/aria2c';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';

// Names the old strict character set refused, each a listing lost: now data, quoted or encoded at every sink.
const HOSTILE_NAMES = [
  "notice d'utilisation.pdf",
  'say "cheese" $(touch pwned) `id`; a|b #1 100%.7z',
  'x&y.zip',
  '-rf.7z',
  '-',
  '.hidden.7z',
  '\u202egpj.exe.7z',
  '\u0410DMIN-EXPRESS.7z',
];
// Outer spaces: the script and a Metalink keep them; an aria2 input file cannot (aria2c strips them).
const SPACED_NAMES = [' lead.7z', 'trail.7z '];
const bytesOf = (name: string) => Buffer.from(`bytes of ${name}\n`);
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const HOSTILE = productWithFiles(
  'HOSTILE',
  "HOSTILE_notice d'utilisation $(id)",
  HOSTILE_NAMES.map((name) => ({ name, bytes: bytesOf(name), type: 'application/octet-stream' })),
);
const SPACED = productWithFiles(
  'SPACED',
  'SPACED_2025',
  SPACED_NAMES.map((name) => ({ name, bytes: bytesOf(name), type: 'application/octet-stream' })),
);
const EDITIONS = { HOSTILE: "HOSTILE_notice d'utilisation $(id)", SPACED: 'SPACED_2025' } as const;

describe("names the old character set refused, end to end (a file called notice d'utilisation.pdf)", () => {
  jest.setTimeout(120_000);
  let subgraph: SubgraphUnderTest;
  let dir: string;
  beforeAll(async () => {
    requireAria2c();
    subgraph = await startSubgraph({
      fake: { catalogue: [HOSTILE.resource, SPACED.resource], fileBytes: new Map([...HOSTILE.bytes, ...SPACED.bytes]) },
      upstreamRate: 100,
    });
  });
  afterAll(() => subgraph.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'geopf-names-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const plan = async (product: keyof typeof EDITIONS, format: 'SCRIPT' | 'METALINK' | 'ARIA2') =>
    subgraph.query(`query ($r: ID!, $e: ID!) { subResource(resourceName: $r, name: $e) { downloadPlan(format: ${format}) { manifest md5sum } } }`, {
      r: product,
      e: EDITIONS[product],
    });

  // Every file of `names` in `folder`, with its own bytes, and nothing else.
  const expectDownloaded = (folder: string, names: readonly string[]) => {
    expect(
      readdirSync(folder)
        .filter((name) => !name.endsWith('.inline.md5'))
        .sort(),
    ).toEqual([...names].sort());
    for (const name of names) expect(readFileSync(join(folder, name)).equals(bytesOf(name))).toBe(true);
  };

  it('lists every file under its exact name, with a download URL whose last segment decodes to it', async () => {
    const answer = await subgraph.query('query ($e: ID!) { subResource(resourceName: "HOSTILE", name: $e) { files { totalCount nodes { name url md5 } } } }', {
      e: EDITIONS.HOSTILE,
    });
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data?.['subResource'].files.nodes as Array<{ name: string; url: string; md5: string }>;
    expect(nodes.map((node) => node.name)).toEqual(HOSTILE_NAMES);
    for (const node of nodes) {
      const segments = new URL(node.url).pathname.split('/');
      expect(segments.slice(-3).map(decodeURIComponent)).toEqual(['HOSTILE', EDITIONS.HOSTILE, node.name]);
      expect(node.md5).toBe(md5(bytesOf(node.name)));
    }
  });

  it('fetches and verifies every file with the bash script, real curl and real md5sum', async () => {
    for (const product of ['HOSTILE', 'SPACED'] as const) {
      const answer = await plan(product, 'SCRIPT');
      expect(answer.errors).toBeUndefined();
      writeFileSync(join(dir, 'plan.sh'), answer.data?.['subResource'].downloadPlan.manifest);
      // `sleep` is the one command stubbed (a second per file); curl, md5sum and mkdir are the real ones.
      writeFileSync(join(dir, 'stubs.bash'), 'sleep() { :; }\n');
      const run = await runBash('plan.sh', dir, { PATH: process.env['PATH'] ?? '/usr/bin:/bin', BASH_ENV: join(dir, 'stubs.bash') });
      // curl's progress meters only: no error, nothing a name could have run.
      expect(run.stderr).not.toMatch(/command not found|No such file|syntax error|pwned|FAILED/);
      expect(run.status).toBe(0);
      const names = product === 'HOSTILE' ? HOSTILE_NAMES : SPACED_NAMES;
      // md5sum -c said OK for each, under its exact name (`./-` for `-`, read as stdin otherwise).
      expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual(names.map((name) => `${name === '-' ? './-' : name}: OK`).sort());
      expectDownloaded(join(dir, EDITIONS[product]), names);
    }
    // Nothing ran that the names hold.
    expect(readdirSync(dir).sort()).toEqual([EDITIONS.HOSTILE, EDITIONS.SPACED, 'plan.sh', 'stubs.bash'].sort());
  });

  it('fetches and verifies every file with aria2c from an aria2 input file, and refuses one it cannot write', async () => {
    const answer = await plan('HOSTILE', 'ARIA2');
    writeFileSync(join(dir, 'plan.aria2'), answer.data?.['subResource'].downloadPlan.manifest);
    const run = await runAria2c(['-i', 'plan.aria2', '-d', 'out'], dir);
    expect(run).toMatchObject({ code: 0 });
    expect(run.output).not.toMatch(/\|ERR \|/);
    expectDownloaded(join(dir, 'out'), HOSTILE_NAMES);

    const spaced = await plan('SPACED', 'ARIA2');
    expect(spaced.data?.['subResource'].downloadPlan).toBeNull();
    expect(spaced.errors?.[0]).toMatchObject({
      message: expect.stringContaining('aria2c would read without its outer spaces'),
      extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }),
    });
  });

  it('fetches and verifies every file with aria2c from a Metalink (but a name with "&", which aria2c 1.36 writes "&#38;")', async () => {
    for (const product of ['HOSTILE', 'SPACED'] as const) {
      const answer = await plan(product, 'METALINK');
      const names = (product === 'HOSTILE' ? HOSTILE_NAMES : SPACED_NAMES).filter((name) => !name.includes('&'));
      writeFileSync(join(dir, `${product}.meta4`), answer.data?.['subResource'].downloadPlan.manifest);
      const manifest = answer.data?.['subResource'].downloadPlan.manifest as string;
      const select = manifest.includes('&amp;') ? ['--select-file', selectIndexes(manifest, names)] : [];
      const run = await runAria2c(['-M', `${product}.meta4`, '-d', product, ...select], dir);
      expect(run).toMatchObject({ code: 0 });
      expectDownloaded(join(dir, product), names);
    }
  });

  it('answers the manifest routes for an edition whose name needs percent-encoding', async () => {
    const response = await fetch(new URL(`/downloads/HOSTILE/${encodeURIComponent(EDITIONS.HOSTILE)}.meta4`, subgraph.server.url));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('<file name="notice d&apos;utilisation.pdf">');
    const problems: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(text, 'application/xml');
    expect(problems).toEqual([]);
    const files = doc.getElementsByTagName('file');
    expect(Array.from({ length: files.length }, (_, index) => files.item(index)?.getAttribute('name')).sort()).toEqual([...HOSTILE_NAMES].sort());
  });
});

// Private: runs a bash script without blocking the event loop (the fake upstream answers from this process).
function runBash(script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// Private: the 1-based indexes of `names` among the files of a Metalink, in its order (aria2c's `--select-file`).
function selectIndexes(manifest: string, names: readonly string[]): string {
  const files = new DOMParser().parseFromString(manifest, 'application/xml').getElementsByTagName('file');
  const order = Array.from({ length: files.length }, (_, index) => files.item(index)?.getAttribute('name'));
  return names.map((name) => order.indexOf(name) + 1).join(',');
}
