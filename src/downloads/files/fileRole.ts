import type { FileEntry } from '../../upstream/format/model';

/** What a file of an edition is for (the GraphQL `FileRole`). */
export type FileRole = 'DATA' | 'PART' | 'CHECKSUM' | 'DOCUMENTATION' | 'METADATA';

/**
 * A file's role from what its entry says: a `rel="section"` link or a `.NNN` volume suffix is a PART, an
 * `.md5` a CHECKSUM, a PDF/readme/notice DOCUMENTATION, an XML/JSON description METADATA, anything else DATA.
 * The upstream has no role field, so the extension is the only evidence besides the link.
 */
export function fileRole(file: Pick<FileEntry, 'name' | 'mediaType' | 'isArchiveVolume'>): FileRole {
  const name = file.name.toLowerCase();
  if (file.isArchiveVolume || /\.(7z|zip)\.\d{3}$/.test(name)) return 'PART';
  if (name.endsWith('.md5') || name.endsWith('.md5sum')) return 'CHECKSUM';
  if (file.mediaType === 'application/pdf' || /\.(pdf|txt|html?|md)$/.test(name) || /(^|[_.-])(readme|lisezmoi|notice)([_.-]|$)/.test(name))
    return 'DOCUMENTATION';
  if (/\.(xml|json)$/.test(name)) return 'METADATA';
  return 'DATA';
}
