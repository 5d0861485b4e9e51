/** Options of the range cache. */
export interface RangeCacheOptions {
  /** How long a range is served from memory. */
  ttlMs: number;
  /** Memory bound: least recently used ranges go first. */
  maxBytes: number;
  /** Milliseconds; default `performance.now()`. */
  now?: () => number;
}

/**
 * Byte ranges of upstream files, keyed by file URL and range, like listing pages are cached: a table of
 * contents asked again within the TTL costs no request. Per process; bounded in bytes.
 */
export class RangeCache {
  private readonly entries = new Map<string, { bytes: Uint8Array; expires: number }>();
  private size = 0;

  constructor(private readonly options: RangeCacheOptions) {}

  /** The bytes of `url` from `start`, `length` long, when held and fresh. */
  get(url: string, start: number, length: number): Uint8Array | undefined {
    const key = rangeKey(url, start, length);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) {
      this.size -= entry.bytes.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.bytes;
  }

  set(url: string, start: number, length: number, bytes: Uint8Array): void {
    if (bytes.length > this.options.maxBytes || this.options.ttlMs <= 0) return;
    const key = rangeKey(url, start, length);
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.size -= previous.bytes.length;
    }
    this.entries.set(key, { bytes, expires: this.now() + this.options.ttlMs });
    this.size += bytes.length;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.options.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= entry.bytes.length;
    }
  }

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }
}

function rangeKey(url: string, start: number, length: number): string {
  return `${url} bytes=${start}-${start + length - 1}`;
}
