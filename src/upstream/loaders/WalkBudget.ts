import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../core/errors';

/**
 * The operation's upstream budget (`QUERY_COST_BUDGET`) as the operation sees it while it runs: the second step
 * of admission. What only the upstream can tell (every page of a listing, whose total arrives with page 1; an
 * archive's Range reads, whose number its listed sizes bound; a page read after a miss) is reserved here before
 * anything is planned or sent for it: more than the budget has left is a typed `QUERY_TOO_EXPENSIVE` error on the
 * field (`needed`, `remaining`, `budget`), never a truncated answer.
 */
export class WalkBudget {
  /** Page loads admitted whose first request has not been sent yet (they wait at the gate, or for a cache). */
  private admitted = 0;
  /** Walks' reservations with the pages not yet admitted as loads, oldest first (loads take from the oldest). */
  private readonly reservations: Array<{ left: number }> = [];
  /** Reservations of requests sent outside the page loads (`reserveRequests`): loads never take from these. */
  private readonly requestReservations: Array<{ left: number }> = [];
  /** Admissions and requests taken from reservations so far (see `reserved`). */
  private taken = 0;

  /**
   * `budget`: requests the operation may spend (Infinity: no limit); `spent`: requests it has sent so far
   * (retries included), read at each reservation.
   */
  constructor(
    readonly budget: number,
    private readonly spent: () => number,
  ) {}

  /**
   * What the operation took from its budget at run time on reservations: page loads admitted from a walk's (or a
   * look-up's) reservation, and requests sent on a `reserveRequests` reservation. The estimate does not count
   * them; together they bound what the operation sends (retries aside).
   */
  get reserved(): number {
    return this.taken;
  }

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
   * Reserves `requests` for requests a field sends itself, outside the page loads (an archive's Range reads),
   * checked like `reserve`. Call `use` as each is sent (it counts on the reservation, never refuses: the
   * reservation must bound them), then `release` once done: what was not used returns to the budget.
   */
  reserveRequests(requests: number, what: string): { use: () => void; release: () => void } {
    this.check(requests, what);
    const reservation = { left: requests };
    if (requests > 0) this.requestReservations.push(reservation);
    return {
      use: () => {
        if (reservation.left <= 0) return;
        reservation.left -= 1;
        this.taken += 1;
        this.dropUsed();
      },
      release: () => {
        reservation.left = 0;
        this.dropUsed();
      },
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
      this.taken += 1;
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
    for (const list of [this.reservations, this.requestReservations]) {
      for (let index = list.length - 1; index >= 0; index -= 1) {
        if ((list[index] as { left: number }).left <= 0) list.splice(index, 1);
      }
    }
  }

  // Private: throws QUERY_TOO_EXPENSIVE unless `pages` fit in the budget less what is sent and promised.
  private check(pages: number, what: string): void {
    let reserved = 0;
    for (const reservation of this.reservations) reserved += reservation.left;
    for (const reservation of this.requestReservations) reserved += reservation.left;
    const remaining = this.budget - this.spent() - this.admitted - reserved;
    if (pages <= remaining) return;
    throw new GraphQLError(
      `Reading ${what} needs ${formatCount(pages)} more upstream requests; this operation has ${Math.max(remaining, 0)} left of its budget of ${this.budget}. ` +
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
