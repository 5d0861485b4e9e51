import type { ServerResponse } from 'node:http';

/**
 * Writes an export to its response with back-pressure: `write` resolves once the socket took the chunk (after
 * `drain` when its buffer was full). When the client goes away (the response closes unfinished), `gone` turns
 * true, `signal` aborts and `write` resolves at once without writing: the reader checks `gone` and stops.
 */
export class ResponseSink {
  private readonly controller = new AbortController();
  /** Bytes handed to the response so far. */
  bytes = 0;

  constructor(private readonly response: ServerResponse) {
    response.once('close', () => {
      if (!response.writableFinished) this.controller.abort();
    });
  }

  /** Aborted when the client disconnects before the end. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get gone(): boolean {
    return this.controller.signal.aborted;
  }

  /** Writes `chunk`; resolves when more may be written (or the client is gone). */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.gone) return;
    const length = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (length === 0) return;
    this.bytes += length;
    if (this.response.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.response.off('drain', done);
        this.controller.signal.removeEventListener('abort', done);
        resolve();
      };
      this.response.on('drain', done);
      this.controller.signal.addEventListener('abort', done);
    });
  }
}
