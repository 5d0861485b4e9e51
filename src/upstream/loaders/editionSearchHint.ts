import type { UpstreamParams } from '../format/listingPath';

/**
 * A filter likely to contain an edition, guessed from its name so that finding one edition of a product
 * with thousands (BDTOPO has ~3,800) costs one request instead of a walk through every page. Names usually
 * end with the edition date (`…_FXX_2025-01-01`). The guess only narrows the search: the entry is still
 * matched by its exact name and every value is read from its elements; when the guess finds nothing the
 * caller scans the unfiltered listing. Null when the name offers no date.
 */
export function editionSearchHint(editionName: string): UpstreamParams | null {
  const date = /_(\d{4}-\d{2}-\d{2})$/.exec(editionName)?.[1];
  return date ? { editionDateFrom: date, editionDateTo: date } : null;
}
