import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';

/**
 * The operation's upstream budget (`QUERY_COST_BUDGET`) as walks see it while the operation runs. A walk whose
 * size only the upstream knows (every page of a listing, whose total arrives with page 1) reserves its pages
 * here before planning or allocating anything for them: more than the budget has left is a typed
 * `QUERY_TOO_EXPENSIVE` error on the field, never a truncated answer.
 */
export class WalkBudget {
  /**
   * `budget`: requests the operation may spend (Infinity: no limit); `spent`: requests it has sent so far
   * (retries included), read at each reservation.
   */
  constructor(
    private readonly budget: number,
    private readonly spent: () => number,
  ) {}

  /** Throws unless `pages` more requests fit in what the operation has left; `what` names the walk for the message. */
  reserve(pages: number, what: string): void {
    const remaining = this.budget - this.spent();
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
