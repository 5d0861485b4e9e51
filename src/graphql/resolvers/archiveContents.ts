import type { Context } from '../context';
import type { ArchiveContentsModel } from '../../downloads/archives/ArchiveContentsModel';
import type { FileEntry } from '../../upstream/format/model';
import { archiveContentsRequestBound } from '../../downloads/archives/archiveContentsRequestBound';

/**
 * The table of contents of the archive made of `parts` (see `ArchiveReader.contents`), its Range requests
 * reserved on the operation's budget first, at their bound for these volumes (`archiveContentsRequestBound`):
 * `QUERY_TOO_EXPENSIVE` (`needed`, `remaining`) on this field alone when they do not fit, before any is sent.
 * The requests are counted as the operation's; what the reads did not use returns to the budget.
 */
export async function archiveContents(parts: readonly FileEntry[], name: string, { archives, loaders }: Context): Promise<ArchiveContentsModel | null> {
  const bound = archiveContentsRequestBound(
    parts.map((part) => part.size),
    archives.maxHeaderBytes,
  );
  const { scope, release } = loaders.reserveRequests(bound, `the table of contents of ${name}`);
  try {
    return await archives.contents(parts, scope);
  } finally {
    release();
  }
}
