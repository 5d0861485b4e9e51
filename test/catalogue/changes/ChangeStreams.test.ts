import { parseChangeFilter } from '../../../src/catalogue/changes/ChangeFilter';
import { ChangeStreams } from '../../../src/catalogue/changes/ChangeStreams';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from './sampleEvents';
import { SubscriberTooSlowError } from '../../../src/core/errors';
import { until } from '../../helpers/until';

describe('ChangeStreams', () => {
  it('yields the matching events recorded after it opened, in order', async () => {
    const source = new MemoryChangeSource();
    source.record(editionAdded('D029'));
    const stream = new ChangeStreams(source).open(parseChangeFilter({ zones: ['29'] }));
    source.record(editionAdded('D075'));
    source.record(editionAdded('D029', 'SHP'));
    const next = stream.next();
    source.record(editionAdded('D029', 'GPKG'));
    expect((await next).value?.format).toBe('SHP');
    expect((await stream.next()).value?.format).toBe('GPKG');
  });

  it('ends at once on return() while waiting, and lets go of the log', async () => {
    const source = new MemoryChangeSource();
    const streams = new ChangeStreams(source);
    const stream = streams.open(parseChangeFilter(null));
    const waiting = stream.next();
    await stream.return?.();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(source.listenerCount).toBe(0);
    expect(streams.size).toBe(0);
  });

  it('closeAll ends every stream, and streams opened afterwards end at once', async () => {
    const source = new MemoryChangeSource();
    const streams = new ChangeStreams(source);
    const first = streams.open(parseChangeFilter(null));
    const waiting = first.next();
    streams.closeAll();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await streams.open(parseChangeFilter(null)).next()).toEqual({ value: undefined, done: true });
    expect(source.listenerCount).toBe(0);
  });

  it('drops a subscriber that lets more than maxQueued events wait: what waited is let go, and its last item says why', async () => {
    const source = new MemoryChangeSource();
    const dropped: string[] = [];
    const streams = new ChangeStreams(source, { maxQueued: 5, onDrop: () => dropped.push('slow') });
    const ended: string[] = [];
    const stream = streams.open(parseChangeFilter(null), () => ended.push('ended'));
    for (let index = 0; index < 6; index += 1) source.record(editionAdded('D029'));
    await until(() => ended.length === 1, 0);
    expect({ dropped, listeners: source.listenerCount, open: streams.size }).toEqual({ dropped: ['slow'], listeners: 0, open: 0 });
    const last = await stream.next();
    expect(last.value).toBeInstanceOf(SubscriberTooSlowError);
    expect((last.value as SubscriberTooSlowError).extensions).toEqual({ code: 'SUBSCRIBER_TOO_SLOW', maxQueued: 5 });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it("hands events out at most deliveriesPerTurn per turn of the event loop, nothing inside the log's own call", async () => {
    const source = new MemoryChangeSource();
    const turns: Array<() => void> = [];
    const streams = new ChangeStreams(source, { deliveriesPerTurn: 10, maxQueued: 1000, schedule: (callback) => turns.push(callback) });
    let received = 0;
    for (let subscriber = 0; subscriber < 5; subscriber += 1) {
      const stream = streams.open(parseChangeFilter(null));
      const read = (): void => void stream.next().then((next) => (next.done ? undefined : ((received += 1), read())));
      read();
    }
    for (let index = 0; index < 20; index += 1) source.record(editionAdded('D029'));
    // One listener on the log, whatever the subscribers; 20 events wait, none handed out yet.
    expect({ listeners: source.listenerCount, backlog: streams.backlog, received }).toEqual({ listeners: 1, backlog: 20, received: 0 });
    let delivered = 0;
    let runs = 0;
    while (turns.length > 0) {
      (turns.shift() as () => void)();
      await new Promise((resolve) => setImmediate(resolve));
      expect(received - delivered).toBeLessThanOrEqual(10);
      delivered = received;
      runs += 1;
    }
    expect({ delivered, backlog: streams.backlog }).toEqual({ delivered: 100, backlog: 0 });
    expect(runs).toBeGreaterThanOrEqual(10);
  });

  it('gives a subscriber the events recorded after it opened, even when the fan-out had not reached them yet', async () => {
    const source = new MemoryChangeSource();
    const turns: Array<() => void> = [];
    const streams = new ChangeStreams(source, { schedule: (callback) => turns.push(callback) });
    const early = streams.open(parseChangeFilter(null));
    source.record(editionAdded('D029', 'SHP'));
    const late = streams.open(parseChangeFilter(null));
    source.record(editionAdded('D029', 'GPKG'));
    while (turns.length > 0) (turns.shift() as () => void)();
    expect([(await early.next()).value, (await early.next()).value].map((event) => (event as { format: string }).format)).toEqual(['SHP', 'GPKG']);
    expect(((await late.next()).value as { format: string }).format).toBe('GPKG');
  });
});
