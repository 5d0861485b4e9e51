import type { FeedPage } from '../format/model';
import type { Listing } from './Listing';
import type { WalkBudget } from './WalkBudget';

/**
 * Page `page` of a listing, read because of what the operation has read so far (a look-up that missed where it
 * looked first, a zone without editions): reserved on the budget before it is loaded (`QUERY_TOO_EXPENSIVE` when
 * the operation has nothing left), so that the estimate made before running need not count it.
 */
export async function loadReservedPage<E>(listing: Listing<E>, page: number, budget: WalkBudget, what: string): Promise<FeedPage<E>> {
  const release = budget.reserve(1, what);
  try {
    return await listing.loadPage(page);
  } finally {
    release();
  }
}
