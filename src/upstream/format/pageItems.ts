import type { FeedPage, RefusedEntry } from './model';

/** One item of a page: an accepted entry, or the refusal standing at its place. */
export type PageItem<E> = { entry: E } | { refused: RefusedEntry };

/** Items a page holds: its entries and the ones refused among them (what `totalentries` counts). */
export function itemCount(page: Pick<FeedPage<unknown>, 'entries' | 'refused'>): number {
  return page.entries.length + (page.refused?.length ?? 0);
}

/** The page's items in order, each an accepted entry or a refused one at its place. */
export function pageItems<E>(page: Pick<FeedPage<E>, 'entries' | 'refused'>): Array<PageItem<E>> {
  const byPosition = new Map((page.refused ?? []).map((refused) => [refused.position, refused]));
  const items: Array<PageItem<E>> = [];
  let next = 0;
  for (let position = 0; position < itemCount(page); position += 1) {
    const refused = byPosition.get(position);
    items.push(refused ? { refused } : { entry: page.entries[next++] as E });
  }
  return items;
}
