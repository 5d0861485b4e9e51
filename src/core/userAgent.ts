import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './projectRoot';

/**
 * The `User-Agent` sent upstream: neutral and naming the project. The upstream's firewall answers 403 to
 * default agents and to any agent containing "bot".
 */
export function userAgent(): string {
  return `geopf-download-subgraph/${packageVersion()} (GraphQL federation subgraph; Node.js ${process.versions.node})`;
}

/** The `version` of package.json ('0' when unreadable). */
export function packageVersion(): string {
  try {
    const packageJson = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
    return packageJson.version ?? '0';
  } catch {
    return '0';
  }
}
