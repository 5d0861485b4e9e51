import { corrupt } from './ArchiveError';
import { HeaderCursor } from './HeaderCursor';

/** A `HeaderCursor` with 7z's own encodings: variable-length NUMBERs, bit vectors, digest lists. */
export class SevenZipCursor extends HeaderCursor {
  /** 7z's NUMBER: the first byte's leading 1 bits say how many little-endian bytes follow. */
  number(): number {
    const first = this.byte();
    let mask = 0x80;
    let value = 0;
    for (let extra = 0; extra < 8; extra += 1) {
      if ((first & mask) === 0) {
        const high = first & (mask - 1);
        return value + high * 2 ** (8 * extra);
      }
      const next = this.byte();
      value += next * 2 ** (8 * extra);
      if (value > Number.MAX_SAFE_INTEGER) throw corrupt('a number exceeds 2^53');
      mask >>= 1;
    }
    if (value > Number.MAX_SAFE_INTEGER) throw corrupt('a number exceeds 2^53');
    return value;
  }

  /** A NUMBER used as a count of items that each take at least `bytesPerItem` more bytes of the header. */
  count(bytesPerItem = 1): number {
    const value = this.number();
    if (value * bytesPerItem > this.remaining) throw corrupt(`a count of ${value} exceeds what the header can hold`);
    return value;
  }

  /** `length` bits, most significant first. */
  bits(length: number): boolean[] {
    const bytes = this.take(Math.ceil(length / 8));
    return Array.from({ length }, (_, index) => (((bytes[index >> 3] as number) >> (7 - (index & 7))) & 1) === 1);
  }

  /** An "all defined" byte, else a bit vector: which of `length` items are present. */
  definedBits(length: number): boolean[] {
    return this.byte() !== 0 ? new Array<boolean>(length).fill(true) : this.bits(length);
  }

  /** `length` optional CRCs. */
  digests(length: number): Array<number | null> {
    const defined = this.definedBits(length);
    return defined.map((isDefined) => (isDefined ? this.uint32() : null));
  }
}
