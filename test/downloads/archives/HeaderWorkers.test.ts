import { ArchiveError } from '../../../src/downloads/archives/ArchiveError';
import { runHeaderTask, type HeaderTask } from '../../../src/downloads/archives/HeaderParsing';
import { HeaderWorkers } from '../../../src/downloads/archives/HeaderWorkers';
import { parseSevenZipHeader, type EncodedHeader } from '../../../src/downloads/archives/parseSevenZipHeader';
import { buildSevenZip, buildZip, fixtureTree } from './archiveFixtures';

// A header of 2000 names: some 150 KB once decoded.
const archive = buildSevenZip(
  Array.from({ length: 2000 }, (_, index) => ({ path: `D${index % 101}/COUCHE_${index}.gpkg`, bytes: Buffer.from(String(index)) })),
  { compressHeader: true },
)[0] as Buffer;
const nextHeader = archive.subarray(32 + Number(archive.readBigUInt64LE(12)), 32 + Number(archive.readBigUInt64LE(12)) + Number(archive.readBigUInt64LE(20)));
const encoded = (parseSevenZipHeader(nextHeader) as { encoded: EncodedHeader }).encoded;
const packed = archive.subarray(32 + encoded.packPosition, 32 + encoded.packPosition + encoded.packSize);
const decodeTask: HeaderTask = { kind: 'sevenZipEncoded', encoded, packed, maxEntries: 10_000 };
const zip = buildZip(fixtureTree(1000));
const zipTask: HeaderTask = {
  kind: 'zipDirectory',
  directory: zip.subarray(zip.readUInt32LE(zip.length - 6), zip.length - 22),
  entryCount: zip.readUInt16LE(zip.length - 12),
  maxEntries: 10_000,
};

describe('HeaderWorkers', () => {
  let workers: HeaderWorkers;
  afterEach(async () => workers.close());

  it('decodes and parses a 7z header, and parses a zip directory, on a thread, as the calling thread would, while the event loop turns', async () => {
    workers = new HeaderWorkers({ maxThreads: 1, maxBytes: 10_000_000 });
    let turns = 0;
    let turning = true;
    const spin = () => {
      turns += 1;
      if (turning) setImmediate(spin);
    };
    setImmediate(spin);
    const decoded = await workers.run(decodeTask);
    turning = false;
    expect(decoded).toEqual(runHeaderTask(decodeTask));
    expect(decoded).toMatchObject({ kind: 'sevenZip', header: { kind: 'files', entries: expect.any(Array) } });
    expect(turns).toBeGreaterThan(5);
    expect(await workers.run(zipTask)).toEqual(runHeaderTask(zipTask));
    expect(workers.stats).toMatchObject({ threads: 1, running: 0, queued: 0, bytesInUse: 0, peakThreads: 1, tasks: 2 });
  });

  it('never runs more threads, nor holds more bytes, than it is allowed, however many tasks wait', async () => {
    const taskBytes = packed.length + encoded.unpackSize;
    workers = new HeaderWorkers({ maxThreads: 2, maxBytes: 2 * taskBytes });
    const results = await Promise.all(Array.from({ length: 12 }, () => workers.run(decodeTask)));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(workers.stats).toMatchObject({ peakThreads: 2, tasks: 12, queued: 0, running: 0, bytesInUse: 0 });
    expect(workers.stats.peakBytes).toBeLessThanOrEqual(2 * taskBytes);

    // A bytes budget for one task at a time: still two threads at most, one task running at once.
    const narrow = new HeaderWorkers({ maxThreads: 4, maxBytes: taskBytes });
    try {
      await Promise.all(Array.from({ length: 4 }, () => narrow.run(decodeTask)));
      expect(narrow.stats.peakBytes).toBe(taskBytes);
      expect(narrow.stats.peakThreads).toBe(1);
    } finally {
      await narrow.close();
    }
  });

  it('lets a task leave the queue when its operation ends, and ends a thread whose task outlives its operation', async () => {
    workers = new HeaderWorkers({ maxThreads: 1, maxBytes: 10_000_000 });
    const first = new AbortController();
    const second = new AbortController();
    const running = workers.run(decodeTask, first.signal);
    const waiting = workers.run(decodeTask, second.signal);
    expect(workers.stats).toMatchObject({ running: 1, queued: 1 });
    second.abort();
    await expect(waiting).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_TIMEOUT' } });
    expect(workers.stats.queued).toBe(0);
    first.abort();
    await expect(running).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_TIMEOUT' } });
    expect(workers.stats).toMatchObject({ threads: 0, running: 0, bytesInUse: 0 });
    // The next task gets a new thread.
    expect(await workers.run(zipTask)).toMatchObject({ kind: 'entries' });
  });

  it('ends a thread whose task runs past the timeout, and answers garbage and too many entries with an ArchiveError', async () => {
    workers = new HeaderWorkers({ maxThreads: 1, maxBytes: 10_000_000, timeoutMs: 1 });
    await expect(workers.run(decodeTask)).rejects.toMatchObject({ reason: 'CORRUPT', message: expect.stringMatching(/did not parse within 1 ms/) });
    expect(workers.stats.threads).toBe(0);
    await workers.close();

    workers = new HeaderWorkers({ maxThreads: 1, maxBytes: 10_000_000 });
    await expect(workers.run({ ...decodeTask, packed: Buffer.alloc(packed.length, 0xa5) })).rejects.toBeInstanceOf(ArchiveError);
    await expect(workers.run({ ...decodeTask, maxEntries: 100 })).rejects.toMatchObject({ reason: 'TOO_MANY_ENTRIES' });
    await expect(workers.run({ ...zipTask, maxEntries: 2 })).rejects.toMatchObject({ reason: 'TOO_MANY_ENTRIES' });
  });
});
