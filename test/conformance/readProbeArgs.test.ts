import { readProbeArgs } from '../../src/conformance/readProbeArgs';

describe('readProbeArgs()', () => {
  it.each<[string, string[], Record<string, string>, object]>([
    ['nothing: the real upstream, a table', [], {}, { baseUrl: 'https://data.geopf.fr/telechargement', json: false, out: null, help: false }],
    ['--json', ['--json'], {}, { json: true }],
    ['--out FILE', ['--out', 'report.json'], {}, { out: 'report.json' }],
    ['--out=FILE with --json', ['--out=r.json', '--json'], {}, { out: 'r.json', json: true }],
    ['--help', ['--help'], {}, { help: true }],
    [
      'GEOPF_BASE_URL without its trailing slash',
      [],
      { GEOPF_BASE_URL: 'http://127.0.0.1:8080/telechargement/' },
      { baseUrl: 'http://127.0.0.1:8080/telechargement' },
    ],
  ])('reads %s', (_name, argv, env, expected) => {
    expect(readProbeArgs(argv, env)).toMatchObject(expected);
  });

  it.each<[string, string[], Record<string, string>, string]>([
    ['an unknown argument', ['--fast'], {}, 'expected --json, --out FILE or --help, got "--fast"'],
    ['--out without a file', ['--out'], {}, '--out: expected a file name, got nothing'],
    ['--out followed by an option', ['--out', '--json'], {}, '--out: expected a file name, got "--json"'],
    [
      'a base URL that is not http(s)',
      [],
      { GEOPF_BASE_URL: 'ftp://data.geopf.fr/telechargement' },
      'GEOPF_BASE_URL: expected an http(s) URL without query or fragment, got "ftp://data.geopf.fr/telechargement"',
    ],
    [
      'a base URL with a query',
      [],
      { GEOPF_BASE_URL: 'https://data.geopf.fr/telechargement?x=1' },
      'GEOPF_BASE_URL: expected an http(s) URL without query or fragment',
    ],
    [
      'an empty base URL',
      [],
      { GEOPF_BASE_URL: '' },
      'GEOPF_BASE_URL: expected an http(s) URL without query or fragment, got "" (unset it for the default, https://data.geopf.fr/telechargement)',
    ],
  ])('refuses %s, saying what it expected', (_name, argv, env, message) => {
    expect(() => readProbeArgs(argv, env)).toThrow(new TypeError(message).message);
  });
});
