/** What a run tells as it goes; `LineReporter` (plain lines) and `TerminalReporter` (bars) say it. */
export interface SyncReporter {
  /** A line that stays: the plan, a decision, an outcome. */
  line(text: string): void;
  /** A file's request is sent (`from` > 0: resumed); `path` is `PRODUCT/EDITION/FILE`. */
  fileStarted(path: string, size: number | null, from: number): void;
  /** `bytes` more bytes of a file are written. */
  fileReceived(path: string, bytes: number): void;
  /** A file is done (verified or failed): its bar goes. */
  fileEnded(path: string): void;
}

/** Bytes as people read them: `0 B`, `812 B`, `1.5 KiB`, `12.3 MiB`, `4.20 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit >= 2 ? 2 : 1)} ${units[unit] as string}`;
}

/**
 * `text` as the command prints it: each bidirectional formatting character (an override, an embedding, an
 * isolate, a mark) written as `\u{…}`. A name may hold them (they are printable), and on a terminal or in a log
 * one would reorder the rest of its line (`ok …\u202egpj.exe` read as `ok …exe.jpg`).
 */
export function shownOnTerminal(text: string): string {
  return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/** When standard output is not a terminal (cron, a log): one line per event, never a control character. */
export class LineReporter implements SyncReporter {
  private readonly write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.write = (text) => write(shownOnTerminal(text));
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }

  fileStarted(path: string, size: number | null, from: number): void {
    const of = size === null ? '' : ` (${formatBytes(size)})`;
    this.write(from > 0 ? `resume ${path} from byte ${from}${of}\n` : `get ${path}${of}\n`);
  }

  fileReceived(_path: string, _bytes: number): void {}

  fileEnded(_path: string): void {}
}

/** One file's bar. */
interface Bar {
  size: number | null;
  received: number;
}

/** Redraws at most this often (ms): a bar per chunk would flood a slow terminal. */
const REDRAW_MS = 100;

/**
 * On a terminal: lines that stay scroll above a block of bars, one per file being downloaded (its share, bytes
 * and name), and a total line (bytes this run and the rate since the first byte), redrawn in place.
 */
export class TerminalReporter implements SyncReporter {
  private readonly bars = new Map<string, Bar>();
  private drawn = 0;
  private total = 0;
  private firstByteAt: number | null = null;
  private lastDraw = Number.NEGATIVE_INFINITY;

  private readonly write: (text: string) => void;

  constructor(
    write: (text: string) => void,
    private readonly columns: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.write = (text) => write(shownOnTerminal(text));
  }

  line(text: string): void {
    this.redraw(`${text}\n`);
  }

  fileStarted(path: string, size: number | null, from: number): void {
    this.bars.set(path, { size, received: from });
    this.redraw(from > 0 ? `resume ${path} from byte ${from}\n` : '');
  }

  fileReceived(path: string, bytes: number): void {
    const bar = this.bars.get(path);
    if (bar) bar.received += bytes;
    this.total += bytes;
    this.firstByteAt ??= this.now();
    if (this.now() - this.lastDraw >= REDRAW_MS) this.redraw('');
  }

  fileEnded(path: string): void {
    this.bars.delete(path);
    this.redraw('');
  }

  // Private: erases the block, writes `above` (lines that stay), then the block again.
  private redraw(above: string): void {
    this.lastDraw = this.now();
    const erase = this.drawn > 0 ? `\u001b[${this.drawn}F\u001b[J` : '';
    const block = [...this.bars].map(([path, bar]) => this.barLine(path, bar));
    if (block.length > 0) block.push(this.totalLine());
    this.drawn = block.length;
    this.write(`${erase}${above}${block.map((text) => `${text}\n`).join('')}`);
  }

  private barLine(path: string, bar: Bar): string {
    const width = 20;
    const share = bar.size ? Math.min(1, bar.received / bar.size) : 0;
    const filled = Math.round(share * width);
    const amount = bar.size === null ? formatBytes(bar.received) : `${formatBytes(bar.received)}/${formatBytes(bar.size)}`;
    const head = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${amount} `;
    // The file's name (it holds its edition's): cut from the left, where names of one product agree.
    const name = path.slice(path.lastIndexOf('/') + 1);
    const room = Math.max(12, this.columns - head.length - 1);
    return `${head}${name.length > room ? `…${name.slice(name.length - room + 1)}` : name}`;
  }

  private totalLine(): string {
    const seconds = this.firstByteAt === null ? 0 : (this.now() - this.firstByteAt) / 1000;
    const rate = seconds > 0 ? `${formatBytes(Math.round(this.total / seconds))}/s` : '…';
    return `total ${formatBytes(this.total)} at ${rate}`;
  }
}
