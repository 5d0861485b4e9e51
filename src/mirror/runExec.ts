import { spawn } from 'node:child_process';

/** What `--exec` is told of the edition it runs for. */
export interface ExecEdition {
  /** The edition's folder, an absolute path. */
  folder: string;
  resourceName: string;
  name: string;
}

/**
 * Runs the user's `command` for one edition: `/bin/sh -c 'COMMAND "$@"' geopf-sync FOLDER`, so that the
 * command is the user's own shell text and the folder reaches it as one argument, never as code, whatever its
 * name holds (quotes, `$(…)`, `;`, spaces). The folder, product and edition are also in `GEOPF_SYNC_FOLDER`,
 * `GEOPF_SYNC_RESOURCE` and `GEOPF_SYNC_EDITION`. Its output goes to the command's own; resolves with its exit
 * code (null when a signal ended it).
 */
export function runExec(command: string, edition: ExecEdition, env: Readonly<Record<string, string | undefined>>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${command} "$@"`, 'geopf-sync', edition.folder], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, GEOPF_SYNC_FOLDER: edition.folder, GEOPF_SYNC_RESOURCE: edition.resourceName, GEOPF_SYNC_EDITION: edition.name },
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}
