/**
 * Ways the fake can depart from what the project assumes of the real upstream (FORMAT.md), one switch per
 * assumption, so that the conformance probe can be shown each deviation. None is on by default.
 */
export interface Deviations {
  /** Product listings run newest edition first (instead of oldest first). */
  newestFirst?: boolean;
  /** `limit` above 50: `served` as asked (no clamp), or `rejected` with a 400 (instead of clamped to 50). */
  largeLimit?: 'served' | 'rejected';
  /** A page past the last answers this status (instead of 200 with no entries). */
  pastEndStatus?: number;
  /** `gpf_dl:pagecount` written on a listing of 0 entries (instead of 0). */
  emptyPageCount?: number;
  /** `updatedFrom` on capabilities is `ignored`, or `exclusive`: products updated after the day only (instead of from it). */
  updatedFrom?: 'ignored' | 'exclusive';
  /** The Content-Type of Atom answers (instead of `application/atom+xml;charset=UTF-8`). */
  atomContentType?: string;
  /** Feeds written without `gpf_dl:totalentries`. */
  noTotalEntries?: boolean;
  /** A file of this name listed last in every edition (served as a small PDF). */
  extraFileName?: string;
  /** The `.md5` companion written BSD style, `MD5 (name) = hash` (instead of md5sum's `hash  name`). */
  md5Style?: 'bsd';
  /** Downloads ignore `Range` and answer 200 with the whole file. */
  ignoreRange?: boolean;
  /** Every download answers 302 to this URL. */
  downloadRedirect?: string;
  /** Sized downloads come without `ETag` and `Last-Modified`. */
  noDownloadValidators?: boolean;
  /** Sized downloads are this many bytes longer than the listing says. */
  downloadLengthOff?: number;
}
