import type { FileEntry } from '../../upstream/format/model';
import { fileRole } from './fileRole';

/** An archive of an edition (the GraphQL `Archive`). */
export interface ArchiveModel {
  name: string;
  parts: FileEntry[];
  totalSize: number | null;
  complete: boolean;
  missingParts: number[];
}

/**
 * The edition's archives: volumes `X.001`, `X.002`… grouped under `X` and ordered by number (the feed's order
 * is not guaranteed), with the gaps in their numbering; every other DATA file as an archive of one part.
 * Archives come in name order.
 */
export function groupArchives(files: readonly FileEntry[]): ArchiveModel[] {
  const volumes = new Map<string, Array<{ number: number; file: FileEntry }>>();
  const archives: ArchiveModel[] = [];
  for (const file of files) {
    const role = fileRole(file);
    const volume = /^(.*)\.(\d{3})$/.exec(file.name);
    if (role === 'PART' && volume) {
      const list = volumes.get(volume[1] as string) ?? [];
      list.push({ number: Number(volume[2]), file });
      volumes.set(volume[1] as string, list);
    } else if (role === 'DATA' || role === 'PART') {
      archives.push({ name: file.name, parts: [file], totalSize: file.size, complete: true, missingParts: [] });
    }
  }
  for (const [name, list] of volumes) {
    list.sort((a, b) => a.number - b.number);
    const present = new Set(list.map((volume) => volume.number));
    const last = list[list.length - 1]?.number ?? 0;
    const missingParts = Array.from({ length: last }, (_, index) => index + 1).filter((number) => !present.has(number));
    const parts = list.map((volume) => volume.file);
    archives.push({ name, parts, totalSize: sumSizes(parts), complete: missingParts.length === 0, missingParts });
  }
  return archives.sort((a, b) => a.name.localeCompare(b.name));
}

/** The sum of the sizes; null as soon as one is unknown. */
export function sumSizes(files: readonly Pick<FileEntry, 'size'>[]): number | null {
  let total = 0;
  for (const file of files) {
    if (file.size === null) return null;
    total += file.size;
  }
  return total;
}
