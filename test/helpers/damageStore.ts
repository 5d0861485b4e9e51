import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, type StoreLocation } from '../../src/catalogue/store/openStore';
import type { PostgresCluster } from './postgres';

/**
 * Writes garbage over the first page of `geopf_editions` (its b-tree root in SQLite, its first heap block in
 * PostgreSQL), as a failing disk would, while the store is closed (PostgreSQL: its cluster checkpointed, then
 * stopped while the file is damaged, then started again).
 */
export async function damageEditionsTable(location: StoreLocation, cluster: PostgresCluster | null): Promise<void> {
  const probe = await openStore(location);
  let file: string;
  let offset = 0;
  if (probe.dialect === 'sqlite') {
    const pageSize = (await sql<{ page_size: number }>`pragma page_size`.execute(probe.db)).rows[0]!.page_size;
    const root = (await sql<{ rootpage: number }>`select rootpage from sqlite_master where name = 'geopf_editions'`.execute(probe.db)).rows[0]!.rootpage;
    file = probe.where;
    offset = (root - 1) * pageSize;
  } else {
    const path = (await sql<{ path: string }>`select pg_relation_filepath('geopf_editions') as path`.execute(probe.db)).rows[0]!.path;
    await sql`checkpoint`.execute(probe.db);
    file = join((cluster as PostgresCluster).dataDir, path);
  }
  await probe.close();
  cluster?.stop();
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset);
  } finally {
    closeSync(fd);
  }
  cluster?.start();
}
