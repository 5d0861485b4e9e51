import { parseChangeFilter } from '../../../src/catalogue/changes/ChangeFilter';
import { ChangeStreams } from '../../../src/catalogue/changes/ChangeStreams';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { editionAdded } from './sampleEvents';

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

  it('ends a subscriber that lets 1000 events pile up with an error, after what it had queued', async () => {
    const source = new MemoryChangeSource();
    const stream = new ChangeStreams(source).open(parseChangeFilter(null));
    for (let index = 0; index < 1001; index += 1) source.record(editionAdded('D029'));
    expect(source.listenerCount).toBe(0);
    for (let index = 0; index < 1000; index += 1) expect((await stream.next()).done).toBe(false);
    await expect(stream.next()).rejects.toThrow(/^More than 1000 changes waited for this subscriber/);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});
