import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The repository's root folder. */
const REPO = join(__dirname, '..', '..');

/** The command that installs and builds the STAC test tools, as a developer types it. */
export const BUILD_STAC_TOOLS = 'bash scripts/buildStacTools.sh';

/**
 * The folder `scripts/buildStacTools.sh` installs STAC Browser and stac-node-validator into: `STAC_TOOLS_DIR`, or
 * `.cache/stac-tools` in the repository (gitignored), outside the project's node_modules.
 */
export function stacToolsDir(): string {
  return process.env.STAC_TOOLS_DIR || join(REPO, '.cache', 'stac-tools');
}

/**
 * Throws, saying which command to run, unless the cache holds a build of the current pins, config and script:
 * the digest the build script wrote beside it (`stamp`) must be the one these files have now.
 */
export function assertStacToolsBuilt(): string {
  const dir = stacToolsDir();
  const built = join(dir, 'browser', 'index.html');
  const stampFile = join(dir, 'stamp');
  if (!existsSync(built) || !existsSync(stampFile)) {
    throw new Error(`expected the STAC test tools built in ${dir}, got no build there: run \`${BUILD_STAC_TOOLS}\` (about 3 minutes, once)`);
  }
  const stamp = readFileSync(stampFile, 'utf8').trim();
  if (stamp !== currentStamp()) {
    throw new Error(`expected the STAC test tools in ${dir} built from the current scripts/stacTools/, got an older build: run \`${BUILD_STAC_TOOLS}\``);
  }
  return dir;
}

/** `require` from the STAC tools' own node_modules (they are not the project's dependencies). */
export function requireStacTool<T>(id: string): T {
  const dir = assertStacToolsBuilt();
  return createRequire(join(dir, 'package.json'))(id) as T;
}

// Private: the digest scripts/buildStacTools.sh computes (`cat … | sha256sum`), over the same files in the same order.
function currentStamp(): string {
  const hash = createHash('sha256');
  for (const file of [
    'scripts/stacTools/package.json',
    'scripts/stacTools/package-lock.json',
    'scripts/stacTools/stacBrowser.config.js',
    'scripts/buildStacTools.sh',
  ]) {
    hash.update(readFileSync(join(REPO, file)));
  }
  return hash.digest('hex');
}
