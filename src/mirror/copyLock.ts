import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The lock file in the copy's folder, holding the pid of the run that works there. */
export const LOCK_FILE = '.geopf-sync.lock';

/** Another live run holds the copy. */
export class CopyBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`Another geopf-sync (pid ${pid}) is working in ${dir}; wait for it to end.`);
    this.name = 'CopyBusyError';
  }
}

/**
 * Takes the copy's lock for process `pid` and returns its release. A lock left by a run that died (killed, the
 * machine restarted: its pid is gone) is taken over; one held by a live process is `CopyBusyError`.
 */
export async function takeCopyLock(dir: string, pid: number, isAlive: (pid: number) => boolean = processAlive): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${pid}\n`);
      await file.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== pid && isAlive(holder)) throw new CopyBusyError(dir, holder);
    await unlink(path).catch(() => undefined);
  }
  throw new CopyBusyError(dir, Number((await readFile(path, 'utf8').catch(() => '0')).trim()));
}

// Private: true when a process with this pid exists (signal 0 checks without sending; EPERM: it exists, not ours).
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
