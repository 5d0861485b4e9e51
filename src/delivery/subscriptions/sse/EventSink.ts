import type { ServerResponse } from 'node:http';

/**
 * Where one or more subscriptions write their events: an SSE response once connected. `writable()` says when
 * the next event may be pulled: at once while the socket takes data, after its `drain` while it is congested,
 * once connected for a reservation not yet opened, never (false) once ended.
 */
export class EventSink {
  private response: ServerResponse | null = null;
  private waiters: Array<(writable: boolean) => void> = [];
  private ended = false;

  /** True once a response is attached. */
  get connected(): boolean {
    return this.response !== null;
  }

  /** Attaches the stream's response; the sink ends when it closes. */
  connect(response: ServerResponse): void {
    this.response = response;
    response.on('drain', () => this.wake(true));
    response.once('close', () => this.end());
    this.wake(true);
  }

  /** Resolves true when an event may be written now, false when the sink ended. */
  writable(): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    if (this.response && !this.response.writableNeedDrain) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push(resolve)).then((writable) => (writable ? this.writable() : false));
  }

  /** Writes one message (nothing once ended). */
  write(text: string): void {
    if (this.ended || !this.response || this.response.writableEnded) return;
    this.response.write(text);
  }

  /** Ends the sink and its response; waiting writers get false. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake(false);
    if (this.response && !this.response.writableEnded) this.response.end();
  }

  private wake(writable: boolean): void {
    for (const waiter of this.waiters.splice(0)) waiter(writable);
  }
}
