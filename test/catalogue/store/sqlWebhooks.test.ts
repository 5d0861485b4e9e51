import type { ChangeEvent } from '../../../src/catalogue/changes/ChangeEvent';
import { parseChangeFilter } from '../../../src/catalogue/changes/ChangeFilter';
import type { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { SqlOutbox } from '../../../src/catalogue/store/SqlOutbox';
import { SqlWatchStore } from '../../../src/catalogue/store/SqlWatchStore';
import type { WatchRecord } from '../../../src/catalogue/watches/Watch';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';

const event = (seq: string): ChangeEvent => ({
  seq,
  kind: 'EDITION_ADDED',
  resourceName: 'BDTOPO',
  editionName: `E${seq}`,
  zone: 'D029',
  format: 'GPKG',
  crs: null,
  editionDate: '2026-03-15',
  observedAt: '2026-03-15T04:00:00.000Z',
  changes: [],
});

const watch = (id: string): WatchRecord => ({
  id,
  url: 'https://hooks.example.org/geopf',
  filter: parseChangeFilter({ zones: ['29'], formats: ['gpkg'] }),
  secret: 'whsec_c2VjcmV0',
  createdAt: `2026-03-15T04:00:0${id.length % 10}.000Z`,
  status: 'ACTIVE',
  suspendedAt: null,
  suspendedReason: null,
});

describe.each(DIALECTS)('webhook watches and outbox in the store, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let store: CatalogueStore;
  beforeEach(async () => {
    store = await stores.open();
  });

  it('keeps watches with their filter, and suspends and deletes them', async () => {
    const watches = new SqlWatchStore(store);
    await watches.create(watch('w1'));
    await watches.create(watch('w22'));
    expect(await watches.get('w1')).toEqual(watch('w1'));
    expect((await watches.list()).map((held) => held.id)).toEqual(['w1', 'w22']);
    await watches.suspend('w1', 'gone', '2026-03-16T00:00:00.000Z');
    expect(await watches.get('w1')).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'gone', suspendedAt: '2026-03-16T00:00:00.000Z' });
    expect(await watches.delete('w1')).toBe(true);
    expect(await watches.delete('w1')).toBe(false);
    expect(await watches.get('w1')).toBeNull();
  });

  it('enqueues each (event, watch) once, moves the cursor forward only, and leases each claim to one caller', async () => {
    const outbox = new SqlOutbox(store, () => 1_000);
    const other = new SqlOutbox(store, () => 1_000); // another replica on the same store
    expect(await outbox.cursor()).toBeNull();
    await outbox.enqueue(
      [
        { watchId: 'w1', eventId: 'chg_1', event: event('1') },
        { watchId: 'w2', eventId: 'chg_1', event: event('1') },
      ],
      '1',
    );
    await other.enqueue(
      [
        { watchId: 'w1', eventId: 'chg_1', event: event('1') },
        { watchId: 'w1', eventId: 'chg_2', event: event('2') },
      ],
      '2',
    );
    await other.enqueue([], '1');
    expect(await outbox.cursor()).toBe('2');
    expect(await outbox.stats()).toEqual({ depth: 3, oldestCreatedAt: 1_000 });
    expect(await outbox.pendingFor('w1')).toBe(2);

    const mine = await outbox.claim(1_000, 2, 60_000);
    const theirs = await other.claim(1_000, 10, 60_000);
    expect(mine.map((delivery) => [delivery.eventId, delivery.watchId])).toEqual([
      ['chg_1', 'w1'],
      ['chg_1', 'w2'],
    ]);
    expect(mine[0]).toMatchObject({ attempts: 0, createdAt: 1_000, nextAttemptAt: 1_000, lastError: null, event: event('1') });
    expect(theirs.map((delivery) => delivery.eventId)).toEqual(['chg_2']);
    expect(await other.claim(1_000, 10, 60_000)).toEqual([]);

    await outbox.ack(mine[0]!.id);
    await outbox.reschedule(mine[1]!.id, 5_000, 1, 'HTTP 503');
    expect(await outbox.claim(4_999, 10, 60_000)).toEqual([]);
    expect(await outbox.claim(5_000, 10, 60_000)).toMatchObject([{ eventId: 'chg_1', watchId: 'w2', attempts: 1, lastError: 'HTTP 503' }]);
    // A claimer that died: its lease runs out and the delivery is claimed again.
    expect((await other.claim(61_000, 10, 60_000)).map((delivery) => delivery.eventId)).toEqual(['chg_2']);
    expect(await outbox.dropWatch('w2')).toBe(1);
    expect(await outbox.stats()).toEqual({ depth: 1, oldestCreatedAt: 1_000 });
  });

  it('skips the watches of busy receivers when claiming, and a released delivery is due again at once, untried', async () => {
    const outbox = new SqlOutbox(store, () => 1_000);
    await outbox.enqueue(
      [
        { watchId: 'slow', eventId: 'chg_1', event: event('1') },
        { watchId: 'slow', eventId: 'chg_2', event: event('2') },
        { watchId: 'fast', eventId: 'chg_1', event: event('1') },
      ],
      '2',
    );
    const claimed = await outbox.claim(1_000, 10, 60_000, ['slow']);
    expect(claimed.map((delivery) => [delivery.watchId, delivery.eventId])).toEqual([['fast', 'chg_1']]);
    const slow = await outbox.claim(1_000, 1, 60_000);
    expect(slow.map((delivery) => delivery.watchId)).toEqual(['slow']);
    await outbox.release(slow[0]!.id);
    expect(await outbox.claim(1_000, 10, 60_000)).toMatchObject([
      { watchId: 'slow', eventId: 'chg_1', attempts: 0, lastError: null },
      { watchId: 'slow', eventId: 'chg_2', attempts: 0, lastError: null },
    ]);
  });
});
