import type { ChangeFilter } from '../changes/ChangeFilter';

export type WatchStatus = 'ACTIVE' | 'SUSPENDED';

/** A webhook: matching change events are POSTed to `url`, signed with `secret`. */
export interface WatchRecord {
  id: string;
  url: string;
  filter: ChangeFilter;
  /** Standard Webhooks secret, `whsec_` + base64 of 32 random bytes; never shown again after creation. */
  secret: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  status: WatchStatus;
  suspendedAt: string | null;
  suspendedReason: string | null;
}

/** What `createWatch` answers: the watch and its secret, shown this once. */
export interface CreatedWatchRecord {
  watch: WatchRecord;
  secret: string;
}
