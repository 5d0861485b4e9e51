/**
 * A webhook receiver that keeps a local copy current: each delivery of the subgraph's webhooks whose Standard
 * Webhooks signature checks out runs `geopf-sync`'s own code path (`runMirror`) with the arguments given after
 * `--`. Deliveries arriving during a run are coalesced into one more run after it. See docs/sync.md.
 *
 *   GEOPF_WEBHOOK_SECRET=whsec_… npx tsx examples/syncWebhook/receiver.ts -- --dir ./mirror --resource BDTOPO --zone 29
 *
 * RECEIVER_PORT (default 4010) and RECEIVER_HOST (default 127.0.0.1) say where it listens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { packageVersion } from '../../src/core/userAgent';
import { readMirrorArgs, USAGE, type MirrorArgs } from '../../src/mirror/readMirrorArgs';
import { runMirror } from '../../src/mirror/runMirror';
import { readPort } from '../../src/server/config';
import { stopOnSignals } from '../stopOnSignals';
import { CoalescingRunner } from './CoalescingRunner';

/** Most bytes of a delivery read (the subgraph's are well under 2 KiB). */
const MAX_BODY_BYTES = 64 * 1024;

function main(): void {
  const secret = process.env['GEOPF_WEBHOOK_SECRET'];
  const separator = process.argv.indexOf('--');
  let args: MirrorArgs;
  try {
    if (!secret) throw new TypeError('GEOPF_WEBHOOK_SECRET: expected the secret createWatch gave (whsec_…), got nothing');
    args = readMirrorArgs(separator < 0 ? [] : process.argv.slice(separator + 1));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\nUsage: receiver.ts -- GEOPF-SYNC-ARGUMENTS\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const verifier = new Webhook(secret);
  const write = (line: string) => process.stdout.write(line);
  const runner = new CoalescingRunner(async () => {
    write('sync started\n');
    try {
      const code = await runMirror(args, {
        write,
        writeError: (text) => process.stderr.write(text),
        isTTY: false,
        env: process.env,
        pid: process.pid,
        userAgent: `geopf-sync/${packageVersion()} (webhook receiver; Node.js ${process.versions.node})`,
      });
      write(`sync finished: exit ${code}\n`);
    } catch (error) {
      write(`sync failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });

  const server = createServer((request, response) => {
    receive(request, response, verifier, (id) => {
      write(`delivery ${id} verified: sync requested\n`);
      runner.request();
    });
  });
  const port = readPort(process.env, 'RECEIVER_PORT', 4010);
  const host = process.env['RECEIVER_HOST'] ?? '127.0.0.1';
  server.listen(port, host, () => {
    write(`Webhook receiver: http://${host}:${(server.address() as AddressInfo).port}/ (runs geopf-sync in ${args.dir})\n`);
  });
  stopOnSignals(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await runner.idle();
  });
}

// Private: one request: a POST whose body is at most MAX_BODY_BYTES and whose signature checks out is answered
// 202 at once (a delivery must be answered within 10 s; a sync takes longer), then `accepted` is called.
function receive(request: IncomingMessage, response: ServerResponse, verifier: Webhook, accepted: (id: string) => void): void {
  if (request.method !== 'POST') {
    response.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      response.writeHead(413, { connection: 'close' }).end();
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (size > MAX_BODY_BYTES) return;
    const headers: Record<string, string> = {};
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      verifier.verify(Buffer.concat(chunks), headers);
    } catch {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(202).end();
    accepted(headers['webhook-id'] ?? '?');
  });
}

main();
