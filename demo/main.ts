import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../src/server/config';
import { createJsonLogger } from '../src/core/logger';
import { stopOnSignals } from '../examples/stopOnSignals';
import { SNAPSHOT_FILE, parseSnapshot, projectRoot } from './snapshot';
import { startDemo } from './startDemo';

/**
 * `npm run demo`: the subgraph against a local upstream serving demo/snapshot.json. Settings as for `npm start`
 * (`PORT`…, a bad one stops it with status 1), except `GEOPF_BASE_URL` and `GEOPF_RATE_LIMIT`: the local upstream's.
 */
async function main(): Promise<void> {
  // Every setting is checked as `npm start` checks it; the upstream and its rate are the demo's own.
  const config = readConfig(process.env);
  const snapshotPath = join(projectRoot(), SNAPSHOT_FILE);
  const resources = parseSnapshot(readFileSync(snapshotPath, 'utf8'), SNAPSHOT_FILE);
  const demo = await startDemo({ port: config.port, config, resources, logger: createJsonLogger() });
  stopOnSignals(() => demo.stop());
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
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
