import { ChangeKind } from '../changes/ChangeEvent';
import { editionKey, type IndexedEdition, type SyncPlanView } from '../store/CatalogueStore';

/** Why a copy deletes an edition: withdrawn upstream, or pushed out of the newest `keep` of its series. */
export type SyncRemovalReason = 'WITHDRAWN' | 'SUPERSEDED';

/** The editions a copy downloads and deletes (`planSync`). */
export interface SyncPlanEditions {
  /** Newest first (edition date, then product and name, descending). */
  download: IndexedEdition[];
  /** By product, then name. */
  remove: Array<{ edition: IndexedEdition; reason: SyncRemovalReason }>;
}

/**
 * What a copy holding the `keep` newest editions of each series (product, zone, format, CRS) of the view's
 * filter at position `afterSeq` downloads and deletes to hold those of now: now's minus then's, and then's
 * minus now's. Then's listing is now's rewound through each edition's first event after `afterSeq`: an
 * addition means it was not listed then, a withdrawal or a change that it was; with no event it was as it is.
 * Facets are today's (the log keeps no earlier values), so an edition whose date, zone, format or CRS changed
 * since counts in its series of today. With `afterSeq` null the copy holds nothing.
 */
export function planSync(view: SyncPlanView, afterSeq: number | null, keep: number): SyncPlanEditions {
  const now = newestOfEachSeries(
    view.editions.filter((edition) => edition.withdrawnAt === null),
    keep,
  );
  const then =
    afterSeq === null ?
      new Set<string>()
    : newestOfEachSeries(
        view.editions.filter((edition) => listedAt(edition, view.firstEventAfter)),
        keep,
      );
  const download = view.editions.filter((edition) => now.has(keyOf(edition)) && !then.has(keyOf(edition))).sort(newestFirst);
  const remove = view.editions
    .filter((edition) => then.has(keyOf(edition)) && !now.has(keyOf(edition)))
    .sort((a, b) => compare(a.product, b.product) || compare(a.name, b.name))
    .map((edition) => ({ edition, reason: edition.withdrawnAt === null ? ('SUPERSEDED' as const) : ('WITHDRAWN' as const) }));
  return { download, remove };
}

// Private: whether the edition was listed at the position the first events are counted after.
function listedAt(edition: IndexedEdition, firstEventAfter: ReadonlyMap<string, ChangeKind>): boolean {
  const first = firstEventAfter.get(keyOf(edition));
  return first === undefined ? edition.withdrawnAt === null : first !== ChangeKind.EDITION_ADDED;
}

// Private: the keys of the `keep` newest editions of each series.
function newestOfEachSeries(editions: readonly IndexedEdition[], keep: number): Set<string> {
  const series = new Map<string, IndexedEdition[]>();
  for (const edition of editions) {
    const key = JSON.stringify([edition.product, edition.zone?.code ?? null, edition.format?.code ?? null, edition.crs?.code ?? null]);
    const members = series.get(key);
    if (members) members.push(edition);
    else series.set(key, [edition]);
  }
  const kept = new Set<string>();
  for (const members of series.values()) for (const edition of members.sort(newestFirst).slice(0, keep)) kept.add(keyOf(edition));
  return kept;
}

// Private: `Query.editions`' default order: edition date descending (undated last), then product and name descending.
function newestFirst(a: IndexedEdition, b: IndexedEdition): number {
  return compare(b.editionDate ?? '', a.editionDate ?? '') || compare(b.product, a.product) || compare(b.name, a.name);
}

// Private: code-unit order, the same whatever the locale.
function compare(a: string, b: string): number {
  return (
    a < b ? -1
    : a > b ? 1
    : 0
  );
}

function keyOf(edition: IndexedEdition): string {
  return editionKey(edition.product, edition.name);
}
