import type { IncomingMessage } from 'node:http';

/**
 * The client's address as the process counts clients: the TCP peer's, an IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`) written as IPv4. Behind a proxy or a balancer, that is the proxy's.
 */
export function clientAddress(request: Pick<IncomingMessage, 'socket'>): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
