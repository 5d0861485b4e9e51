import type { ParsedContents } from './ArchiveContentsModel';

/** Options of the parsed tables of contents cache. */
export interface ContentsCacheOptions {
  /** How long a table of contents is served from memory (the range cache's TTL). */
  ttlMs: number;
  /** Memory bound, in entries held (least recently used tables go first). */
  maxEntries: number;
  /** Milliseconds; default `performance.now()`. */
  now?: () => number;
}

/**
 * Tables of contents already parsed, keyed by archive identity (each part's URL and size): asked again within
 * the TTL, by any operation, a table of contents costs no request, no parsing and no thread. Per process;
 * bounded by the entries it holds.
 */
export class ContentsCache {
  private readonly tables = new Map<string, { contents: ParsedContents; expires: number }>();
  private held = 0;

  constructor(private readonly options: ContentsCacheOptions) {}

  /** The identity of the archive made of `parts`. */
  static identity(parts: ReadonlyArray<{ url: string; size: number | null }>): string {
    return parts.map((part) => `${part.url} ${part.size ?? '?'}`).join('\n');
  }

  get(identity: string): ParsedContents | undefined {
    const table = this.tables.get(identity);
    if (!table) return undefined;
    this.tables.delete(identity);
    if (table.expires <= this.now()) {
      this.held -= table.contents.entries.length + 1;
      return undefined;
    }
    this.tables.set(identity, table);
    return table.contents;
  }

  set(identity: string, contents: ParsedContents): void {
    const cost = contents.entries.length + 1;
    if (cost > this.options.maxEntries || this.options.ttlMs <= 0) return;
    const previous = this.tables.get(identity);
    if (previous) {
      this.tables.delete(identity);
      this.held -= previous.contents.entries.length + 1;
    }
    this.tables.set(identity, { contents, expires: this.now() + this.options.ttlMs });
    this.held += cost;
    for (const [oldest, table] of this.tables) {
      if (this.held <= this.options.maxEntries) break;
      this.tables.delete(oldest);
      this.held -= table.contents.entries.length + 1;
    }
  }

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }
}
