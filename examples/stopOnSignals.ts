/**
 * Makes the first SIGINT or SIGTERM run `stop` (which stops everything the script started, child processes
 * included) and then exit 0, or 1 when stopping failed; a second signal while stopping is ignored. Every Apollo
 * Server a script starts must have `stopOnTerminationSignals: false`: Apollo's own handler would stop its server
 * and raise the signal again, ending the process (130/143) before the rest is stopped.
 */
export function stopOnSignals(stop: () => Promise<void>, write: (line: string) => void = (line) => process.stdout.write(line)): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    write(`${signal}: stopping…\n`);
    stop().then(
      () => {
        write('Stopped.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
