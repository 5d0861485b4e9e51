import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The text of one of the upstream sample feeds in `test/fixtures/upstream/`. */
export function upstreamSample(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'upstream', name), 'utf8');
}
