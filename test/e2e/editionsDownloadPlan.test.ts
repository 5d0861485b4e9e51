import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogueStore } from '../../src/catalogue/store/CatalogueStore';
import { downloadUrl } from '../fakeUpstream/atomFeed';
import { productWithFiles } from '../fakeUpstream/byteDownloads';
import { buildCatalogue, findResource, type FakeEdition, type FakeResource } from '../fakeUpstream/catalogue';
import { withdrawEdition } from '../fakeUpstream/catalogueChanges';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { storeFactory, type StoreFactory } from '../helpers/testStores';
import { requireAria2c, runAria2c } from '../downloads/manifests/aria2c';

/** Each `<file>` of a Metalink: [name, size, md5, url]. */
function metalinkFiles(manifest: string): Array<[string, number | null, string | null, string]> {
  return [...manifest.matchAll(/<file name="([^"]*)">([\s\S]*?)<\/file>/g)].map(([, name, body]) => [
    name as string,
    /<size>(\d+)<\/size>/.exec(body as string) ? Number(/<size>(\d+)<\/size>/.exec(body as string)![1]) : null,
    /<hash type="md5">([0-9a-f]{32})<\/hash>/.exec(body as string)?.[1] ?? null,
    (/<url>([^<]*)<\/url>/.exec(body as string)?.[1] ?? '').replace(/&amp;/g, '&'),
  ]);
}

const byName = (a: [string, ...unknown[]], b: [string, ...unknown[]]) => a[0].localeCompare(b[0]);
const newestFirst = (a: FakeEdition, b: FakeEdition) => (b.editionDate ?? '').localeCompare(a.editionDate ?? '') || b.name.localeCompare(a.name);

describe('a manifest of every file of an editions window (EditionConnection.downloadPlan), on sqlite', () => {
  let stores: StoreFactory;
  let store: CatalogueStore;
  let subgraph: SubgraphUnderTest;
  let catalogue: FakeResource[];
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
  const sync = () => subgraph.server.catalogue!.syncer.runOnce();
  const codes = (answer: { errors?: ReadonlyArray<{ path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }> }) =>
    answer.errors?.map((error) => [error.path, error.extensions?.['code']]);

  beforeAll(async () => {
    stores = await storeFactory('sqlite');
  });
  afterAll(async () => {
    await stores?.cleanup();
  });
  afterEach(async () => {
    await subgraph?.stop();
  });

  async function start(resources: FakeResource[], fileBytes?: Map<string, Buffer>, cacheTtlSeconds = 0): Promise<void> {
    catalogue = resources;
    store = await stores.open();
    subgraph = await startSubgraph({
      upstreamRate: 50,
      cacheTtlSeconds,
      fake: { catalogue, ...(fileBytes ? { fileBytes } : {}) },
      catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } },
    });
    await sync();
    subgraph.clearUpstream();
  }

  const PARIS_ORTHO = '{ resources: ["BDORTHO"], zones: ["Paris"] }';

  it('lists every file of the 3 editions with its md5, size and URL, in a folder per edition, reading each listing once', async () => {
    await start(buildCatalogue({ resourceCount: 12 }), undefined, 300);
    const answer = await subgraph.query(
      `{ editions(filter: ${PARIS_ORTHO}, first: 3) { nodes { name } downloadPlan(format: METALINK) { format manifest files { name } totalSize md5sum } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const editions = findResource(catalogue, 'BDORTHO')!
      .editions.filter((edition) => edition.zone?.term === 'D075')
      .sort(newestFirst)
      .slice(0, 3);
    expect(editions).toHaveLength(3);
    expect(answer.data?.['editions'].nodes.map((node: { name: string }) => node.name)).toEqual(editions.map((edition) => edition.name));
    const plan = answer.data?.['editions'].downloadPlan;
    const expected = editions.flatMap((edition) =>
      edition.files.map((file): [string, number, string, string] => [
        `${edition.name}/${file.name}`,
        file.length,
        file.md5,
        downloadUrl(subgraph.baseUrl, 'BDORTHO', edition.name, file.name),
      ]),
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(metalinkFiles(plan.manifest).sort(byName)).toEqual(expected.sort(byName));
    expect(plan.format).toBe('METALINK');
    expect(plan.files).toHaveLength(expected.length);
    expect(plan.totalSize).toBe(expected.reduce((sum, file) => sum + file[1], 0));
    expect(plan.md5sum.split('\n').filter(Boolean).sort()).toEqual(expected.map(([path, , md5]) => `${md5}  ${path}`).sort());
    // One listing per edition, each page once (through the loaders, the gate and the page cache).
    const pages = editions.flatMap((edition) =>
      Array.from(
        { length: Math.ceil(edition.files.length / 50) },
        (_, index) => `resource/BDORTHO/${encodeURIComponent(edition.name)}?limit=50&page=${index + 1}`,
      ),
    );
    expect(subgraph.upstreamLog().sort()).toEqual(pages.sort());

    // Asked again: from the page cache, no request.
    subgraph.clearUpstream();
    const again = await subgraph.query(`{ editions(filter: ${PARIS_ORTHO}, first: 3) { downloadPlan(format: METALINK) { manifest } } }`);
    expect(again.data?.['editions'].downloadPlan.manifest).toBe(plan.manifest);
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('writes aria2 out= and a script with one folder per edition', async () => {
    await start(buildCatalogue({ resourceCount: 12 }));
    const answer = await subgraph.query(
      `{ editions(filter: ${PARIS_ORTHO}, first: 2) { nodes { name } aria2: downloadPlan(format: ARIA2) { manifest } script: downloadPlan { format manifest } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const [first, second] = answer.data?.['editions'].nodes.map((node: { name: string }) => node.name) as [string, string];
    const aria2 = answer.data?.['editions'].aria2.manifest as string;
    const outs = aria2.split('\n').filter((line) => line.startsWith('  out='));
    expect(outs.length).toBeGreaterThan(2);
    expect(outs.every((line) => line.startsWith(`  out=${first}/`) || line.startsWith(`  out=${second}/`))).toBe(true);
    expect(outs.some((line) => line.startsWith(`  out=${second}/`))).toBe(true);
    const script = answer.data?.['editions'].script;
    expect(script.format).toBe('SCRIPT');
    expect(script.manifest.match(/^ {2}mkdir -p -- .*$/gm)).toEqual([`  mkdir -p -- './${first}'`, `  mkdir -p -- './${second}'`]);
  });

  it('refuses a window holding a withdrawn edition with EDITION_WITHDRAWN, before any request', async () => {
    await start(buildCatalogue({ resourceCount: 12 }));
    const product = findResource(catalogue, 'BDORTHO')!;
    const gone = product.editions.filter((edition) => edition.zone?.term === 'D075').sort(newestFirst)[0]!;
    clock.now = new Date(clock.now.getTime() + 3600_000);
    withdrawEdition(catalogue, 'BDORTHO', gone.name, { when: clock.now.toISOString() });
    await sync();
    subgraph.clearUpstream();
    const filter = '{ resources: ["BDORTHO"], zones: ["Paris"], includeWithdrawn: true }';
    const answer = await subgraph.query(`{ editions(filter: ${filter}, first: 3) { nodes { name withdrawnAt } downloadPlan(format: ARIA2) { manifest } } }`);
    expect(answer.data?.['editions'].nodes.map((node: { name: string }) => node.name)).toContain(gone.name);
    expect(answer.data?.['editions'].downloadPlan).toBeNull();
    expect(codes(answer)).toEqual([[['editions', 'downloadPlan'], 'EDITION_WITHDRAWN']]);
    expect(subgraph.upstreamLog()).toEqual([]);
    // Without the withdrawn ones, the same window answers.
    const listed = await subgraph.query(`{ editions(filter: ${PARIS_ORTHO}, first: 3) { downloadPlan(format: ARIA2) { manifest } } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.['editions'].downloadPlan.manifest).not.toContain(gone.name);
  });

  it('fails the whole plan with the typed error of an edition whose listing fails, never a partial plan', async () => {
    await start(buildCatalogue({ resourceCount: 12 }));
    const broken = findResource(catalogue, 'BDORTHO')!
      .editions.filter((edition) => edition.zone?.term === 'D075')
      .sort(newestFirst)[1]!;
    subgraph.fake.setFault((request) => (request.path.endsWith(`/resource/BDORTHO/${encodeURIComponent(broken.name)}`) ? { status: 404 } : undefined));
    const answer = await subgraph.query(`{ editions(filter: ${PARIS_ORTHO}, first: 3) { totalCount downloadPlan(format: METALINK) { manifest } } }`);
    expect(answer.data?.['editions'].totalCount).toBeGreaterThan(3);
    expect(answer.data?.['editions'].downloadPlan).toBeNull();
    expect(codes(answer)).toEqual([[['editions', 'downloadPlan'], 'UPSTREAM_NOT_FOUND']]);
  });

  it('aria2c fetches every file of 3 editions with the Metalink and verifies each md5, each edition in its folder', async () => {
    requireAria2c();
    const dir = mkdtempSync(join(tmpdir(), 'geopf-aria2-window-'));
    try {
      const product = 'TEST-WINDOW';
      const bytes = new Map<string, Buffer>();
      const editions = ['2025-06-17', '2024-06-17', '2023-06-17'].map((date, index) => {
        const name = `${product}_1-0__GPKG_LAMB93_FXX_${date}`;
        const built = productWithFiles(product, name, [
          { name: `${name}.7z.001`, bytes: randomBytes(200_000 + index) },
          { name: `${name}.7z.002`, bytes: randomBytes(50_000 + index) },
        ]);
        built.bytes.forEach((value, key) => bytes.set(key, value));
        return { ...built.resource.editions[0]!, editionDate: date };
      });
      const resource = productWithFiles(product, editions[0]!.name, []).resource;
      resource.editions = editions;
      await start([resource], bytes);
      const answer = await subgraph.query(`{ editions(filter: { resources: ["${product}"] }, first: 3) { downloadPlan(format: METALINK) { manifest } } }`);
      expect(answer.errors).toBeUndefined();
      const manifest = join(dir, 'window.meta4');
      writeFileSync(manifest, answer.data?.['editions'].downloadPlan.manifest);
      const run = await runAria2c(['-M', manifest, '-d', join(dir, 'out')], dir);
      expect(run).toMatchObject({ code: 0 });
      expect(run.output).not.toMatch(/\|ERR \|/);
      const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
      for (const [key, data] of bytes) {
        const [, edition, file] = key.split('/') as [string, string, string];
        expect(md5(readFileSync(join(dir, 'out', edition, file)))).toBe(md5(data));
      }
      expect(bytes.size).toBe(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
