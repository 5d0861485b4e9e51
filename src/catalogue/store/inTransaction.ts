import type { AccessMode, IsolationLevel, Kysely, Transaction } from 'kysely';

/** How a transaction is opened: the defaults of the database unless said. */
export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  accessMode?: AccessMode;
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it (or the commit) throws; the
 * error thrown is always the one that ended the work. SQLite ends a transaction itself on some faults (a full
 * disk, an I/O error): the rollback that follows then fails ("cannot rollback - no transaction is active"),
 * and must never hide the cause.
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  let builder = db.startTransaction();
  if (options.isolationLevel) builder = builder.setIsolationLevel(options.isolationLevel);
  if (options.accessMode) builder = builder.setAccessMode(options.accessMode);
  const trx = await builder.execute();
  let result: T;
  try {
    result = await work(trx);
    await trx.commit().execute();
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack)
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
    throw error;
  }
  return result;
}
