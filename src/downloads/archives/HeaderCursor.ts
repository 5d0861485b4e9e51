import { corrupt } from './ArchiveError';

/**
 * A bounds-checked little-endian reader over header bytes: every read past the end, and every number beyond
 * 2^53, is a `CORRUPT` archive error, so a hostile header can neither crash the parser nor make it guess.
 */
export class HeaderCursor {
  position = 0;

  constructor(readonly bytes: Uint8Array) {}

  /** Bytes left. */
  get remaining(): number {
    return this.bytes.length - this.position;
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.position++] as number;
  }

  uint16(): number {
    this.need(2);
    const value = (this.bytes[this.position] as number) | ((this.bytes[this.position + 1] as number) << 8);
    this.position += 2;
    return value;
  }

  uint32(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.position;
    this.position += 4;
    return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
  }

  /** An unsigned 64-bit number, refused above `Number.MAX_SAFE_INTEGER`. */
  uint64(): number {
    const low = this.uint32();
    const high = this.uint32();
    if (high > 0x1fffff) throw corrupt('a 64-bit number exceeds 2^53');
    return high * 0x1_0000_0000 + low;
  }

  /** `length` bytes, as a view. */
  take(length: number): Uint8Array {
    this.need(length);
    const view = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return view;
  }

  skip(length: number): void {
    this.need(length);
    this.position += length;
  }

  // Private: fails unless `length` more bytes exist.
  private need(length: number): void {
    if (!(length >= 0) || this.position + length > this.bytes.length) throw corrupt('a structure runs past the end of the header');
  }
}
