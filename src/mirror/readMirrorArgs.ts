/** What the command line asks of a `geopf-sync` run. */
export interface MirrorArgs {
  /** `--endpoint`: the subgraph's GraphQL URL. */
  endpoint: string;
  /** `--dir`: the copy's folder (created when missing, except on a dry run). */
  dir: string;
  /** `--resource` (repeatable): product names. */
  resources: string[];
  /** `--place`: a place as `EditionFilter.place` reads it (a commune, a postcode, `lon,lat`…); null when not given. */
  place: string | null;
  /** `--zone` (repeatable): zones as people write them; empty when not given. */
  zones: string[];
  /** `--format` (repeatable): format codes; empty when not given. */
  formats: string[];
  /** `--keep`: editions kept per series. */
  keep: number;
  /** `--dry-run`: prints the plan, writes nothing. */
  dryRun: boolean;
  /** `--exec`: a command run for each new edition, its folder appended as an argument; null when not given. */
  exec: string | null;
  /** `--rate`: most download requests per second. */
  rate: number;
  /** `--help`. */
  help: boolean;
}

/** Where `--endpoint` points by default: `npm start` on this machine. */
export const DEFAULT_ENDPOINT = 'http://localhost:4000/graphql';
/** Default `--rate`: far under the upstream's 10 requests per second, which a subgraph on the same address shares. */
export const DEFAULT_RATE = 2;
/** Most `--rate`: the upstream's own limit per address. */
export const MAX_RATE = 10;
/** Most `--keep` (as `syncPlan` takes it). */
export const MAX_KEEP = 20;

/** The usage text of `geopf-sync`. */
export const USAGE = `Usage: geopf-sync --dir DIR --resource NAME [options]
       npm run sync -- --dir DIR --resource NAME [options]

Keeps DIR current with the newest editions of the Géoplateforme matching the filter, as a running
geopf-download-subgraph plans it (Query.syncPlan): downloads what is new (md5-verified, resumable),
deletes what was withdrawn or pushed out by --keep, and remembers where it stands in DIR/.geopf-sync.json.
  --dir DIR          the copy's folder: one folder per edition, DIR/PRODUCT/EDITION/
  --resource NAME    a product, e.g. BDTOPO (repeatable; at least one)
  --place PLACE      editions covering a place: a commune, an INSEE code, a postcode or lon,lat
  --zone ZONE        editions of a zone as people write it: 29, Finistère, D029, R53, FXX (repeatable)
  --format FORMAT    editions in a format, e.g. GPKG (repeatable)
  --keep N           editions kept per product, zone, format and CRS, newest first (1 to ${MAX_KEEP}; default 1)
  --dry-run          print the plan; download, delete and write nothing
  --exec CMD         run CMD for each new edition, its folder appended as an argument
                     (sh -c 'CMD "$@"'; also in GEOPF_SYNC_FOLDER, GEOPF_SYNC_RESOURCE, GEOPF_SYNC_EDITION)
  --rate R           most download requests per second (above 0, at most ${MAX_RATE}; default ${DEFAULT_RATE})
  --endpoint URL     the subgraph (default ${DEFAULT_ENDPOINT})
Exit status: 0 done or up to date, 1 a file failed (download, md5) or --exec failed,
2 bad arguments (or another geopf-sync works in DIR), 3 the subgraph is unreachable or cannot plan.
`;

/** Reads the command line; throws a `TypeError` saying "expected X, got Y" on a bad argument. */
export function readMirrorArgs(argv: readonly string[]): MirrorArgs {
  const seen = new Set<string>();
  const args: MirrorArgs = {
    endpoint: DEFAULT_ENDPOINT,
    dir: '',
    resources: [],
    place: null,
    zones: [],
    formats: [],
    keep: 1,
    dryRun: false,
    exec: null,
    rate: DEFAULT_RATE,
    help: false,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    if (arg === '--dry-run') {
      args.dryRun = true;
      continue;
    }
    const match = /^(--[a-z-]+)(?:=([\s\S]*))?$/.exec(arg);
    const flag = match?.[1];
    if (flag === undefined || !VALUED.has(flag))
      throw new TypeError(`expected one of ${[...VALUED, '--dry-run', '--help'].join(', ')}, got ${JSON.stringify(arg)}`);
    const value = match?.[2] ?? argv[(index += 1)];
    if (value === undefined || (match?.[2] === undefined && value.startsWith('--')))
      throw new TypeError(`${flag}: expected a value, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
    if (!REPEATABLE.has(flag) && seen.has(flag)) throw new TypeError(`${flag}: expected once, got it twice`);
    seen.add(flag);
    read(args, flag, value);
  }
  if (args.help) return args;
  if (args.dir === '') throw new TypeError('--dir: expected the folder of the copy, got nothing');
  if (args.resources.length === 0) throw new TypeError('--resource: expected at least one product name, got none');
  return args;
}

/** Flags taking a value. */
const VALUED: ReadonlySet<string> = new Set(['--endpoint', '--dir', '--resource', '--place', '--zone', '--format', '--keep', '--exec', '--rate']);
/** Flags that may be given several times (their values add up). */
const REPEATABLE: ReadonlySet<string> = new Set(['--resource', '--zone', '--format']);

// Private: one flag's value, checked.
function read(args: MirrorArgs, flag: string, raw: string): void {
  const value = raw.trim();
  const text = (): string => {
    if (value === '') throw new TypeError(`${flag}: expected a value, got ${JSON.stringify(raw)}`);
    return value;
  };
  switch (flag) {
    case '--endpoint':
      args.endpoint = httpUrl(flag, value);
      return;
    case '--dir':
      args.dir = text();
      return;
    case '--resource':
      args.resources.push(text());
      return;
    case '--place':
      args.place = text();
      return;
    case '--zone':
      args.zones.push(text());
      return;
    case '--format':
      args.formats.push(text());
      return;
    case '--keep':
      args.keep = integerIn(flag, value, 1, MAX_KEEP);
      return;
    case '--exec':
      args.exec = text();
      return;
    case '--rate': {
      const rate = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
      if (!(rate > 0 && rate <= MAX_RATE)) throw new TypeError(`--rate: expected a number above 0, at most ${MAX_RATE}, got ${JSON.stringify(raw)}`);
      args.rate = rate;
      return;
    }
  }
}

function integerIn(flag: string, value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw new TypeError(`${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return number;
}

function httpUrl(flag: string, value: string): string {
  let url: URL | null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '')
    throw new TypeError(`${flag}: expected an http(s) URL without credentials, e.g. ${DEFAULT_ENDPOINT}, got ${JSON.stringify(value)}`);
  return url.href;
}
