import { ArchiveError } from './ArchiveError';

/** One volume's share of a range of the joined archive. */
export interface VolumeSlice {
  /** Index of the volume in order (0 for `.001`). */
  volume: number;
  /** First byte, in the volume. */
  start: number;
  /** Bytes. */
  length: number;
}

/**
 * The volumes of a split archive as one stream: `.001` holds bytes [0, size₁), `.002` the next size₂… so a
 * range of the archive maps to a slice of one volume, or of several consecutive volumes.
 */
export class VolumeSet {
  private readonly starts: number[] = [];
  /** Size of the joined archive. */
  readonly size: number;

  constructor(sizes: readonly (number | null)[]) {
    let total = 0;
    sizes.forEach((size, index) => {
      if (size === null || !Number.isSafeInteger(size) || size < 0) {
        throw new ArchiveError('INCOMPLETE', `Volume ${index + 1} of the archive has no size in the listing: its bytes cannot be located.`);
      }
      this.starts.push(total);
      total += size;
    });
    if (sizes.length === 0) throw new ArchiveError('INCOMPLETE', 'The archive has no volume.');
    this.size = total;
  }

  /** The slices holding bytes [offset, offset + length), in order. */
  slices(offset: number, length: number): VolumeSlice[] {
    const slices: VolumeSlice[] = [];
    let position = offset;
    const end = offset + length;
    while (position < end) {
      const volume = this.volumeAt(position);
      const volumeEnd = volume + 1 < this.starts.length ? (this.starts[volume + 1] as number) : this.size;
      const take = Math.min(end, volumeEnd) - position;
      slices.push({ volume, start: position - (this.starts[volume] as number), length: take });
      position += take;
    }
    return slices;
  }

  // Private: the last volume starting at or before `position` that is not empty there (binary search).
  private volumeAt(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.starts[middle] as number) <= position) low = middle;
      else high = middle - 1;
    }
    // Empty volumes share their start with the next one: skip to the one that holds the byte.
    while (low + 1 < this.starts.length && (this.starts[low + 1] as number) <= position) low += 1;
    return low;
  }
}
