import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the recorder got. */
export interface RecordedInvalidation {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A router's invalidation endpoint on 127.0.0.1, as far as the subgraph can see it: records every request and
 * answers the next status of `statuses` (then 202 with `{"count":…}`, as Apollo Router does).
 */
export class InvalidationRecorder {
  readonly received: RecordedInvalidation[] = [];
  /** Statuses of the next answers, in order. */
  statuses: number[] = [];
  private server: Server | null = null;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  /** Listens on a free loopback port; returns the endpoint's URL. */
  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.statuses.shift() ?? 202;
        response.writeHead(status, { 'content-type': 'application/json' }).end(status === 202 ? '{"count":1}' : '{"errors":[{"message":"no"}]}');
        this.waiters = this.waiters.filter((waiter) => (this.received.length >= waiter.count ? (waiter.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/invalidation`;
  }

  /** Resolves once `count` requests have arrived. */
  receivedCount(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
