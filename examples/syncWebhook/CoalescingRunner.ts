/** Runs `run` once per `request()`, never two at once: requests during a run make one more run after it. */
export class CoalescingRunner {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly run: () => Promise<void>) {}

  /** Asks for a run: now when idle, else once after the current one. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no run is going on. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.run();
    } while (this.again);
  }
}
