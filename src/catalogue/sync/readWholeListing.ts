import type { FeedPage } from '../../upstream/format/model';

/** A listing read from its first page to its last: every entry, and the total every page agreed on. */
export interface WholeListing<E> {
  /** The entries accepted (not refused). */
  entries: E[];
  /** Entries refused one by one (a name no file can have): counted in `total`, never indexed. */
  refused: number;
  total: number;
  pages: number;
}

/** The listing changed while it was read, so it cannot be trusted as complete: read it again later. */
export class IncompleteListingError extends Error {
  constructor(what: string, detail: string) {
    super(`${what}: ${detail}; read again at the next sync`);
    this.name = 'IncompleteListingError';
  }
}

/**
 * Reads every page of a listing, one at a time (the syncer never queues more than one request). Complete only
 * when every page gives the same `totalentries` and the distinct entries (with those refused) number exactly
 * that; otherwise an
 * `IncompleteListingError` (never a shorter listing, which would look like withdrawals). Upstream faults
 * propagate as they are.
 */
export async function readWholeListing<E>(
  what: string,
  readPage: (page: number) => Promise<FeedPage<E>>,
  keyOf: (entry: E) => string,
): Promise<WholeListing<E>> {
  const first = await readPage(1);
  const entries = [...first.entries];
  let refused = first.refused?.length ?? 0;
  const pageCount = Math.max(1, first.pageCount);
  for (let page = 2; page <= pageCount; page += 1) {
    const next = await readPage(page);
    if (next.totalEntries !== first.totalEntries) {
      throw new IncompleteListingError(what, `its total went from ${first.totalEntries} to ${next.totalEntries} while it was read`);
    }
    entries.push(...next.entries);
    refused += next.refused?.length ?? 0;
  }
  const distinct = new Set(entries.map(keyOf)).size;
  if (distinct + refused !== first.totalEntries) {
    throw new IncompleteListingError(
      what,
      `it announced ${first.totalEntries} entries but ${distinct} distinct ones were read${refused > 0 ? ` (and ${refused} refused)` : ''}`,
    );
  }
  return { entries, refused, total: first.totalEntries, pages: pageCount };
}
