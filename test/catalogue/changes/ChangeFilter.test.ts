import { ChangeKind } from '../../../src/catalogue/changes/ChangeEvent';
import { EVERY_CHANGE, matchesChange, parseChangeFilter } from '../../../src/catalogue/changes/ChangeFilter';
import { MemoryChangeSource } from '../../../src/catalogue/changes/MemoryChangeSource';
import { BadUserInputError } from '../../../src/core/errors';
import { editionAdded } from './sampleEvents';

describe('parseChangeFilter()', () => {
  it('reads zones as people write them, a région standing for itself and its départements', () => {
    expect(parseChangeFilter({ zones: ['29'] }).zones).toEqual(['D029']);
    expect(parseChangeFilter({ zones: ['Finistère'] }).zones).toEqual(['D029']);
    expect(parseChangeFilter({ zones: ['R53'] }).zones).toEqual(['R53', 'D022', 'D029', 'D035', 'D056']);
  });

  it('upper-cases formats and kinds', () => {
    const filter = parseChangeFilter({ formats: ['gpkg'], kinds: ['edition_added'] });
    expect(filter.formats).toEqual(['GPKG']);
    expect(filter.kinds).toEqual([ChangeKind.EDITION_ADDED]);
  });

  it.each([
    [{ zones: ['Atlantis'] }, 'filter.zones'],
    [{ resources: ['../x'] }, 'filter.resources'],
    [{ formats: ['<b>'] }, 'filter.formats'],
    [{ kinds: ['EDITION_EATEN'] }, 'filter.kinds'],
    [{ zones: [] }, 'filter.zones'],
  ])('refuses %j with a BadUserInputError naming %s', (input, name) => {
    let thrown: unknown;
    try {
      parseChangeFilter(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadUserInputError);
    expect((thrown as BadUserInputError).extensions['argumentName']).toBe(name);
    expect((thrown as Error).message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: expected`));
  });
});

describe('matchesChange()', () => {
  const event = { ...editionAdded('D029', 'GPKG'), seq: '1' };

  it('ANDs the criteria and ORs the values of each', () => {
    expect(matchesChange(EVERY_CHANGE, event)).toBe(true);
    expect(matchesChange(parseChangeFilter({ resources: ['BDTOPO'], zones: ['56', '29'], formats: ['GPKG', 'SHP'] }), event)).toBe(true);
    expect(matchesChange(parseChangeFilter({ resources: ['BDTOPO'], zones: ['75'] }), event)).toBe(false);
    expect(matchesChange(parseChangeFilter({ formats: ['SHP'] }), event)).toBe(false);
    expect(matchesChange(parseChangeFilter({ kinds: ['EDITION_WITHDRAWN'] }), event)).toBe(false);
    expect(matchesChange(parseChangeFilter({ zones: ['Bretagne'] }), event)).toBe(true);
  });

  it('never matches an event without a zone when zones are asked for', () => {
    expect(matchesChange(parseChangeFilter({ zones: ['29'] }), { ...event, zone: null })).toBe(false);
  });
});

describe('MemoryChangeSource', () => {
  it('numbers events, pages forwards and backwards, and tells subscribers until they leave', async () => {
    const source = new MemoryChangeSource();
    const seen: string[] = [];
    const unsubscribe = source.subscribe((recorded) => seen.push(recorded.seq));
    source.record(editionAdded('D029'));
    source.record(editionAdded('D075'));
    source.record(editionAdded('D029', 'SHP'));
    unsubscribe();
    source.record(editionAdded('D029'));

    expect(seen).toEqual(['1', '2', '3']);
    expect(source.listenerCount).toBe(0);
    expect(await source.latestSeq()).toBe('4');
    const finistere = parseChangeFilter({ zones: ['29'] });
    expect((await source.page(finistere, '1', 10)).map((found) => found.seq)).toEqual(['3', '4']);
    expect((await source.history(finistere, null, 2)).map((found) => found.seq)).toEqual(['4', '3']);
    expect((await source.history(finistere, '3', 10)).map((found) => found.seq)).toEqual(['1']);
  });
});
