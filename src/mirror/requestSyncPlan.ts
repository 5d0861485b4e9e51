/** A file of an edition to download, as the subgraph lists it (not trusted: names are checked before use). */
export interface PlannedFile {
  name: string;
  url: string;
  size: number | null;
  md5: string | null;
}

/** An edition to download. */
export interface PlannedEdition {
  resourceName: string;
  name: string;
  editionDate: string | null;
  files: PlannedFile[];
  /**
   * Why the subgraph could not list this edition's files, when it answered the rest of the plan (a file under a
   * name no file can have, the upstream failing on that listing): `files` is then empty and the edition fails.
   */
  unplanned?: string;
}

/** An edition to delete. */
export interface PlannedRemoval {
  resourceName: string;
  name: string;
  reason: string;
}

/** `Query.syncPlan`'s answer, as the command uses it. */
export interface SyncPlanAnswer {
  download: PlannedEdition[];
  remove: PlannedRemoval[];
  endCursor: string;
}

/** What the plan is asked for. */
export interface SyncPlanRequest {
  filter: Record<string, unknown>;
  after: string | null;
  keep: number;
}

/**
 * Why no plan came back.
 * - `unreachable`: no answer (refused connection, DNS, timeout).
 * - `refused`: the subgraph refused the arguments (`BAD_USER_INPUT`, `QUERY_TOO_EXPENSIVE`): `code` and
 *   `argumentName` as it sent them.
 * - `failed`: it answered, but with no plan (index not ready, upstream faults, a subgraph without `syncPlan`).
 */
export class SubgraphError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'refused' | 'failed',
    message: string,
    readonly code: string | null = null,
    readonly argumentName: string | null = null,
  ) {
    super(message);
    this.name = 'SubgraphError';
  }
}

/** The operation the command sends: the editions with their files, the removals, the cursor. */
export const SYNC_PLAN_QUERY = `query GeopfSync($filter: EditionFilter!, $after: String, $keep: Int) {
  syncPlan(filter: $filter, after: $after, keep: $keep) {
    download { resourceName name editionDate downloadPlan { files { name url size md5 } } }
    remove { resourceName name reason }
    endCursor
  }
}`;

/** Options of `requestSyncPlan`. */
export interface RequestOptions {
  fetch?: typeof fetch;
  /** Most time to wait for the answer (a plan reads up to 50 listings at the upstream's pace). */
  timeoutMs?: number;
  userAgent?: string;
}

/**
 * Asks the subgraph at `endpoint` for a plan; a `SubgraphError` says why there is none. When its only errors are
 * on editions' files (`download[i].downloadPlan`), the plan stands and those editions come back `unplanned`.
 */
export async function requestSyncPlan(endpoint: string, request: SyncPlanRequest, options: RequestOptions = {}): Promise<SyncPlanAnswer> {
  const send = options.fetch ?? fetch;
  let response: Response;
  let body: unknown;
  try {
    response = await send(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.userAgent ? { 'user-agent': options.userAgent } : {}) },
      body: JSON.stringify({ query: SYNC_PLAN_QUERY, variables: { filter: request.filter, after: request.after, keep: request.keep } }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      redirect: 'error',
    });
    body = await response.json().catch(() => null);
  } catch (error) {
    throw new SubgraphError('unreachable', `The subgraph at ${endpoint} cannot be reached: ${reason(error)}`);
  }
  const answer = typeof body === 'object' && body !== null ? (body as { data?: { syncPlan?: unknown } | null; errors?: unknown }) : null;
  const errors = Array.isArray(answer?.errors) ? (answer.errors as Array<{ message?: unknown; path?: unknown; extensions?: Record<string, unknown> }>) : [];
  const plan = answer?.data?.syncPlan;
  // Errors on editions' files alone: the rest of the plan stands, those editions fail on their own.
  const unplanned = new Map<number, string>();
  let onFiles = 0;
  for (const error of errors) {
    const path: unknown[] = Array.isArray(error.path) ? error.path : [];
    if (path[0] !== 'syncPlan' || path[1] !== 'download' || typeof path[2] !== 'number' || path[3] !== 'downloadPlan') break;
    onFiles += 1;
    const code = typeof error.extensions?.['code'] === 'string' ? ` (${error.extensions['code']})` : '';
    if (!unplanned.has(path[2])) unplanned.set(path[2], `${typeof error.message === 'string' ? error.message : 'no files'}${code}`);
  }
  if (onFiles === errors.length && plan != null) return checkPlan(plan, unplanned);
  const first = errors[0];
  const code = typeof first?.extensions?.['code'] === 'string' ? first.extensions['code'] : null;
  const argumentName = typeof first?.extensions?.['argumentName'] === 'string' ? first.extensions['argumentName'] : null;
  const message = typeof first?.message === 'string' ? first.message : `HTTP ${response.status} without a plan`;
  const kind = code === 'BAD_USER_INPUT' || code === 'QUERY_TOO_EXPENSIVE' ? 'refused' : 'failed';
  throw new SubgraphError(kind, `The subgraph at ${endpoint} gave no plan${code ? ` (${code})` : ''}: ${message}`, code, argumentName);
}

// Private: the plan's shape, checked (its names are checked where they are used); the editions of `unplanned`
// (by index) are kept without files, with why.
function checkPlan(value: unknown, unplanned: ReadonlyMap<number, string>): SyncPlanAnswer {
  const fail = (what: string): never => {
    throw new SubgraphError('failed', `The subgraph answered a plan with ${what}`);
  };
  const plan = value as { download?: unknown; remove?: unknown; endCursor?: unknown };
  if (!Array.isArray(plan.download) || !Array.isArray(plan.remove) || typeof plan.endCursor !== 'string') return fail('a missing field');
  const text = (input: unknown, what: string): string => (typeof input === 'string' ? input : fail(`a ${what} that is not a string`));
  const download = plan.download.map((raw: unknown, index: number): PlannedEdition => {
    const edition = (raw ?? {}) as { resourceName?: unknown; name?: unknown; editionDate?: unknown; downloadPlan?: { files?: unknown } | null };
    const files = edition.downloadPlan?.files;
    const why = unplanned.get(index);
    if (why !== undefined && edition.downloadPlan == null)
      return {
        resourceName: text(edition.resourceName, 'product name'),
        name: text(edition.name, 'edition name'),
        editionDate: typeof edition.editionDate === 'string' ? edition.editionDate : null,
        files: [],
        unplanned: why,
      };
    if (!Array.isArray(files)) return fail('an edition without its files');
    return {
      resourceName: text(edition.resourceName, 'product name'),
      name: text(edition.name, 'edition name'),
      editionDate: typeof edition.editionDate === 'string' ? edition.editionDate : null,
      files: files.map((rawFile: unknown): PlannedFile => {
        const file = (rawFile ?? {}) as { name?: unknown; url?: unknown; size?: unknown; md5?: unknown };
        const size =
          file.size == null ? null
          : typeof file.size === 'number' && Number.isSafeInteger(file.size) && file.size >= 0 ? file.size
          : fail('a file size that is not a whole number of bytes');
        const md5 =
          file.md5 == null ? null
          : typeof file.md5 === 'string' && /^[0-9a-fA-F]{32}$/.test(file.md5) ? file.md5.toLowerCase()
          : fail('an md5 that is not 32 hexadecimal digits');
        return { name: text(file.name, 'file name'), url: text(file.url, 'file URL'), size, md5 };
      }),
    };
  });
  const remove = plan.remove.map((raw: unknown): PlannedRemoval => {
    const removal = (raw ?? {}) as { resourceName?: unknown; name?: unknown; reason?: unknown };
    return { resourceName: text(removal.resourceName, 'product name'), name: text(removal.name, 'edition name'), reason: text(removal.reason, 'reason') };
  });
  return { download, remove, endCursor: plan.endCursor };
}

function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
