import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURL_OPTIONS, downloadPlan } from '../../../src/downloads/files/downloadPlan';
import { shellQuote } from '../../../src/downloads/files/shellQuote';
import type { FileEntry } from '../../../src/upstream/format/model';
import { nameProblem } from '../../../src/upstream/format/nameProblem';
import { seededRandom as random, pick } from '../../helpers/seededRandom';

/**
 * Pieces a hostile upstream would put in names: shell syntax, the old heredoc's terminator, control characters
 * (names holding those are refused, and drawn again), look-alikes and bidirectional marks.
 */
const PIECES = [
  "'",
  '"',
  '$',
  '`',
  '\\',
  '\n',
  '\r',
  '\t',
  ' ',
  ';',
  '|',
  '&',
  '(',
  ')',
  '<',
  '>',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '~',
  '#',
  '!',
  '%',
  '=',
  '-',
  ',',
  '\nMD5\n',
  'MD5',
  '$(touch pwned)',
  '`touch pwned`',
  "'; touch pwned; '",
  '\ntouch pwned\n',
  '${IFS}',
  '$HOME',
  '-rf',
  '--',
  '\u001b[31m',
  '\u007f',
  'é',
  '日本',
  '\u202e',
  '\u200f',
  '\u0410',
  '\u00a0',
  '-',
  ' ',
  'a',
  'B',
  '7',
  '.',
  '_',
  '.7z',
  '.md5',
];

// Private: a name from 1 to 6 pieces that the upstream mapping accepts (`nameProblem`): the others never reach a plan.
function hostileName(rand: () => number): string {
  for (;;) {
    const name = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(rand, PIECES)).join('');
    if (nameProblem(name) === null) return name;
  }
}

/** Names that have broken plans, or could: an option, standard output, `cd -`, outer spaces, a quote. */
const EDGE_NAMES = ['-', '-rf', '--', ' lead', 'trail ', "notice d'utilisation.pdf", '#x', '$(touch pwned)', '\u202egpj.exe'];

function hostileFile(rand: () => number): FileEntry {
  const name = hostileName(rand);
  return {
    resourceName: 'R',
    subResourceName: 'S',
    name,
    title: name,
    url: `https://h/download/${hostileName(rand)}`,
    size: 1,
    mediaType: pick(rand, ['application/x-7z-compressed', 'application/pdf', 'text/plain', null]),
    md5: rand() < 0.7 ? '0123456789abcdef0123456789abcdef' : null,
    contentMediaTypes: [],
    isArchiveVolume: false,
    updated: null,
  };
}

// Private: `files` with one file per name (a listing names each file once; the plan refuses two at one path).
function uniqueNames(files: FileEntry[]): FileEntry[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    const key = file.name.normalize('NFC').toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Recorders for the commands a plan may run, as bash functions loaded through `BASH_ENV` (no process per
 * command): each appends its argv to $RECORD_LOG (NUL-separated, count first); `mkdir` then really makes the
 * folder. PATH is an empty folder, so any other command fails with 127.
 */
function recorders(): { dir: string; bashEnv: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plan-bin-'));
  const realMkdir = execFileSync('/bin/sh', ['-c', 'command -v mkdir'], { encoding: 'utf8' }).trim();
  const record = (name: string) => `printf '%s\\0' "$#" ${name} "$@" >> "$RECORD_LOG"`;
  const bashEnv = join(dir, 'recorders.bash');
  writeFileSync(
    bashEnv,
    [
      `curl() { ${record('curl')}; }`,
      `md5sum() { ${record('md5sum')}; }`,
      `sleep() { ${record('sleep')}; }`,
      `mkdir() { ${record('mkdir')}; ${realMkdir} "$@"; }`,
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'empty'));
  return { dir, bashEnv };
}

// Private: the commands recorded, each as its argv (command name first).
function readRecords(log: string): string[][] {
  let fields: string[];
  try {
    fields = readFileSync(log, 'utf8').split('\0');
  } catch {
    return [];
  }
  const commands: string[][] = [];
  for (let index = 0; index + 1 < fields.length;) {
    const count = Number(fields[index]);
    commands.push(fields.slice(index + 1, index + 2 + count));
    index += 2 + count;
  }
  return commands;
}

describe('downloadPlan().script under bash', () => {
  const { dir, bashEnv } = recorders();
  const bash = execFileSync('/bin/sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Private: runs the script in a fresh folder with only the recorders on PATH.
  function run(script: string) {
    const work = mkdtempSync(join(tmpdir(), 'plan-run-'));
    const log = join(work, '..', `${work.split('/').pop()}.log`);
    writeFileSync(join(work, 'plan.sh'), script);
    const result = spawnSync(bash, ['plan.sh'], {
      cwd: work,
      env: { PATH: join(dir, 'empty'), BASH_ENV: bashEnv, RECORD_LOG: log },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const commands = readRecords(log);
    return { result, commands, work, cleanup: () => (rmSync(work, { recursive: true, force: true }), rmSync(log, { force: true })) };
  }

  it('quotes any string without NUL into one word bash reads back exactly', () => {
    const rand = random(99);
    const values = Array.from({ length: 200 }, () => hostileName(rand));
    const echoed = spawnSync(bash, ['-c', `printf '%s\\0' ${values.map(shellQuote).join(' ')}`], { env: {}, encoding: 'utf8' });
    expect(echoed.stdout.split('\0').slice(0, -1)).toEqual(values);
    expect(() => shellQuote('a\u0000b')).toThrow(TypeError);
  });

  it('runs exactly mkdir, curl and sleep per file, then md5sum -c, for 100 plans of random hostile names', () => {
    const rand = random(20261130);
    const failures: string[] = [];
    for (let round = 0; round < 100 && failures.length < 3; round += 1) {
      // The first rounds take the edge names, as the edition and as a file; then names drawn at random.
      const edge = EDGE_NAMES[round];
      const edition = edge ?? hostileName(rand);
      const files = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => hostileFile(rand));
      if (edge !== undefined) files[0] = { ...(files[0] as FileEntry), name: edge };
      const plan = downloadPlan(edition, uniqueNames(files));
      const md5File = `${edition}.inline.md5`;
      const expected = [
        ['mkdir', '-p', '--', `./${edition}`],
        ...plan.files.flatMap((file) => [
          ['curl', ...CURL_OPTIONS, '-o', `./${file.name}`, file.url],
          ['sleep', '1'],
        ]),
        ...(plan.md5sum === '' ? [] : [['md5sum', '-c', '--', `./${md5File}`]]),
      ];
      const { result, commands, work, cleanup } = run(plan.script);
      try {
        const made = readdirSync(join(work, edition));
        const wrong =
          result.status !== 0 ? `exit ${result.status}: ${result.stderr}`
          : result.stdout !== '' || result.stderr !== '' ? `output ${JSON.stringify(result.stdout + result.stderr)}`
          : JSON.stringify(commands) !== JSON.stringify(expected) ? `ran ${JSON.stringify(commands)}`
          : JSON.stringify(readdirSync(work).sort()) !== JSON.stringify([edition, 'plan.sh'].sort()) ? `left ${JSON.stringify(readdirSync(work))}`
          : JSON.stringify(made) !== JSON.stringify(plan.md5sum === '' ? [] : [md5File]) ? `made ${JSON.stringify(made)}`
          : plan.md5sum !== '' && readFileSync(join(work, edition, md5File), 'utf8') !== plan.md5sum ? 'md5 file differs'
          : null;
        if (wrong) failures.push(`edition ${JSON.stringify(edition)}, files ${JSON.stringify(plan.files.map((file) => file.name))}: ${wrong}`);
      } catch (error) {
        failures.push(`edition ${JSON.stringify(edition)}: ${String(error)}`);
      } finally {
        cleanup();
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('refuses names that would leave the edition folder or cut an md5sum line, and URLs that are not http(s)', () => {
    const file = hostileFile(random(1));
    for (const name of ['', '.', '..', '../x', 'a\u0000b', 'a\nb', 'a\\b', 'a\rb', 'x'.repeat(256)]) {
      expect(() => downloadPlan(name, [file])).toThrow(TypeError);
      expect(() => downloadPlan('E', [{ ...file, name }])).toThrow(TypeError);
    }
    for (const url of ['file:///etc/passwd', '-o/etc/passwd', 'javascript:alert(1)']) expect(() => downloadPlan('E', [{ ...file, url }])).toThrow(TypeError);
  });
});
