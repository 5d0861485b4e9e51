import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyBusyError, LOCK_FILE, takeCopyLock } from '../../src/mirror/copyLock';

describe('takeCopyLock()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'geopf-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the pid while taken, refuses another live process, and is gone once released', async () => {
    const release = await takeCopyLock(dir, 1234, () => true);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('1234\n');
    await expect(takeCopyLock(dir, 5678, () => true)).rejects.toThrow(CopyBusyError);
    await expect(takeCopyLock(dir, 5678, () => true)).rejects.toThrow(`Another geopf-sync (pid 1234) is working in ${dir}; wait for it to end.`);
    await release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock left by a process that died', async () => {
    writeFileSync(join(dir, LOCK_FILE), '999999\n');
    const release = await takeCopyLock(dir, 1234, (pid) => pid !== 999999);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('1234\n');
    await release();
  });

  it('checks liveness for real by default: this process is alive', async () => {
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\n`);
    await expect(takeCopyLock(dir, process.pid + 1)).rejects.toThrow(CopyBusyError);
  });
});
