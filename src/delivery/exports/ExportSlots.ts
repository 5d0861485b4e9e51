import { TooManyExportsError } from '../../core/errors';

/** How many exports may stream at once: in the whole process, and to one client address. */
export interface ExportLimits {
  /** `EXPORTS_MAX_CONCURRENT`: exports streaming at once in the process. */
  maxConcurrent: number;
  /** `EXPORTS_MAX_PER_CLIENT`: exports streaming at once to one client address. */
  maxPerClient: number;
}

/**
 * The exports under way, counted in the process and per client address. `take` gives a slot and the function
 * that gives it back (once, whatever happens to the export), or throws `TooManyExportsError` naming the cap
 * that is full: an export holds the index's reads and a connection for as long as its client reads.
 */
export class ExportSlots {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: ExportLimits) {}

  /** Exports under way now. */
  get size(): number {
    return this.total;
  }

  take(client: string): () => void {
    const held = this.perClient.get(client) ?? 0;
    if (held >= this.limits.maxPerClient) throw new TooManyExportsError('client', this.limits.maxPerClient);
    if (this.total >= this.limits.maxConcurrent) throw new TooManyExportsError('process', this.limits.maxConcurrent);
    this.total += 1;
    this.perClient.set(client, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left === 0) this.perClient.delete(client);
      else this.perClient.set(client, left);
    };
  }
}
