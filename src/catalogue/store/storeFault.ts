/** What kind of fault a store error is, as far as an operator is concerned. */
export type StoreFaultKind =
  /** The database's files are damaged (SQLite `SQLITE_CORRUPT`/`SQLITE_NOTADB`, PostgreSQL `XX001`/`XX002`): it will not heal by itself. */
  | 'corrupt'
  /** The disk (or a file size limit, or a quota) stopped a write: `SQLITE_FULL`, `SQLITE_IOERR*`, PostgreSQL class `53`. */
  | 'full'
  /** Anything else: the server unreachable, a lock, a bug. */
  | 'other';

/** A store error, classified, and described with its code: "SQLITE_FULL: database or disk is full". */
export interface StoreFault {
  kind: StoreFaultKind;
  /** The driver's code and message, e.g. `SQLITE_CORRUPT: database disk image is malformed`. */
  cause: string;
  /** The message alone. */
  message: string;
}

/** Classifies a store error (better-sqlite3's `SqliteError`, node-postgres's `DatabaseError`, anything else). */
export function storeFault(error: unknown): StoreFault {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : null;
  // Read as a shape, not with `instanceof Error`: a driver's errors may come from another realm.
  const message = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : String(error);
  const cause = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  if (code === null) return { kind: 'other', cause, message };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'XX001' || code === 'XX002') return { kind: 'corrupt', cause, message };
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code.startsWith('53')) return { kind: 'full', cause, message };
  return { kind: 'other', cause, message };
}

/** What to do about a fault of `kind`, for messages (empty for `other`). */
export function faultAdvice(kind: StoreFaultKind): string {
  if (kind === 'corrupt')
    return 'the store is corrupt and will not come back by itself: restore it from a backup, or delete it (a full sync builds a new one), then restart';
  if (kind === 'full') return 'a write failed: the disk may be full, or a file size limit or quota reached';
  return '';
}
