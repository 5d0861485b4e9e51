/** Keys of the store's sync state. Times are ISO 8601 UTC. */
export const SyncStateKey = {
  /** When the first full sync ended: the index is ready, and differences become events from then on. */
  BASELINE_AT: 'baseline_at',
  /** When the last successful pass (of either kind) ended. */
  LAST_SYNC_AT: 'last_sync_at',
  /** When the last successful pass began: the next `updatedFrom` is taken from it. */
  LAST_SYNC_STARTED_AT: 'last_sync_started_at',
  /** When the last full walk ended. */
  LAST_FULL_SYNC_AT: 'last_full_sync_at',
  /** When the full walk in progress (or interrupted) began; absent between walks. */
  FULL_SYNC_STARTED_AT: 'full_sync_started_at',
  /** The pass in progress, as JSON (`SyncProgress` with its holder); absent between passes. */
  PROGRESS: 'progress',
  /** Why the last pass ended early; absent after a success. */
  LAST_ERROR: 'last_error',
  /**
   * Set when the store lacks what only the whole capabilities listing gives (a migration added product
   * descriptions to the search index): the next pass reads that listing whole, whatever its kind. Its value
   * says why.
   */
  CAPABILITIES_OWED: 'capabilities_owed',
} as const;
