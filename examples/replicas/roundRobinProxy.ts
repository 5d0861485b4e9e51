import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal round-robin HTTP balancer, standing for the load balancer or Kubernetes Service that sits in front
 * of the replicas in production: each request goes to the next replica in turn.
 */
export async function startRoundRobinProxy(targets: readonly string[], port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const target = new URL(incoming.url ?? '/', targets[next++ % targets.length]);
    const forward = request(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => {
      outgoing.statusCode = 502;
      outgoing.end();
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/graphql`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
