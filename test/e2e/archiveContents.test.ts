import { randomBytes } from 'node:crypto';
import { crc32, crcHex } from '../../src/downloads/archives/crc32';
import { productWithFiles } from '../fakeUpstream/byteDownloads';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { buildSevenZip, buildZip, fixtureTree } from '../downloads/archives/archiveFixtures';

const PRODUCT = 'TEST-ARCHIVES';
const EDITION = 'TEST-ARCHIVES_1-0__GPKG_LAMB93_FXX_2025-06-17';
const files = fixtureTree(200_000);
const sevenZip = buildSevenZip(files, { compressHeader: true })[0] as Buffer;
const plainSevenZip = buildSevenZip(files, { compressHeader: false })[0] as Buffer;
const splitFiles = fixtureTree(400_000);
const volumes = buildSevenZip(splitFiles, { compressHeader: true, split: 100_000 });
const zip = buildZip(files);
const { resource, bytes } = productWithFiles(PRODUCT, EDITION, [
  { name: `${EDITION}.7z`, bytes: sevenZip },
  { name: `${EDITION}_plain.7z`, bytes: plainSevenZip },
  { name: `${EDITION}.zip`, bytes: zip },
  ...volumes.map((volume, index) => ({ name: `${EDITION}_split.7z.${String(index + 1).padStart(3, '0')}`, bytes: volume })),
  { name: `${EDITION}_corrupt.7z`, bytes: randomBytes(10_000) },
  { name: `${EDITION}_huge.zip`, bytes: Buffer.alloc(48 * 1024 * 1024) },
]);

const CONTENTS = 'contents { format entryCount entries { path size compressedSize crc32 modified isDirectory } rangeRequests bytesRead }';
const byName = `(resourceName: "${PRODUCT}", name: "${EDITION}")`;
const expectedFiles = files.map((file) => ({
  path: file.path,
  size: file.bytes.length,
  ...(file.bytes.length > 0 ? { crc32: crcHex(crc32(file.bytes)) } : {}),
}));

describe('File.contents and Archive.contents, read with Range requests from the fake upstream', () => {
  // Real downloads and archive reads: more than the default 20 s on a loaded machine.
  jest.setTimeout(60_000);
  let subgraph: SubgraphUnderTest;

  beforeEach(async () => {
    subgraph = await startSubgraph({ fake: { catalogue: [resource], fileBytes: bytes }, upstreamRate: 50, cacheTtlSeconds: 60 });
  });
  afterEach(async () => subgraph.stop());

  const downloads = () => subgraph.fake.requests.filter((request) => request.path.includes('/download/'));

  it.each([
    ['a .7z with a compressed header', `${EDITION}.7z`, 'SEVEN_ZIP', 3],
    ['a .7z with a plain header', `${EDITION}_plain.7z`, 'SEVEN_ZIP', 3],
    ['a .zip', `${EDITION}.zip`, 'ZIP', 2],
  ])('lists %s in a few Range requests, never the whole file', async (_label, name, format, maxRequests) => {
    const answer = await subgraph.query(`{ subResource${byName} { files { nodes { name ${CONTENTS} } } } }`);
    expect(answer.errors?.filter((error) => !String(error.path?.join('.')).includes('contents'))).toEqual([]);
    const node = answer.data?.['subResource'].files.nodes.find((file: { name: string }) => file.name === name);
    expect(node.contents.format).toBe(format);
    expect(node.contents.entries).toEqual(expect.arrayContaining(expectedFiles.map((file) => expect.objectContaining(file))));
    const requests = downloads().filter((request) => request.path.endsWith(`/${name}`));
    expect(requests.length).toBe(node.contents.rangeRequests);
    expect(requests.length).toBeLessThanOrEqual(maxRequests);
    for (const request of requests) {
      expect(request.headers['range']).toMatch(/^bytes=\d+-\d+$/);
      expect(request.status).toBe(206);
    }
    expect(node.contents.bytesRead).toBeLessThan(bytes.get(`${PRODUCT}/${EDITION}/${name}`)!.length);
  });

  it('reads a split .7z through its volumes: the start header in .001, the header in the last ones', async () => {
    const answer = await subgraph.query(`{ subResource${byName} { archives { name complete parts { name } ${CONTENTS} } } }`);
    const split = answer.data?.['subResource'].archives.find((archive: { name: string }) => archive.name === `${EDITION}_split.7z`);
    expect(split.parts).toHaveLength(volumes.length);
    const splitExpected = splitFiles.map((file) => ({ path: file.path, size: file.bytes.length }));
    expect(volumes.length).toBeGreaterThanOrEqual(5);
    expect(split.contents.entries).toEqual(expect.arrayContaining(splitExpected.map((file) => expect.objectContaining(file))));
    const splitRequests = downloads().filter((request) => request.path.includes('_split.7z.'));
    expect(splitRequests.length).toBe(split.contents.rangeRequests);
    expect(splitRequests[0]).toMatchObject({ path: expect.stringMatching(/\.001$/), headers: expect.objectContaining({ range: 'bytes=0-31' }) });
    // Volume 1 and the last two at most (the header and the bytes just before it): never the middle ones.
    const touched = new Set(splitRequests.map((request) => Number(request.path.slice(-3))));
    expect([...touched].filter((volume) => volume !== 1 && volume < volumes.length - 1)).toEqual([]);
    expect(touched.has(volumes.length)).toBe(true);
  });

  it('serves a table of contents asked again from the range cache: no request', async () => {
    const query = `{ subResource${byName} { files { nodes { name ${CONTENTS} } } } }`;
    await subgraph.query(query);
    subgraph.clearUpstream();
    const again = await subgraph.query(query);
    expect(downloads()).toEqual([]);
    const node = again.data?.['subResource'].files.nodes.find((file: { name: string }) => file.name === `${EDITION}.7z`);
    expect(node.contents).toMatchObject({ rangeRequests: 0, bytesRead: 0, entryCount: expect.any(Number) });
  });

  it('answers a corrupt archive with ARCHIVE_UNREADABLE on its field alone', async () => {
    const answer = await subgraph.query(`{ subResource${byName} { files { nodes { name contents { entryCount } } } } }`);
    const nodes = answer.data?.['subResource'].files.nodes as Array<{ name: string; contents: unknown }>;
    const failed = (answer.errors ?? []).map((error) => [
      nodes[error.path?.[3] as number]?.name,
      error.extensions?.['code'],
      error.extensions?.['archive']?.reason,
    ]);
    expect(failed).toEqual(expect.arrayContaining([[`${EDITION}_corrupt.7z`, 'ARCHIVE_UNREADABLE', 'CORRUPT']]));
    expect(nodes.find((node) => node.name === `${EDITION}.zip`)?.contents).toEqual({ entryCount: files.length + 1 });
  });

  it('stops at once when the upstream ignores Range, with RANGE_IGNORED', async () => {
    subgraph.fake.setFault((request) => (request.path.endsWith('_huge.zip') ? { ignoreRange: true } : undefined));
    const answer = await subgraph.query(`{ subResource${byName} { archives { name contents { entryCount } } } }`);
    const error = answer.errors?.find((candidate) => candidate.extensions?.['archive']?.reason === 'RANGE_IGNORED');
    expect(error).toMatchObject({ extensions: { code: 'ARCHIVE_UNREADABLE' } });
    const huge = downloads().filter((request) => request.path.endsWith('_huge.zip'));
    expect(huge).toHaveLength(1);
    await waitFor(() => huge[0]!.bytesSent !== undefined);
    // The body was cancelled: far less than the 48 MiB left the fake (what the sockets' buffers took at most).
    expect(huge[0]!.bytesSent).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('the header cap', () => {
  it('refuses, with HEADER_TOO_LARGE, an archive whose header needs more than GEOPF_ARCHIVE_HEADER_MAX_BYTES', async () => {
    const subgraph = await startSubgraph({ fake: { catalogue: [resource], fileBytes: bytes }, archiveHeaderMaxBytes: 4096 });
    try {
      const answer = await subgraph.query(`{ subResource${byName} { files { nodes { name contents { entryCount } } } } }`);
      const nodes = answer.data?.['subResource'].files.nodes as Array<{ name: string }>;
      const zipError = answer.errors?.find((error) => nodes[error.path?.[3] as number]?.name === `${EDITION}.zip`);
      expect(zipError?.extensions).toMatchObject({ code: 'ARCHIVE_UNREADABLE', archive: { reason: 'HEADER_TOO_LARGE' } });
      for (const request of subgraph.fake.requests.filter((candidate) => candidate.path.includes('/download/'))) {
        const [, start, end] = /bytes=(\d+)-(\d+)/.exec(request.headers['range'] ?? '') ?? [];
        expect(Number(end) - Number(start) + 1).toBeLessThanOrEqual(4096);
      }
    } finally {
      await subgraph.stop();
    }
  });
});

// Private: resolves once `condition` holds, polling on the event loop (the fake's socket events).
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
