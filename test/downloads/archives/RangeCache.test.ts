import { RangeCache } from '../../../src/downloads/archives/RangeCache';
import { VolumeSet } from '../../../src/downloads/archives/VolumeSet';

describe('RangeCache', () => {
  it('serves a range until its TTL passes, keyed by URL and range', () => {
    let now = 0;
    const cache = new RangeCache({ ttlMs: 1000, maxBytes: 100, now: () => now });
    cache.set('u', 0, 4, new Uint8Array([1, 2, 3, 4]));
    expect(cache.get('u', 0, 4)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(cache.get('u', 0, 3)).toBeUndefined();
    expect(cache.get('v', 0, 4)).toBeUndefined();
    now = 1000;
    expect(cache.get('u', 0, 4)).toBeUndefined();
  });

  it('drops the least recently used ranges past its memory bound', () => {
    const cache = new RangeCache({ ttlMs: 1000, maxBytes: 10, now: () => 0 });
    cache.set('a', 0, 4, new Uint8Array(4));
    cache.set('b', 0, 4, new Uint8Array(4));
    cache.get('a', 0, 4);
    cache.set('c', 0, 4, new Uint8Array(4));
    expect(cache.get('b', 0, 4)).toBeUndefined();
    expect(cache.get('a', 0, 4)).toBeDefined();
    expect(cache.get('c', 0, 4)).toBeDefined();
  });
});

describe('VolumeSet', () => {
  it('maps a range of the joined archive to slices of consecutive volumes', () => {
    const set = new VolumeSet([10, 0, 10, 5]);
    expect(set.size).toBe(25);
    expect(set.slices(0, 4)).toEqual([{ volume: 0, start: 0, length: 4 }]);
    expect(set.slices(8, 10)).toEqual([
      { volume: 0, start: 8, length: 2 },
      { volume: 2, start: 0, length: 8 },
    ]);
    expect(set.slices(19, 6)).toEqual([
      { volume: 2, start: 9, length: 1 },
      { volume: 3, start: 0, length: 5 },
    ]);
  });

  it('refuses volumes without a size: their bytes cannot be located', () => {
    expect(() => new VolumeSet([10, null])).toThrow(expect.objectContaining({ reason: 'INCOMPLETE' }));
  });
});
