import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cycles, importGraph, type ImportEdge } from './importGraph';

const SRC = join(__dirname, '..', '..', 'src');

/**
 * The wings of `src/`, bottom to top, and the wings each may import. A wing never imports one above it; the
 * entry point `main.ts` sits on top. Each wing's README.md says the same in words.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  observability: ['core'],
  zones: ['core'],
  upstream: ['core', 'observability', 'zones'],
  downloads: ['core', 'observability', 'upstream'],
  catalogue: ['core', 'observability', 'zones', 'upstream'],
  graphql: ['core', 'observability', 'zones', 'upstream', 'downloads', 'catalogue'],
  delivery: ['core', 'observability', 'zones', 'upstream', 'catalogue', 'graphql'],
  server: ['core', 'observability', 'zones', 'upstream', 'downloads', 'catalogue', 'graphql', 'delivery'],
  // A second entry point beside main.ts: the probe of the real upstream (`npm run check:upstream`).
  conformance: ['core', 'observability', 'zones', 'upstream', 'server'],
  // A third: `geopf-sync`, a client of a running subgraph over HTTP only (it shares the gate's pacing, nothing else).
  mirror: ['core', 'upstream'],
  'main.ts': ['core', 'observability', 'zones', 'upstream', 'downloads', 'catalogue', 'graphql', 'delivery', 'server'],
};

const edges = importGraph(SRC);
const wingOf = (file: string) => file.split('/')[0]!;

describe('the layout of src/', () => {
  it('has only the wings the rules name, each with a README', () => {
    const entries = readdirSync(SRC, { withFileTypes: true });
    expect(entries.map((entry) => entry.name).sort()).toEqual(Object.keys(MAY_IMPORT).sort());
    for (const entry of entries.filter((each) => each.isDirectory())) {
      const readme = readFileSync(join(SRC, entry.name, 'README.md'), 'utf8');
      expect(readme).toMatch(/may import/i);
    }
  });

  it('finds the imports it checks (the graph is not empty)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'main.ts', to: 'server/server.ts' }));
  });
});

describe('dependency rules', () => {
  it('no wing imports a wing it may not (nothing runs back up)', () => {
    const breaches = edges.filter((edge) => wingOf(edge.from) !== wingOf(edge.to) && !MAY_IMPORT[wingOf(edge.from)]!.includes(wingOf(edge.to)));
    expect(breaches.map(show)).toEqual([]);
  });

  it('no file imports itself back through others (no import cycle between files, type-only imports included)', () => {
    const successors = groupBy(
      edges,
      (edge) => edge.from,
      (edge) => edge.to,
    );
    expect(cycles(successors.keys(), (file) => successors.get(file) ?? [])).toEqual([]);
  });

  it('no folder imports itself back through its siblings, at any depth', () => {
    // Sibling units under one folder: its sub-folders and its loose files. An import between two files joins
    // the two siblings that hold them under their deepest common folder.
    const unitEdges = new Map<string, Set<string>>();
    for (const edge of edges) {
      const from = edge.from.split('/');
      const to = edge.to.split('/');
      let depth = 0;
      while (depth < from.length - 1 && depth < to.length - 1 && from[depth] === to[depth]) depth += 1;
      const fromUnit = from.slice(0, depth + 1).join('/');
      const toUnit = to.slice(0, depth + 1).join('/');
      if (fromUnit === toUnit) continue;
      if (!unitEdges.has(fromUnit)) unitEdges.set(fromUnit, new Set());
      unitEdges.get(fromUnit)!.add(toUnit);
    }
    expect(cycles(unitEdges.keys(), (unit) => unitEdges.get(unit) ?? [])).toEqual([]);
  });

  it('nothing outside zones/ reaches past its face, zones/index.ts', () => {
    const pastTheFace = edges.filter((edge) => wingOf(edge.from) !== 'zones' && wingOf(edge.to) === 'zones' && edge.to !== 'zones/index.ts');
    expect(pastTheFace.map(show)).toEqual([]);
  });

  it('fails on a breach (the rule is not vacuous)', () => {
    const upward: ImportEdge = { from: 'upstream/client/GeopfClient.ts', to: 'graphql/context.ts', typeOnly: true };
    const breaches = [upward].filter((edge) => !MAY_IMPORT[wingOf(edge.from)]!.includes(wingOf(edge.to)));
    expect(breaches).toHaveLength(1);
    expect(cycles(['a', 'b'], (node) => (node === 'a' ? ['b'] : ['a']))).toEqual([['a', 'b']]);
  });
});

// Private: an edge as a line of a failure message.
function show(edge: ImportEdge): string {
  return `${edge.from} -> ${edge.to}${edge.typeOnly ? ' (type only)' : ''}`;
}

// Private: values grouped by key.
function groupBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), value(item)]);
  return groups;
}
