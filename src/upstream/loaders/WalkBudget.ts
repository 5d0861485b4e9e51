import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../core/errors';

/**
 * The operation's upstream budget (`QUERY_COST_BUDGET`) as walks see it while the operation runs. A walk whose
 * size only the upstream knows (every page of a listing, whose total arrives with page 1) reserves its pages
 * here before planning or allocating anything for them: more than the budget has left is a typed
 * `QUERY_TOO_EXPENSIVE` error on the field, never a truncated answer.
 */
export class WalkBudget {
  /** Page loads admitted whose first request has not been sent yet (they wait at the gate, or for a cache). */
  private admitted = 0;
  /** Walks' reservations with the pages not yet admitted as loads, oldest first (loads take from the oldest). */
  private readonly reservations: Array<{ left: number }> = [];

  /**
   * `budget`: requests the operation may spend (Infinity: no limit); `spent`: requests it has sent so far
   * (retries included), read at each reservation.
   */
  constructor(
    private readonly budget: number,
    private readonly spent: () => number,
  ) {}

  /**
   * Throws unless `pages` more requests fit in what the operation has left, counting what is already promised
   * (reserved walks, loads waiting to be sent), so that concurrent walks cannot each take the same remainder;
   * `what` names the walk for the message. Returns the release of what the walk did not use (pages its request
   * had already loaded): call it once its loads are all admitted (settled).
   */
  reserve(pages: number, what: string): () => void {
    this.check(pages, what);
    const reservation = { left: pages };
    if (pages > 0) this.reservations.push(reservation);
    return () => {
      reservation.left = 0;
      this.dropUsed();
    };
  }

  /**
   * Admits one page load: from a walk's reservation when one is open, else checked like a reservation of one.
   * Call the returned function once its first request is sent or it settled without one (a cache answered, it
   * joined a request already in flight); calling it again does nothing.
   */
  admit(): () => void {
    const reservation = this.reservations[0];
    if (reservation) {
      reservation.left -= 1;
      this.dropUsed();
    } else {
      this.check(1, 'one more page');
    }
    this.admitted += 1;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.admitted -= 1;
    };
  }

  // Private: forgets reservations with nothing left.
  private dropUsed(): void {
    for (let index = this.reservations.length - 1; index >= 0; index -= 1) {
      if ((this.reservations[index] as { left: number }).left <= 0) this.reservations.splice(index, 1);
    }
  }

  // Private: throws QUERY_TOO_EXPENSIVE unless `pages` fit in the budget less what is sent and promised.
  private check(pages: number, what: string): void {
    const reserved = this.reservations.reduce((sum, reservation) => sum + reservation.left, 0);
    const remaining = this.budget - this.spent() - this.admitted - reserved;
    if (pages <= remaining) return;
    throw new GraphQLError(
      `Reading ${what} whole needs ${formatCount(pages)} more upstream requests; this operation has ${Math.max(remaining, 0)} left of its budget of ${this.budget}. ` +
        'Narrow it with a filter (zone, format, dates), or page through it with first/after.',
      { extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE, limit: 'upstreamRequests', needed: pages, remaining: Math.max(remaining, 0), budget: this.budget } },
    );
  }
}

/** A budget that never refuses (unit tests, tools). */
export const UNLIMITED_WALKS = new WalkBudget(Number.POSITIVE_INFINITY, () => 0);

function formatCount(value: number): string {
  return Number.isFinite(value) ? new Intl.NumberFormat('en-US').format(value) : String(value);
}
