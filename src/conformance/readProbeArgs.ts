import { DEFAULT_BASE_URL, readHttpUrl } from '../server/config';

/** What the command line and the environment ask of a run. */
export interface ProbeArgs {
  /** `GEOPF_BASE_URL`, validated as the subgraph validates it. */
  baseUrl: string;
  /** `--json`: the report as JSON on standard output instead of the table. */
  json: boolean;
  /** `--out FILE`: the JSON report written to FILE too. */
  out: string | null;
  /** `--help`: the usage, and nothing sent. */
  help: boolean;
}

/** The usage text of `npm run check:upstream`. */
export const USAGE = `Usage: npm run --silent check:upstream -- [--json] [--out FILE]

Checks the assumptions the subgraph makes about the download API at GEOPF_BASE_URL
(default ${DEFAULT_BASE_URL}) with at most 30 requests, at most 2 per second.
  --json       print the report as JSON instead of a table
  --out FILE   also write the JSON report to FILE
Exit status: 0 no deviation, 1 some deviation, 2 bad arguments or configuration,
3 the upstream could not be reached, refused the first request or answered 429.
`;

/** Reads the arguments and `GEOPF_BASE_URL`; throws a `TypeError` saying "expected X, got Y" on a bad one. */
export function readProbeArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ProbeArgs {
  const args: ProbeArgs = { baseUrl: DEFAULT_BASE_URL, json: false, out: null, help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--out' || arg.startsWith('--out=')) {
      const file = arg === '--out' ? argv[(index += 1)] : arg.slice('--out='.length);
      if (file === undefined || file === '' || file.startsWith('--'))
        throw new TypeError(`--out: expected a file name, got ${file === undefined ? 'nothing' : JSON.stringify(file)}`);
      args.out = file;
    } else throw new TypeError(`expected --json, --out FILE or --help, got ${JSON.stringify(arg)}`);
  }
  // Read even with --help, so that a bad value is reported before anything else.
  args.baseUrl = readHttpUrl(env, 'GEOPF_BASE_URL', DEFAULT_BASE_URL);
  return args;
}
