import type { SubResourceParent } from './parents';

/** What `Query.syncPlan` hands to `SyncPlan` (codegen mapper): the editions to download and delete, read from the index. */
export interface SyncPlanModel {
  /** Newest first; each a listed edition with its index row. */
  download: SubResourceParent[];
  remove: SyncRemovalModel[];
  /** The change-log cursor (`c1:{seq}`, base64) of the position the plan was read at. */
  endCursor: string;
}

/** A `SyncRemoval`. */
export interface SyncRemovalModel {
  resourceName: string;
  name: string;
  editionDate: string | null;
  reason: 'WITHDRAWN' | 'SUPERSEDED';
  withdrawnAt: string | null;
}
