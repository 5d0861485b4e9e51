import { ArchiveReader } from '../../downloads/archives/ArchiveReader';

/**
 * How many of `_entities`' representations are Files, and how many of them are named like an archive with a
 * table of contents of its own (a `.zip` or `.7z`, not a volume `….001`): each of those may read it.
 */
export function fileRepresentationCount(representations: unknown): { files: number; archives: number } {
  if (!Array.isArray(representations)) return { files: 0, archives: 0 };
  const files = representations.filter((item) => typeof item === 'object' && item !== null && (item as { __typename?: unknown }).__typename === 'File');
  const archives = files.filter((item) => {
    const name = (item as { name?: unknown }).name;
    return typeof name === 'string' && !/\.\d{3}$/.test(name) && ArchiveReader.formatOf(name) !== null;
  });
  return { files: files.length, archives: archives.length };
}
