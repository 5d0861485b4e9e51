import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_FILE, buildSnapshot, projectRoot, serializeSnapshot } from './snapshot';

/** `npm run demo:snapshot`: writes demo/snapshot.json from the test catalogue. */
function writeSnapshot(): void {
  const snapshot = buildSnapshot();
  const path = join(projectRoot(), SNAPSHOT_FILE);
  writeFileSync(path, serializeSnapshot(snapshot));
  const editions = snapshot.resources.reduce((total, resource) => total + resource.editions.length, 0);
  process.stdout.write(`Wrote ${path}: ${snapshot.resources.length} products, ${editions} editions.\n`);
}

writeSnapshot();
