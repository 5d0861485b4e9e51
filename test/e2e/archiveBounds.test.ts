import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { productWithFiles } from '../fakeUpstream/byteDownloads';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { emptyEntriesSevenZip, manyEntriesZip } from '../downloads/archives/archiveFixtures';

// Each scenario in a product of its own, so that each query reads only the archive it is about.
const ZIP = productWithFiles('BIGZIP', 'BIGZIP_1-0__GPKG_LAMB93_FXX_2025-06-17', [
  { name: 'BIGZIP_1-0__GPKG_LAMB93_FXX_2025-06-17.zip', bytes: manyEntriesZip(20_000) },
]);
// 1,000,000 nameless entries in a header of some 2 MB, from a few hundred bytes on the wire.
const BOMB = productWithFiles('BOMB7Z', 'BOMB7Z_1-0__GPKG_LAMB93_FXX_2025-06-17', [
  { name: 'BOMB7Z_1-0__GPKG_LAMB93_FXX_2025-06-17.7z', bytes: emptyEntriesSevenZip(1_000_000) },
]);
// Thirty different archives, each with its own compressed header: thirty decodes.
const MANY = productWithFiles(
  'MANY7Z',
  'MANY7Z_1-0__GPKG_LAMB93_FXX_2025-06-17',
  Array.from({ length: 30 }, (_, index) => ({ name: `MANY7Z_part_${String(index).padStart(2, '0')}.7z`, bytes: emptyEntriesSevenZip(2000 + index) })),
);
// A hostile upstream's 1 MB md5 companion: some 15,000 lines.
const sumsLines = Array.from(
  { length: 15_500 },
  (_, index) => `${createHash('md5').update(String(index)).digest('hex')}  SUMS_data_file_${String(index).padStart(6, '0')}.7z`,
);
const SUMS = productWithFiles('SUMS', 'SUMS_1-0__GPKG_LAMB93_FXX_2025-06-17', [
  { name: 'SUMS_1-0__GPKG_LAMB93_FXX_2025-06-17.7z', bytes: Buffer.from('data') },
  { name: 'SUMS_1-0__GPKG_LAMB93_FXX_2025-06-17.md5', bytes: Buffer.from(`${sumsLines.join('\n')}\n`.slice(0, 999_000)) },
]);
// A companion of 50 KB on the wire that unpacks to 50 MB (sent with `Content-Encoding: gzip`, see the fault below).
const GZIP = productWithFiles('GZBOMB', 'GZBOMB_1-0__GPKG_LAMB93_FXX_2025-06-17', [
  { name: 'GZBOMB_1-0__GPKG_LAMB93_FXX_2025-06-17.7z', bytes: Buffer.from('data') },
  { name: 'GZBOMB_1-0__GPKG_LAMB93_FXX_2025-06-17.md5', bytes: gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x41)) },
]);
const bytes = new Map([...ZIP.bytes, ...BOMB.bytes, ...MANY.bytes, ...SUMS.bytes, ...GZIP.bytes]);
const catalogue = [ZIP.resource, BOMB.resource, MANY.resource, SUMS.resource, GZIP.resource];
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** One value of the server's `/metrics`; NaN when the server has no such metric. */
async function metric(subgraph: SubgraphUnderTest, name: string): Promise<number> {
  const text = await (await fetch(subgraph.server.url.replace('/graphql', '/metrics'))).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** The answer to `query` and its size on the wire. */
async function ask(subgraph: SubgraphUnderTest, query: string) {
  const response = await fetch(subgraph.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const text = await response.text();
  return {
    bytes: Buffer.byteLength(text),
    ...(JSON.parse(text) as { data?: Record<string, any>; errors?: Array<{ message: string; path?: unknown[]; extensions?: any }> }),
  };
}

const aliases = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ')} }`;

describe('bounded tables of contents and checksums', () => {
  jest.setTimeout(120_000);
  let subgraph: SubgraphUnderTest;
  beforeAll(async () => {
    subgraph = await startSubgraph({
      fake: { catalogue, fileBytes: bytes },
      upstreamRate: 100,
      queryCostBudget: 100_000,
      archives: { archiveMaxAnswerBytes: MAX_ANSWER_BYTES, archiveWorkers: 2 },
    });
    subgraph.fake.setFault((request) =>
      request.path.endsWith('GZBOMB_1-0__GPKG_LAMB93_FXX_2025-06-17.md5') ? { headers: { 'content-encoding': 'gzip' } } : undefined,
    );
  });
  afterAll(() => subgraph.stop());
  beforeEach(() => subgraph.clearUpstream());

  const downloads = (name: string) => subgraph.fake.requests.filter((request) => request.path.endsWith(`/${name}`));

  it('reads and parses a 20,000-entry zip once for 30 aliases, and answers its entries only within the answer budget', async () => {
    const tasksBefore = await metric(subgraph, 'geopf_archive_header_tasks_total');
    const answer = await ask(
      subgraph,
      aliases(
        30,
        'subResource(resourceName: "BIGZIP", name: "BIGZIP_1-0__GPKG_LAMB93_FXX_2025-06-17") { files(first: 1) { nodes { contents { entryCount entries { path } } } } }',
      ),
    );
    // Two Range requests (the end record, the directory) and one parse, whatever the aliases: before, 30 of each.
    expect(downloads('BIGZIP_1-0__GPKG_LAMB93_FXX_2025-06-17.zip').length).toBeLessThanOrEqual(2);
    expect((await metric(subgraph, 'geopf_archive_header_tasks_total')) - tasksBefore).toBe(1);
    const answered = Object.values(answer.data ?? {}).filter((alias) => alias.files.nodes[0].contents !== null);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const alias of answered) expect(alias.files.nodes[0].contents).toMatchObject({ entryCount: 20_001 });
    // Every other alias: a typed error on its table of contents, the answer bounded (before: 30 tables, some 30 MB here).
    expect(answer.errors).toHaveLength(30 - answered.length);
    for (const error of answer.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 'answerBytes', maxAnswerBytes: MAX_ANSWER_BYTES });
      expect(error.path?.slice(-2)).toEqual(['contents', 'entries']);
    }
    expect(answer.bytes).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 256 * 1024);
  });

  it('refuses a 7z whose tiny header expands to a million entries with TOO_MANY_ENTRIES, decoded and parsed off the event loop', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const answer = await ask(
      subgraph,
      '{ subResource(resourceName: "BOMB7Z", name: "BOMB7Z_1-0__GPKG_LAMB93_FXX_2025-06-17") { files { nodes { name contents { entryCount } } } } }',
    );
    delay.disable();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^The archive lists 1000000 entries, more than the 50000 a table of contents may hold here \(GEOPF_ARCHIVE_MAX_ENTRIES\)\.$/,
        ),
        extensions: expect.objectContaining({ code: 'ARCHIVE_UNREADABLE', archive: { reason: 'TOO_MANY_ENTRIES' } }),
      }),
    ]);
    // Before, the million entries were parsed on the event loop: 17 s blocked for twice as many.
    expect(delay.max / 1e6).toBeLessThan(1000);
  });

  it('reads 30 representations of 30 different archives on at most GEOPF_ARCHIVE_WORKERS threads, holding at most GEOPF_ARCHIVE_DECODE_MAX_BYTES', async () => {
    const representations = MANY.resource.editions[0]!.files.map(
      (file) => `{ __typename: "File", resourceName: "MANY7Z", subResourceName: "MANY7Z_1-0__GPKG_LAMB93_FXX_2025-06-17", name: "${file.name}" }`,
    );
    const answer = await ask(subgraph, `{ _entities(representations: [${representations.join(', ')}]) { ... on File { name contents { entryCount } } } }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.['_entities'].map((file: { contents: { entryCount: number } }) => file.contents.entryCount)).toEqual(
      Array.from({ length: 30 }, (_, index) => 2000 + index),
    );
    // Before: a thread per decode, 37 threads and +2 GB for 48 representations.
    const threads = await metric(subgraph, 'geopf_archive_header_threads_peak');
    expect(threads).toBeGreaterThanOrEqual(1);
    expect(threads).toBeLessThanOrEqual(2);
    expect(await metric(subgraph, 'geopf_archive_header_bytes_peak')).toBeLessThanOrEqual(32 * 1024 * 1024);
  });

  it('downloads and parses a 1 MB md5 companion once for 30 aliases, and answers its lines only within the answer budget', async () => {
    const answer = await ask(
      subgraph,
      aliases(30, 'subResource(resourceName: "SUMS", name: "SUMS_1-0__GPKG_LAMB93_FXX_2025-06-17") { checksums { lines { fileName md5 } } }'),
    );
    expect(downloads('SUMS_1-0__GPKG_LAMB93_FXX_2025-06-17.md5')).toHaveLength(1);
    const answered = Object.values(answer.data ?? {}).filter((alias) => alias.checksums !== null);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const alias of answered) expect(alias.checksums.lines.length).toBeGreaterThan(15_000);
    expect(answer.errors).toHaveLength(30 - answered.length);
    for (const error of answer.errors ?? []) expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 'answerBytes' });
    // Before: 68 MB for 30 aliases.
    expect(answer.bytes).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 256 * 1024);
  });

  it('refuses a gzip-bomb md5 companion as a file too large once decoded, not as "not a readable Atom feed"', async () => {
    const answer = await ask(subgraph, '{ subResource(resourceName: "GZBOMB", name: "GZBOMB_1-0__GPKG_LAMB93_FXX_2025-06-17") { checksums { allAgree } } }');
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: 'The upstream sent a file larger than 1000000 bytes once decoded (a compressed body counts as it unpacks): it was cut there and not read.',
        extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }),
      }),
    ]);
  });
});

describe('entry bounds of tables of contents and md5 companions', () => {
  jest.setTimeout(60_000);
  it('refuses a zip listing more entries than GEOPF_ARCHIVE_MAX_ENTRIES before reading its directory, and a companion with more lines', async () => {
    const subgraph = await startSubgraph({ fake: { catalogue, fileBytes: bytes }, upstreamRate: 100, archives: { archiveMaxEntries: 1000 } });
    try {
      const answer = await ask(
        subgraph,
        '{ zip: subResource(resourceName: "BIGZIP", name: "BIGZIP_1-0__GPKG_LAMB93_FXX_2025-06-17") { files { nodes { contents { entryCount } } } } sums: subResource(resourceName: "SUMS", name: "SUMS_1-0__GPKG_LAMB93_FXX_2025-06-17") { checksums { allAgree } } }',
      );
      expect(answer.errors?.map((error) => [error.path?.[0], error.extensions?.code, error.extensions?.archive?.reason ?? null]).sort()).toEqual([
        ['sums', 'UPSTREAM_BAD_RESPONSE', null],
        ['zip', 'ARCHIVE_UNREADABLE', 'TOO_MANY_ENTRIES'],
      ]);
      expect(answer.errors?.find((error) => error.path?.[0] === 'sums')?.message).toBe(
        "The edition's md5 companion has more than 1000 checksum lines (GEOPF_ARCHIVE_MAX_ENTRIES): it is not read.",
      );
      // Only the end of the zip was read: its directory never was.
      expect(subgraph.fake.requests.filter((request) => request.path.endsWith('.zip'))).toHaveLength(1);
    } finally {
      await subgraph.stop();
    }
  });
});
