import { changeEventId } from '../../catalogue/changes/ChangeEvent';
import { EVERY_CHANGE, matchesChange } from '../../catalogue/changes/ChangeFilter';
import type { ChangeSource } from '../../catalogue/changes/ChangeSource';
import type { NewDelivery, Outbox } from '../../catalogue/watches/Outbox';
import type { WatchStore } from '../../catalogue/watches/WatchStore';

// Private: events read from the log per step.
const PAGE = 200;

/**
 * Turns change events into outbox deliveries, one per matching active watch, from the outbox's cursor on: a
 * restart resumes where the last run stopped, and a replica repeating the work only re-enqueues deliveries the
 * outbox already holds (skipped). `catchUp` runs one pass; concurrent calls share it.
 */
export class WatchFanOut {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly source: ChangeSource,
    private readonly outbox: Outbox,
    private readonly watches: WatchStore,
  ) {}

  /** Enqueues deliveries for every event after the cursor; returns how many deliveries were enqueued. */
  catchUp(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.catchUp();
      }
    });
    return this.running;
  }

  // Private: pages through the log from the cursor until it is exhausted.
  private async pass(): Promise<number> {
    let enqueued = 0;
    for (;;) {
      const cursor = await this.outbox.cursor();
      const events = await this.source.page(EVERY_CHANGE, cursor, PAGE);
      const last = events.at(-1);
      if (!last) return enqueued;
      const active = (await this.watches.list()).filter((watch) => watch.status === 'ACTIVE');
      const deliveries: NewDelivery[] = events.flatMap((event) =>
        active.filter((watch) => matchesChange(watch.filter, event)).map((watch) => ({ watchId: watch.id, eventId: changeEventId(event), event })),
      );
      await this.outbox.enqueue(deliveries, last.seq);
      enqueued += deliveries.length;
    }
  }
}
