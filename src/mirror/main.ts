import { packageVersion } from '../core/userAgent';
import { readMirrorArgs, USAGE } from './readMirrorArgs';
import { ExitCode, runMirror } from './runMirror';

/** `geopf-sync` (`npm run sync --`): the only module of the command that touches `process`. */
async function main(): Promise<number> {
  if (process.platform === 'win32') {
    // Windows gives meaning to names a hostile upstream may serve (`CON`, `NUL.zip`, `x:stream`, trailing dots),
    // and `--exec` needs /bin/sh: the command's name checks are written for POSIX file systems.
    process.stderr.write('geopf-sync runs on Linux and macOS; on Windows, run it in WSL.\n');
    return ExitCode.BAD_ARGUMENTS;
  }
  let args;
  try {
    args = readMirrorArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return ExitCode.BAD_ARGUMENTS;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return ExitCode.DONE;
  }
  return runMirror(args, {
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns ?? 80,
    env: process.env,
    pid: process.pid,
    userAgent: `geopf-sync/${packageVersion()} (geopf-download-subgraph; Node.js ${process.versions.node})`,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A fault of the command itself (a disk that cannot be written…): not one of the statuses it promises.
    process.stderr.write(`geopf-sync failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 4;
  },
);
