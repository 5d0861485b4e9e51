/**
 * Measures the place library: load time and retained memory of the zone footprints and of the commune index,
 * each in a fresh process, and the latency of `resolvePlace` once both are loaded.
 *
 *   npx tsx bench/places.ts
 *
 * Retained memory is the heap (and RSS) after a full GC, minus the same before loading; load time is the
 * first call (file read, parse, decode or compaction).
 */
import { execFileSync } from 'node:child_process';
import { communeIndex } from '../src/zones/communeIndex';
import { resolvePlace } from '../src/zones/resolvePlace';
import { zoneFootprints } from '../src/zones/zoneFootprints';
import { zonesIntersecting } from '../src/zones/zonesCovering';

// Private: what people write, one of each kind, then a few harder ones.
const INPUTS = ['-4.49,48.39', '55.45,-20.88', '-5,46', '29200', '75056', '2A004', 'Brest', 'Saint-Denis (974)', 'D029', 'ile de france'];
const ITERATIONS = 2_000;

interface LoadFigures {
  loadMs: number;
  heapMiB: number;
  rssMiB: number;
}

function measureLoad(load: () => unknown): LoadFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  load();
  const loadMs = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  return { loadMs, heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20, rssMiB: (after.rss - before.rss) / 2 ** 20 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function measureResolve(): Record<string, { p50: number; p95: number }> {
  zoneFootprints();
  communeIndex();
  const results: Record<string, { p50: number; p95: number }> = {};
  const all: number[] = [];
  for (const input of INPUTS) {
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i += 1) {
      const started = performance.now();
      try {
        resolvePlace(input);
      } catch {
        // An ambiguous input is measured as well: it is a result too.
      }
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    results[input] = { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  }
  all.sort((a, b) => a - b);
  results['(all)'] = { p50: percentile(all, 0.5), p95: percentile(all, 0.95) };
  const box: [number, number, number, number] = [-2, 47, 0, 48.5];
  const times: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const started = performance.now();
    zonesIntersecting(box);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  results['zonesIntersecting([-2, 47, 0, 48.5])'] = { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  return results;
}

function main(): void {
  const mode = process.argv[2];
  if (mode === 'footprints') return void process.stdout.write(JSON.stringify(measureLoad(zoneFootprints)));
  if (mode === 'communes') return void process.stdout.write(JSON.stringify(measureLoad(communeIndex)));
  if (mode === 'resolve') return void process.stdout.write(JSON.stringify(measureResolve()));
  const run = (which: string): unknown =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, which], { encoding: 'utf8' }));
  const row = (name: string, figures: LoadFigures) =>
    `| ${name} | ${figures.loadMs.toFixed(0)} ms | ${figures.heapMiB.toFixed(1)} MiB | ${figures.rssMiB.toFixed(1)} MiB |`;
  const lines = [
    `Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| data | first load | retained heap | RSS growth |',
    '|---|---|---|---|',
    row('zone footprints', run('footprints') as LoadFigures),
    row('commune index', run('communes') as LoadFigures),
    '',
    `| resolvePlace input (${ITERATIONS} calls each, warm) | p50 | p95 |`,
    '|---|---|---|',
    ...Object.entries(run('resolve') as Record<string, { p50: number; p95: number }>).map(
      ([input, { p50, p95 }]) => `| ${input} | ${(p50 * 1000).toFixed(0)} µs | ${(p95 * 1000).toFixed(0)} µs |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
