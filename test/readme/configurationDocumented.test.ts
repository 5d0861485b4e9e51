import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The environment variables `src/server/config.ts` reads: every quoted name in upper case with underscores. */
function variablesRead(): string[] {
  const source = readFileSync(join(root, 'src', 'server', 'config.ts'), 'utf8');
  return [...new Set([...source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT)'/g)].map((match) => match[1]!))].sort();
}

describe('docs/configuration.md', () => {
  const page = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');

  it('names every environment variable the server reads', () => {
    const read = variablesRead();
    expect(read).toEqual(expect.arrayContaining(['PORT', 'GEOPF_BASE_URL', 'GEOPF_RATE_LIMIT']));
    expect(read.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  });

  it('names no variable the server does not read', () => {
    const read = new Set(variablesRead());
    const documented = [...page.matchAll(/^\|([^|]*)\|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!));
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((name) => !read.has(name) && !['GATEWAY_PORT', 'GEOPF_PORT', 'DEPARTEMENTS_PORT', 'REPLICAS'].includes(name))).toEqual([]);
  });
});
