import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project root: the nearest folder holding package.json above `start` (this module's folder by default,
 * so it works from `src/` and from `dist/src/`, which holds no package.json).
 */
export function projectRoot(start: string = __dirname): string {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'package.json'))) return directory;
    if (dirname(directory) === directory) throw new Error(`expected a package.json above ${start}, got none`);
  }
}
