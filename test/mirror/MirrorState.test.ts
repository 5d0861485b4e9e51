import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyState, readState, STATE_FILE, StateFileError, writeState, type MirrorState } from '../../src/mirror/MirrorState';

describe('the state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'geopf-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const held: MirrorState = {
    version: 1,
    selection: { endpoint: 'http://localhost:4000/graphql', filter: { resources: ['BDTOPO'] }, keep: 2 },
    cursor: 'YzE6Nw==',
    editions: {
      'BDTOPO/E1': {
        resourceName: 'BDTOPO',
        name: 'E1',
        editionDate: '2025-06-15',
        files: { 'E1.7z': { size: 12, md5: '0123456789abcdef0123456789abcdef' }, 'E1.pdf': { size: 3, md5: null } },
        complete: true,
        execPending: false,
        atCursor: true,
      },
    },
  };

  it('is empty when there is none, and reads back what was written, leaving no temporary file', async () => {
    expect(await readState(dir)).toEqual(emptyState());
    await writeState(dir, held);
    await writeState(dir, { ...held, cursor: 'YzE6OA==' });
    expect(await readState(dir)).toEqual({ ...held, cursor: 'YzE6OA==' });
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
    expect(readFileSync(join(dir, STATE_FILE), 'utf8')).toMatch(/^\{\n {2}"version": 1,/);
  });

  it.each([
    ['not JSON', '{', /Expected property name|JSON/],
    ['another version', JSON.stringify({ ...held, version: 2 }), /version 2/],
    [
      'an edition whose name would leave the folder',
      JSON.stringify({ ...held, editions: { 'BDTOPO/..': { ...held.editions['BDTOPO/E1'], name: '..' } } }),
      /is a dot segment/,
    ],
    ['an edition under another key', JSON.stringify({ ...held, editions: { 'X/Y': held.editions['BDTOPO/E1'] } }), /under another key/],
    [
      'a file name with a slash',
      JSON.stringify({ ...held, editions: { 'BDTOPO/E1': { ...held.editions['BDTOPO/E1'], files: { '../x': { size: 1, md5: null } } } } }),
      /slash/,
    ],
  ])('refuses %s, naming the file and what to do', async (_case, text, problem) => {
    writeFileSync(join(dir, STATE_FILE), text);
    const reading = readState(dir);
    await expect(reading).rejects.toThrow(StateFileError);
    await expect(readState(dir)).rejects.toThrow(problem);
    await expect(readState(dir)).rejects.toThrow(/Move it away to start again/);
  });
});
