import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST a test receiver got. */
export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver: records every request and answers what `answer` says (200 by default). */
export class Receiver {
  readonly received: ReceivedDelivery[] = [];
  answer: { status: number; headers?: Record<string, string>; body?: string } = { status: 200 };
  private server: Server | null = null;
  port = 0;

  /** Listens on 127.0.0.1 (on the same port as before, after a `stop`). */
  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(this.answer.status, this.answer.headers ?? {}).end(this.answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}/hooks/geopf`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
