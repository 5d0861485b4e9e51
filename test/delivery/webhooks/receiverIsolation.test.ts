import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EVERY_CHANGE } from '../../../src/catalogue/changes/ChangeFilter';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { MemoryOutbox } from '../../../src/catalogue/watches/MemoryOutbox';
import { MemoryWatchStore } from '../../../src/catalogue/watches/MemoryWatchStore';
import type { WatchRecord } from '../../../src/catalogue/watches/Watch';
import { DeliveryWorker, type DeliveryOutcome } from '../../../src/delivery/webhooks/DeliveryWorker';
import { startWebhookLoop } from '../../../src/delivery/webhooks/startWebhookLoop';
import { WatchFanOut } from '../../../src/delivery/webhooks/WatchFanOut';
import { editionAdded } from '../../catalogue/changes/sampleEvents';
import { Receiver } from './receiver';
import { until } from '../../helpers/until';

/** A receiver that reads each request and never answers: it records the requests it holds and those that ended. */
class SilentReceiver {
  readonly open = new Set<IncomingMessage>();
  requests = 0;
  /** Requests whose connection the sender closed (its timeout). */
  ended = 0;
  mostOpenAtOnce = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<string> {
    this.server = createServer((request) => {
      this.requests += 1;
      this.open.add(request);
      this.mostOpenAtOnce = Math.max(this.mostOpenAtOnce, this.open.size);
      request.resume();
      request.socket.once('close', () => {
        this.open.delete(request);
        this.ended += 1;
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/silent`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

function watchOf(id: string, url: string): WatchRecord {
  return {
    id,
    url,
    filter: EVERY_CHANGE,
    secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    createdAt: new Date().toISOString(),
    status: 'ACTIVE',
    suspendedAt: null,
    suspendedReason: null,
  };
}

describe('webhook deliveries to different receivers never wait for each other', () => {
  let source: MemoryChangeSource;
  let watches: MemoryWatchStore;
  let outbox: MemoryOutbox;
  let outcomes: DeliveryOutcome[];
  let details: Array<string | null>;
  let healthy: Receiver;
  let silent: SilentReceiver;
  let loop: ReturnType<typeof startWebhookLoop> | null;

  beforeEach(() => {
    source = new MemoryChangeSource();
    watches = new MemoryWatchStore();
    outbox = new MemoryOutbox();
    outcomes = [];
    details = [];
    healthy = new Receiver();
    silent = new SilentReceiver();
    loop = null;
  });

  afterEach(async () => {
    await silent.stop();
    await loop?.stop();
    await healthy.stop();
  });

  function startLoop(options: { timeoutMs: number; resolveHost?: (host: string) => Promise<Array<{ address: string; family: 4 | 6 }>> }) {
    const worker: DeliveryWorker = new DeliveryWorker({
      outbox,
      watches,
      policy: { resolveHost: options.resolveHost ?? (() => Promise.reject(new Error('no DNS here'))), allowedHosts: new Set(['127.0.0.1', 'stuck.test']) },
      now: Date.now,
      random: () => 0.5,
      listingUrl: () => 'https://upstream.test/telechargement/resource/X',
      onOutcome: (outcome, _delivery, detail) => {
        outcomes.push(outcome);
        details.push(detail);
      },
      onSlotFree: () => loop?.wake(),
      timeoutMs: options.timeoutMs,
    });
    loop = startWebhookLoop(source, new WatchFanOut(source, outbox, watches), worker, (error) => {
      throw error;
    });
    return worker;
  }

  it('delivers all 101 events to a healthy receiver while a silent one holds at most its 2 slots and no attempt has timed out', async () => {
    await watches.create(watchOf('wh_silent', await silent.start()));
    await watches.create(watchOf('wh_healthy', await healthy.start()));
    for (let index = 0; index < 101; index += 1) source.record(editionAdded('D029'));
    // An hour: nothing here may wait for a timeout. Before, a round waited for its slowest delivery (here: never).
    startLoop({ timeoutMs: 3_600_000 });

    // Until all are in and their answers read (the receiver counts a request before the worker sees its answer),
    // or an attempt to the silent receiver ended (then the healthy one waited for it).
    const delivered = () => outcomes.filter((outcome) => outcome === 'delivered').length;
    await until(() => (healthy.received.length === 101 && delivered() === 101) || silent.ended > 0);
    expect(healthy.received.length).toBe(101);
    expect(outcomes.filter((outcome) => outcome === 'delivered')).toHaveLength(101);
    expect(new Set(healthy.received.map((delivery) => delivery.headers['webhook-id'])).size).toBe(101);
    // The silent receiver got its first attempts and holds them; none ended (no timeout was waited for).
    expect(silent.mostOpenAtOnce).toBeLessThanOrEqual(2);
    expect(silent.requests).toBeLessThanOrEqual(2);
    expect(silent.ended).toBe(0);
    expect(await outbox.pendingFor('wh_silent')).toBe(101);
    expect(await outbox.pendingFor('wh_healthy')).toBe(0);
  });

  it('ends an attempt to a receiver that never answers at the timeout, closing its connection, and counts it failed', async () => {
    await watches.create(watchOf('wh_silent', await silent.start()));
    source.record(editionAdded('D029'));
    startLoop({ timeoutMs: 200 });

    await until(() => silent.ended >= 1 && outcomes.length >= 1);
    expect(outcomes[0]).toBe('failed');
    const [held] = await outbox.claim(Number.MAX_SAFE_INTEGER, 1, 1);
    expect(held?.lastError).toBe('no answer within 200 ms');
    expect(silent.open.size).toBe(0);
  });

  it('ends an attempt whose host name never resolves at the timeout, and delivers to a healthy receiver meanwhile', async () => {
    await watches.create(watchOf('wh_stuck', 'http://stuck.test/hook'));
    await watches.create(watchOf('wh_healthy', await healthy.start()));
    for (let index = 0; index < 5; index += 1) source.record(editionAdded('D029'));
    startLoop({ timeoutMs: 300, resolveHost: () => new Promise(() => undefined) });

    await until(() => healthy.received.length === 5 && outcomes.includes('failed'));
    expect(details[outcomes.indexOf('failed')]).toBe('no answer within 300 ms (resolving the host)');
  });
});
