import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { foldedSegment } from '../../src/mirror/copyPaths';
import { readMirrorArgs } from '../../src/mirror/readMirrorArgs';
import { shownOnTerminal } from '../../src/mirror/SyncReporter';
import { runMirror } from '../../src/mirror/runMirror';
import { NAME_PIECES } from '../helpers/hostileNames';
import { pick, seededRandom } from '../helpers/seededRandom';

/** A planned edition as the stand-in lists it. */
interface Planned {
  resourceName: string;
  name: string;
  files: Array<{ name: string; bytes: Buffer }>;
}

/**
 * A stand-in for the subgraph (the real one never lists such names: the upstream's edge refuses them) that
 * answers `syncPlan` with `plan` and serves each planned file's bytes at `/files/N`.
 */
class HostileSubgraph {
  plan: Planned[] = [];
  private readonly served = new Map<string, Buffer>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.method === 'POST') {
        request.resume();
        request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { syncPlan: this.answer() } })));
        return;
      }
      const bytes = this.served.get(request.url ?? '');
      if (!bytes) response.writeHead(404).end();
      else response.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private answer(): unknown {
    this.served.clear();
    return {
      download: this.plan.map((edition) => ({
        resourceName: edition.resourceName,
        name: edition.name,
        editionDate: '2026-01-01',
        downloadPlan: {
          files: edition.files.map((file) => {
            const path = `/files/${this.served.size}`;
            this.served.set(path, file.bytes);
            return { name: file.name, url: `${this.url}${path}`, size: file.bytes.length, md5: createHash('md5').update(file.bytes).digest('hex') };
          }),
        },
      })),
      remove: [],
      endCursor: 'YzE6MA==',
    };
  }
}

/**
 * Pieces of names: shell metacharacters, path parts, control characters, plain letters, and the printable ones
 * every sink of the subgraph is tested with (look-alikes, bidirectional marks, Unicode forms).
 */
const PIECES = [
  ...NAME_PIECES,
  'a',
  'B',
  'é',
  '_',
  ' ',
  "'",
  '"',
  '$(touch pwned)',
  '`touch pwned`',
  '$HOME',
  ';',
  '&&',
  '|',
  '*',
  '?',
  '[x]',
  '{a,b}',
  '~',
  '#',
  '\\',
  '/',
  '..',
  '.',
  '-',
  '\n',
  '\t',
  '\u0000',
  '%2F',
  '>out',
  '<in',
];

/** Names every run plans, whatever the seed: each is refused, or lands literally inside the copy. */
const FIXED = [
  '..',
  '.',
  '../escape',
  '/etc/passwd',
  '-rf',
  '--exec=touch pwned',
  '.geopf-sync.json',
  '.geopf-sync.lock',
  '.data.7z.part',
  '.DS_Store',
  'invoice\u202egpj.exe',
  'a/../../b',
  'x\u0000y',
  'a\\b',
  '$(touch pwned)',
  '`touch pwned`',
  "'; touch pwned; '",
  '"$(touch pwned)"',
  'name with spaces',
  '~root',
  '*',
  ' lead',
];

describe('geopf-sync and hostile names from the subgraph (a property, over seeded random names)', () => {
  const standIn = new HostileSubgraph();
  let sandbox: string;
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'geopf-sync-hostile-'));
  });
  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  it.each([1, 2, 3])(
    'seed %i: nothing lands outside --dir, no name overwrites another file, every accepted folder reaches --exec as one argument, nothing runs',
    async (seed) => {
      const rand = seededRandom(seed);
      const randomName = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(rand, PIECES)).join('');
      const dir = join(sandbox, 'mirror');
      const cwd = join(sandbox, 'cwd');
      mkdirSync(cwd);
      const log = join(sandbox, 'exec.log');
      const plan: Planned[] = [];
      let content = 0;
      const bytes = () => Buffer.from(`content ${(content += 1)}`);
      // Random names other than the fixed ones (the property checks those by name; a random twin would refuse both).
      const fixed = new Set(FIXED.map(foldedSegment));
      const randoms = Array.from({ length: 8 }, randomName).filter((name) => !fixed.has(foldedSegment(name)));
      for (const name of [...FIXED, ...randoms]) {
        plan.push({ resourceName: 'P', name, files: [{ name: 'data.7z', bytes: bytes() }] });
        plan.push({ resourceName: name, name: 'E', files: [{ name: 'data.7z', bytes: bytes() }] });
        plan.push({ resourceName: 'Q', name: `E${content}`, files: [{ name, bytes: bytes() }] });
      }
      // Two files of one name in an edition, an edition planned twice: refused, never one written over the other.
      plan.push({
        resourceName: 'R',
        name: 'twice',
        files: [
          { name: 'same', bytes: bytes() },
          { name: 'same', bytes: bytes() },
        ],
      });
      plan.push({ resourceName: 'R', name: 'again', files: [{ name: 'f', bytes: bytes() }] });
      plan.push({ resourceName: 'R', name: 'again', files: [{ name: 'f', bytes: bytes() }] });
      // Names one disk or another takes for one (case, Unicode forms, trailing dots): refused, never one over the other.
      plan.push({
        resourceName: 'R',
        name: 'cased',
        files: [
          { name: 'Data.7z', bytes: bytes() },
          { name: 'data.7z', bytes: bytes() },
        ],
      });
      plan.push({
        resourceName: 'R',
        name: 'forms',
        files: [
          { name: '\u00e9t\u00e9.pdf', bytes: bytes() },
          { name: 'e\u0301te\u0301.pdf', bytes: bytes() },
        ],
      });
      plan.push({ resourceName: 'S', name: 'Spelled', files: [{ name: 'f', bytes: bytes() }] });
      plan.push({ resourceName: 'S', name: 'spelled.', files: [{ name: 'f', bytes: bytes() }] });
      standIn.plan = plan;

      let output = '';
      // The command cds into a folder of the sandbox first: a name run as code would leave `pwned` there.
      const exec = `cd "$EXEC_CWD" && printf '%s\\0' >> "$EXEC_LOG"`;
      const code = await runMirror(readMirrorArgs(['--endpoint', `${standIn.url}/graphql`, '--dir', dir, '--resource', 'P', '--rate', '10', '--exec', exec]), {
        write: (text) => (output += text),
        writeError: (text) => (output += text),
        isTTY: false,
        env: { ...process.env, EXEC_LOG: log, EXEC_CWD: cwd },
        pid: process.pid,
        userAgent: 'test',
      });
      expect(code).toBe(1);

      // Only the copy, the log and the empty working folder in the sandbox; `pwned` nowhere.
      expect(readdirSync(sandbox).sort()).toEqual(['cwd', 'exec.log', 'mirror']);
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
      // Every file under the copy is the copy's state or a planned file at exactly its planned names (compared as
      // strings: no name is read as a path), with its own bytes; each planned edition is there whole or not at
      // all, and then refused in the summary.
      const written = readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
        .filter((path) => path !== '.geopf-sync.json');
      const planned = new Map(
        plan.flatMap((edition) => edition.files.map((file) => [[edition.resourceName, edition.name, file.name].join(sep), file.bytes] as const)),
      );
      for (const path of written) expect([path, planned.get(path)?.equals(readFileSync(join(dir, path)))]).toEqual([path, true]);
      const folders: string[] = [];
      for (const edition of plan) {
        const present = edition.files.filter((file) => written.includes([edition.resourceName, edition.name, file.name].join(sep))).length;
        if (present === 0) expect(output).toContain(shownOnTerminal(`refused ${JSON.stringify(`${edition.resourceName}/${edition.name}`)}`));
        else {
          expect([edition, present]).toEqual([edition, edition.files.length]);
          folders.push(join(dir, edition.resourceName, edition.name));
        }
      }
      // The refusals the property is about were refused.
      for (const name of ['..', '.', '../escape', '/etc/passwd', '.geopf-sync.json', '.geopf-sync.lock', '.data.7z.part', 'a/../../b', 'x\u0000y', 'a\\b'])
        expect(folders).not.toContain(join(dir, 'P', name));
      for (const [resourceName, name] of [
        ['R', 'cased'],
        ['R', 'forms'],
        ['S', 'Spelled'],
        ['S', 'spelled.'],
      ])
        expect(folders).not.toContain(join(dir, resourceName!, name!));
      // Liberal names land as they are: shell text, a leading dash (an option to nobody: every path is absolute), spaces, a leading dot.
      expect(folders).toEqual(
        expect.arrayContaining(
          ['$(touch pwned)', '`touch pwned`', "'; touch pwned; '", '"$(touch pwned)"', '-rf', '--exec=touch pwned', ' lead', '.DS_Store'].map((name) =>
            join(dir, 'P', name),
          ),
        ),
      );
      // No two files written fold to one path: no disk could have taken one for the other.
      const foldedPaths = written.map((path) => path.split(sep).map(foldedSegment).join(sep));
      expect(new Set(foldedPaths).size).toBe(foldedPaths.length);
      // The output names every file, none reordering its line (bidirectional formatting shown as escapes).
      expect(output).toContain('invoice\\u{202e}gpj.exe');
      expect(output).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u);
      // --exec got each accepted edition's folder as one argument, byte for byte.
      expect(readFileSync(log, 'utf8').split('\u0000').slice(0, -1).sort()).toEqual(folders.sort());
      expect(JSON.parse(readFileSync(join(dir, '.geopf-sync.json'), 'utf8')).version).toBe(1);
    },
  );
});
