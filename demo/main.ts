import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../src/config';
import { createJsonLogger } from '../src/logger';
import { SNAPSHOT_FILE, parseSnapshot, projectRoot } from './snapshot';
import { startDemo } from './startDemo';

/** `npm run demo`: the subgraph against a local upstream serving demo/snapshot.json; `PORT` as for `npm start`. */
async function main(): Promise<void> {
  const { port } = readConfig({ PORT: process.env['PORT'] });
  const snapshotPath = join(projectRoot(), SNAPSHOT_FILE);
  const resources = parseSnapshot(readFileSync(snapshotPath, 'utf8'), SNAPSHOT_FILE);
  const demo = await startDemo({ port, resources, logger: createJsonLogger() });
  const editions = resources.reduce((total, resource) => total + resource.editions.length, 0);
  process.stdout.write(
    [
      'Géoplateforme download subgraph: offline demo',
      `  GraphiQL:  ${demo.url}   (open it in a browser; GraphQL POSTs go to the same URL)`,
      `  upstream:  ${demo.upstreamUrl}   (${SNAPSHOT_FILE}: ${resources.length} products, ${editions} editions)`,
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  );
  // Apollo Server has SIGINT/SIGTERM listeners of its own: they stop it, then raise the signal again. Its 5.x
  // stop() never settles for a caller that arrives while another stop is running, so this listener goes first
  // (prepended), does the one stop, and exits 0; `stopping` ignores Apollo's raised signal should it come.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping…\n`);
    demo.stop().then(
      () => {
        process.stdout.write('Stopped.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Stopping failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.prependListener('SIGINT', () => shutdown('SIGINT'));
  process.prependListener('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
