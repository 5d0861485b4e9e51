import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userAgent } from '../core/userAgent';
import { readProbeArgs, USAGE } from './readProbeArgs';
import { renderJson, renderTable } from './renderReport';
import { ExitCode, runProbe } from './runProbe';

/** `npm run check:upstream`: the only module of the probe that touches `process`. */
async function main(): Promise<number> {
  let args;
  try {
    args = readProbeArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return ExitCode.BAD_ARGUMENTS;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // Before any request: a report that cannot be written would waste the run.
  if (args.out !== null && !existsSync(dirname(resolve(args.out)))) {
    process.stderr.write(`--out: expected a file in an existing directory, got ${JSON.stringify(args.out)}\n`);
    return ExitCode.BAD_ARGUMENTS;
  }
  const report = await runProbe({ baseUrl: args.baseUrl, userAgent: userAgent() });
  if (args.out !== null) writeFileSync(args.out, renderJson(report));
  process.stdout.write(args.json ? renderJson(report) : renderTable(report));
  return report.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A fault of the probe itself (runProbe never throws for the upstream's): neither conforming nor deviating.
    process.stderr.write(`check:upstream failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 4;
  },
);
