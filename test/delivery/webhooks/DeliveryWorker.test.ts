import { Webhook } from 'standardwebhooks';
import { EVERY_CHANGE, parseChangeFilter } from '../../../src/catalogue/changes/ChangeFilter';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { DeliveryWorker, type DeliveryOutcome } from '../../../src/delivery/webhooks/DeliveryWorker';
import { MemoryOutbox } from '../../../src/catalogue/watches/MemoryOutbox';
import { MemoryWatchStore } from '../../../src/catalogue/watches/MemoryWatchStore';
import type { HostResolver } from '../../../src/core/resolveTarget';
import type { WatchRecord } from '../../../src/catalogue/watches/Watch';
import { WatchAdmin } from '../../../src/catalogue/watches/WatchAdmin';
import { WatchFanOut } from '../../../src/delivery/webhooks/WatchFanOut';
import { editionAdded } from '../../catalogue/changes/sampleEvents';
import { Receiver } from './receiver';

// The clock starts at the real time: the standardwebhooks verifier checks timestamps against Date.now() (±5 min).
let time: number;
let source: MemoryChangeSource;
let watches: MemoryWatchStore;
let outbox: MemoryOutbox;
let outcomes: Array<[DeliveryOutcome, string | null]>;
let receiver: Receiver;
let dns: Record<string, string>;

const resolveHost: HostResolver = async (hostname) => {
  const address = dns[hostname];
  if (!address) throw new Error(`ENOTFOUND ${hostname}`);
  return [{ address, family: address.includes(':') ? 6 : 4 }];
};

function worker(allowedHosts: string[] = ['127.0.0.1'], send?: ConstructorParameters<typeof DeliveryWorker>[0]['send']): DeliveryWorker {
  return new DeliveryWorker({
    outbox,
    watches,
    policy: { resolveHost, allowedHosts: new Set(allowedHosts) },
    now: () => time,
    random: () => 0.5,
    listingUrl: (event) => `https://upstream.test/telechargement/resource/${event.resourceName}`,
    onOutcome: (outcome, _delivery, detail) => outcomes.push([outcome, detail]),
    ...(send ? { send } : {}),
  });
}

async function addWatch(url: string, filter = EVERY_CHANGE): Promise<WatchRecord> {
  const watch: WatchRecord = {
    id: `wh_${url.length}_${Math.random()}`,
    url,
    filter,
    secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    createdAt: new Date(time).toISOString(),
    status: 'ACTIVE',
    suspendedAt: null,
    suspendedReason: null,
  };
  await watches.create(watch);
  return watch;
}

beforeEach(() => {
  time = Date.now();
  source = new MemoryChangeSource();
  watches = new MemoryWatchStore();
  outbox = new MemoryOutbox(() => time);
  outcomes = [];
  receiver = new Receiver();
  dns = {};
});

afterEach(() => receiver.stop());

describe('DeliveryWorker', () => {
  it('POSTs each matching event once, signed so the standardwebhooks verifier accepts it, the event id as webhook-id', async () => {
    const watch = await addWatch(await receiver.start(), parseChangeFilter({ zones: ['29'] }));
    const fanOut = new WatchFanOut(source, outbox, watches);
    source.record(editionAdded('D075'));
    source.record(editionAdded('D029'));
    expect(await fanOut.catchUp()).toBe(1);
    expect(await fanOut.catchUp()).toBe(0);

    expect(await worker().runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const headers = delivery?.headers as Record<string, string>;
    expect(headers['webhook-id']).toBe('chg_2');
    const payload = new Webhook(watch.secret).verify(delivery?.body as string, headers) as { type: string; data: { zoneCode: string; atomUrl: string } };
    expect(payload.type).toBe('catalogue.edition_added');
    expect(payload.data.zoneCode).toBe('D029');
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 8).toString('base64')}`).verify(delivery?.body as string, headers)).toThrow();
    expect(await outbox.stats()).toEqual({ depth: 0, oldestCreatedAt: null });
    expect(outcomes).toEqual([['delivered', null]]);
  });

  it('retries with backoff while the receiver is down or failing, and delivers the same id once it is back', async () => {
    const url = await receiver.start();
    await receiver.stop();
    const watch = await addWatch(url);
    await new WatchFanOut(source, outbox, watches).catchUp();
    source.record(editionAdded('D029'));
    await new WatchFanOut(source, outbox, watches).catchUp();
    const run = worker();

    expect(await run.runOnce()).toBe(1);
    expect(outcomes.map(([outcome]) => outcome)).toEqual(['failed']);
    expect(await run.runOnce()).toBe(0);
    // First retry after 10 s nominal, jittered to 7.5 s with random() = 0.5.
    time += 7_499;
    expect(await run.runOnce()).toBe(0);
    time += 1;
    expect(await run.runOnce()).toBe(1);
    expect(run.stats.depth).toBe(1);

    await receiver.start();
    receiver.answer = { status: 503, body: 'x'.repeat(5000) };
    time += 15_000;
    expect(await run.runOnce()).toBe(1);
    expect(outcomes.at(-1)?.[1]).toMatch(/^answered 503: x{200}$/);

    receiver.answer = { status: 204 };
    time += 30_000;
    expect(await run.runOnce()).toBe(1);
    expect(outcomes.map(([outcome]) => outcome)).toEqual(['failed', 'failed', 'failed', 'delivered']);
    expect(receiver.received.map((delivery) => delivery.headers['webhook-id'])).toEqual(['chg_1', 'chg_1']);
    const last = receiver.received[1];
    expect(() => new Webhook(watch.secret).verify(last?.body as string, last?.headers as Record<string, string>)).not.toThrow();
    expect(await outbox.pendingFor(watch.id)).toBe(0);
  });

  it('suspends the watch after 24 hours of failures, with the reason recorded, and drops its deliveries', async () => {
    dns['hooks.example'] = '93.184.216.34';
    const watch = await addWatch('https://hooks.example/geopf');
    source.record(editionAdded('D029'));
    await new WatchFanOut(source, outbox, watches).catchUp();
    const run = worker([], async () => ({ outcome: 'failed', status: 500, error: 'answered 500' }));

    const start = time;
    while ((await watches.get(watch.id))?.status === 'ACTIVE') {
      time += 60 * 60 * 1000;
      await run.runOnce();
      expect(time - start).toBeLessThan(26 * 60 * 60 * 1000);
    }
    const suspended = await watches.get(watch.id);
    expect(suspended?.suspendedReason).toMatch(/^Deliveries failed for 24 hours \(\d+ attempts of chg_1\); last error: answered 500$/);
    expect(time - start).toBeGreaterThanOrEqual(23 * 60 * 60 * 1000);
    expect(outcomes.at(-1)?.[0]).toBe('abandoned');
    expect(await outbox.stats()).toEqual({ depth: 0, oldestCreatedAt: null });
  });

  describe('refuses, at every delivery, targets outside the public internet', () => {
    it.each([
      ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/`, /127\.0\.0\.1 \(loopback\)/],
      ['a private address', () => 'http://10.0.0.7/', /10\.0\.0\.7 \(private\)/],
      ['a host resolving to a private address', () => 'http://intranet.example/', /intranet\.example resolves to 192\.168\.1\.10 \(private\)/],
      ['a v4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`, /loopback, as IPv4 in IPv6/],
    ])('%s', async (_name, url, reason) => {
      dns['intranet.example'] = '192.168.1.10';
      await receiver.start();
      await addWatch(url(receiver.port));
      source.record(editionAdded('D029'));
      await new WatchFanOut(source, outbox, watches).catchUp();
      expect(await worker([]).runOnce()).toBe(1);
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]?.[0]).toBe('refused');
      expect(outcomes[0]?.[1]).toMatch(reason);
      expect(receiver.received).toEqual([]);
    });

    it('a name that resolved to a public address at creation and to a private one at delivery', async () => {
      dns['flip.example'] = '93.184.216.34';
      const admin = new WatchAdmin({ watches, outbox, policy: { resolveHost, allowedHosts: new Set() }, adminToken: 't', now: () => time });
      await admin.create(null, 'http://flip.example/hook');
      dns['flip.example'] = '127.0.0.1';
      source.record(editionAdded('D029'));
      await new WatchFanOut(source, outbox, watches).catchUp();
      await worker([]).runOnce();
      expect(outcomes).toEqual([['refused', expect.stringMatching(/flip\.example resolves to 127\.0\.0\.1 \(loopback\)/)]]);
    });

    it('a redirect, which is not followed', async () => {
      const target = new Receiver();
      const targetUrl = await target.start();
      try {
        const url = await receiver.start();
        receiver.answer = { status: 307, headers: { location: targetUrl } };
        await addWatch(url);
        source.record(editionAdded('D029'));
        await new WatchFanOut(source, outbox, watches).catchUp();
        await worker(['127.0.0.1']).runOnce();
        expect(receiver.received).toHaveLength(1);
        expect(target.received).toEqual([]);
        expect(outcomes).toEqual([['failed', expect.stringMatching(/^answered 307 \(redirect to http:\/\/127\.0\.0\.1:\d+\/hooks\/geopf\), not followed$/)]]);
      } finally {
        await target.stop();
      }
    });
  });
});

describe('WatchAdmin', () => {
  it('refuses to create a watch whose URL resolves to a refused address, naming the argument', async () => {
    dns['intranet.example'] = '192.168.1.10';
    const admin = new WatchAdmin({ watches, outbox, policy: { resolveHost, allowedHosts: new Set() }, adminToken: 't', now: () => time });
    await expect(admin.create(null, 'http://intranet.example/')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'url' } });
    await expect(admin.create(null, 'ftp://example.org/')).rejects.toThrow(/^url: expected an http or https URL/);
    expect(await watches.list()).toEqual([]);
  });

  it('creates a watch with a Standard Webhooks secret, and deleting it drops its pending deliveries', async () => {
    dns['hooks.example'] = '93.184.216.34';
    const admin = new WatchAdmin({ watches, outbox, policy: { resolveHost, allowedHosts: new Set() }, adminToken: 't', now: () => time });
    const created = await admin.create({ zones: ['Finistère'] }, 'https://hooks.example/x');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.watch.filter.zones).toEqual(['D029']);
    source.record(editionAdded('D029'));
    await new WatchFanOut(source, outbox, watches).catchUp();
    expect(await admin.pendingFor(created.watch.id)).toBe(1);
    expect(await admin.delete(created.watch.id)).toBe(true);
    expect(await admin.delete(created.watch.id)).toBe(false);
    expect(await outbox.stats()).toEqual({ depth: 0, oldestCreatedAt: null });
  });

  it('answers FEATURE_DISABLED without a configured token and UNAUTHENTICATED for a missing or wrong one', () => {
    const disabled = new WatchAdmin({ watches, outbox, policy: { resolveHost, allowedHosts: new Set() }, adminToken: null, now: () => time });
    expect(() => disabled.authorize('Bearer anything')).toThrow(expect.objectContaining({ extensions: { code: 'FEATURE_DISABLED' } }));
    const admin = new WatchAdmin({ watches, outbox, policy: { resolveHost, allowedHosts: new Set() }, adminToken: 's3cret', now: () => time });
    for (const header of [undefined, '', 'Bearer', 'Bearer wrong', 'Basic s3cret']) {
      expect(() => admin.authorize(header)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    }
    expect(() => admin.authorize('Bearer s3cret')).not.toThrow();
  });
});
