import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { TooManySubscriptionsError } from '../../core/errors';
import { rawRefusal } from './rawRefusal';
import { refusalOf, type Refusal } from './refusals';

/**
 * How often the HTTP server looks for requests over their timeouts (Node's default, 30 s, let a request whose
 * headers never end live up to 30 s past `HTTP_REQUEST_TIMEOUT_MS`): pass it to `createServer`.
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * Caps the TCP connections one client address holds open at once: one more is answered 429
 * (`TOO_MANY_SUBSCRIPTIONS`, `limit: "client"`) and closed before any request on it is served, so that one
 * client re-taking every freed file descriptor cannot deny the others. Sets the server's timeouts: a request's
 * headers and body within `requestTimeoutMs`, a kept-alive connection idle for `idleTimeoutMs` closed.
 */
export class ConnectionLimits {
  private readonly byClient = new Map<string, number>();
  private readonly refusedSockets = new WeakSet<Socket>();
  private open_ = 0;
  private refused_ = 0;

  constructor(private readonly options: { maxPerClient: number; requestTimeoutMs: number; idleTimeoutMs: number }) {}

  /** Counts `server`'s connections from now on, and sets its timeouts. */
  attach(server: Server): void {
    server.requestTimeout = this.options.requestTimeoutMs;
    server.headersTimeout = Math.min(this.options.requestTimeoutMs, 60_000);
    server.keepAliveTimeout = this.options.idleTimeoutMs;
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** True for a socket refused for its client's cap: nothing read from it is served. */
  refused(socket: Socket): boolean {
    return this.refusedSockets.has(socket);
  }

  /** Connections open now. */
  get open(): number {
    return this.open_;
  }

  /** Connections refused since the start. */
  get refusedCount(): number {
    return this.refused_;
  }

  private admit(socket: Socket): void {
    const address = clientOf(socket);
    const held = this.byClient.get(address) ?? 0;
    if (held >= this.options.maxPerClient) {
      this.refused_ += 1;
      this.refusedSockets.add(socket);
      const refusal = refusalOf(new TooManySubscriptionsError('client', this.options.maxPerClient, 'connections')) as Refusal;
      socket.end(rawRefusal(refusal.status, refusal));
      return;
    }
    this.byClient.set(address, held + 1);
    this.open_ += 1;
    socket.once('close', () => {
      this.open_ -= 1;
      const left = (this.byClient.get(address) ?? 1) - 1;
      if (left > 0) this.byClient.set(address, left);
      else this.byClient.delete(address);
    });
  }
}

// Private: the socket's peer address, IPv4-mapped IPv6 written as IPv4 (as `clientAddress` writes it).
function clientOf(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
