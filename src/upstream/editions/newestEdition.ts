import type { SubResourceEntry } from '../format/model';

/**
 * Orders editions newest first: the greatest `editionDate` (an edition without one comes last), then the
 * latest `updated`, then the greatest name — so a rebuilt edition of the same date wins, and the choice is
 * stable whatever order the upstream lists them in.
 */
export function compareNewestFirst(a: SubResourceEntry, b: SubResourceEntry): number {
  return (b.editionDate ?? '').localeCompare(a.editionDate ?? '') || (b.updated ?? '').localeCompare(a.updated ?? '') || b.name.localeCompare(a.name);
}

/** The newest of `editions` (see `compareNewestFirst`), or null for none. */
export function newestEdition(editions: readonly SubResourceEntry[]): SubResourceEntry | null {
  return [...editions].sort(compareNewestFirst)[0] ?? null;
}

/** The newest edition of each zone, in zone-code order; editions without a zone are left out. */
export function newestPerZone(editions: readonly SubResourceEntry[]): SubResourceEntry[] {
  const byZone = new Map<string, SubResourceEntry>();
  for (const edition of editions) {
    const code = edition.zone?.code;
    if (code === undefined) continue;
    const current = byZone.get(code);
    if (!current || compareNewestFirst(edition, current) < 0) byZone.set(code, edition);
  }
  return [...byZone.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, edition]) => edition);
}
