import { DEFAULT_ENDPOINT, DEFAULT_RATE, readMirrorArgs } from '../../src/mirror/readMirrorArgs';
import { filterOf } from '../../src/mirror/runMirror';

describe('readMirrorArgs()', () => {
  it('reads every flag, in both --flag value and --flag=value forms, the repeatable ones adding up', () => {
    expect(
      readMirrorArgs([
        '--dir',
        './mirror',
        '--resource=BDTOPO',
        '--resource',
        'ADMIN-EXPRESS',
        '--place',
        'Brest',
        '--zone',
        '29',
        '--zone=22',
        '--format',
        'GPKG',
        '--keep=2',
        '--dry-run',
        '--exec',
        './import.sh --to "PG:dbname=gis"',
        '--rate',
        '0.5',
        '--endpoint',
        'https://geopf.example.org/graphql',
      ]),
    ).toEqual({
      endpoint: 'https://geopf.example.org/graphql',
      dir: './mirror',
      resources: ['BDTOPO', 'ADMIN-EXPRESS'],
      place: 'Brest',
      zones: ['29', '22'],
      formats: ['GPKG'],
      keep: 2,
      dryRun: true,
      exec: './import.sh --to "PG:dbname=gis"',
      rate: 0.5,
      help: false,
    });
  });

  it('has defaults for everything but the folder and the products', () => {
    expect(readMirrorArgs(['--dir', 'd', '--resource', 'BDTOPO'])).toMatchObject({
      endpoint: DEFAULT_ENDPOINT,
      keep: 1,
      rate: DEFAULT_RATE,
      place: null,
      zones: [],
      formats: [],
      exec: null,
      dryRun: false,
    });
    expect(DEFAULT_RATE).toBeLessThan(10);
    expect(readMirrorArgs(['--help']).help).toBe(true);
  });

  it.each([
    [['--resource', 'BDTOPO'], '--dir: expected the folder of the copy, got nothing'],
    [['--dir', 'd'], '--resource: expected at least one product name, got none'],
    [['--dir', 'd', '--resource', 'B', '--bogus'], /^expected one of --endpoint, .*, got "--bogus"$/],
    [['--dir', 'd', '--resource', 'B', 'stray'], /^expected one of .*, got "stray"$/],
    [['--dir'], '--dir: expected a value, got nothing'],
    [['--dir', '--resource', 'B'], '--dir: expected a value, got "--resource"'],
    [['--dir', 'a', '--dir', 'b', '--resource', 'B'], '--dir: expected once, got it twice'],
    [['--dir', 'd', '--resource', ''], '--resource: expected a value, got ""'],
    [['--dir', 'd', '--resource', 'B', '--keep', '0'], '--keep: expected an integer from 1 to 20, got "0"'],
    [['--dir', 'd', '--resource', 'B', '--keep', '21'], '--keep: expected an integer from 1 to 20, got "21"'],
    [['--dir', 'd', '--resource', 'B', '--keep', '1.5'], '--keep: expected an integer from 1 to 20, got "1.5"'],
    [['--dir', 'd', '--resource', 'B', '--rate', '0'], '--rate: expected a number above 0, at most 10, got "0"'],
    [['--dir', 'd', '--resource', 'B', '--rate', '11'], '--rate: expected a number above 0, at most 10, got "11"'],
    [['--dir', 'd', '--resource', 'B', '--rate', '-1'], '--rate: expected a number above 0, at most 10, got "-1"'],
    [['--dir', 'd', '--resource', 'B', '--rate', '1e1'], '--rate: expected a number above 0, at most 10, got "1e1"'],
    [
      ['--dir', 'd', '--resource', 'B', '--endpoint', 'file:///etc/passwd'],
      /^--endpoint: expected an http\(s\) URL without credentials, .* got "file:\/\/\/etc\/passwd"$/,
    ],
    [['--dir', 'd', '--resource', 'B', '--endpoint', 'http://u:p@host/graphql'], /^--endpoint: expected an http\(s\) URL without credentials/],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => readMirrorArgs(argv)).toThrow(message instanceof RegExp ? message : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });
});

describe('filterOf()', () => {
  it('passes --place through to EditionFilter.place, beside the products, zones and formats given', () => {
    expect(filterOf(readMirrorArgs(['--dir', 'd', '--resource', 'BDTOPO', '--place', 'Brest', '--format', 'GPKG']))).toEqual({
      resources: ['BDTOPO'],
      formats: ['GPKG'],
      place: 'Brest',
    });
    expect(filterOf(readMirrorArgs(['--dir', 'd', '--resource', 'BDTOPO', '--zone', '29']))).toEqual({ resources: ['BDTOPO'], zones: ['29'] });
  });
});
