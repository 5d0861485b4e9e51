import { setMaxListeners } from 'node:events';
import type { ChangeServices } from './changes/ChangeServices';
import type { Loaders } from './loaders/createLoaders';
import { createLoaders } from './loaders/createLoaders';
import type { GeopfClient, UpstreamRequestRecord } from './upstream/GeopfClient';

/** What every resolver receives (codegen `contextType`): this request's loaders and the URL builder. */
export interface Context {
  loaders: Loaders;
  upstream: Pick<GeopfClient, 'listingUrl' | 'downloadUrl'>;
  /** Every upstream request sent for this operation, retries included (for logs and tests). */
  upstreamRequests: UpstreamRequestRecord[];
  /** Aborts when the operation's deadline passes. */
  deadline: AbortSignal;
  /** Change subscriptions and webhook watches; absent in contexts built without them (unit tests). */
  changes?: ChangeServices;
  /** The request's `Authorization` header (webhook watches need a bearer token). */
  authorization?: string | null;
}

export interface ContextOptions {
  /** After this, the operation's remaining upstream requests fail with `UPSTREAM_TIMEOUT`. */
  deadlineMs: number;
  changes?: ChangeServices;
  authorization?: string | null;
}

/** A fresh context per GraphQL request: new loaders bound to the operation's deadline, the process-wide client. */
export function createContext(client: GeopfClient, options: ContextOptions): Context {
  const upstreamRequests: UpstreamRequestRecord[] = [];
  const deadline = AbortSignal.timeout(options.deadlineMs);
  // Every upstream request of the operation listens to it (gate, fetch, shared fetches): no leak, just many.
  setMaxListeners(0, deadline);
  return {
    // The request log doubles as the operation's identity at the gate, where operations are served in turn.
    loaders: createLoaders(client, { signal: deadline, onRequest: (record) => upstreamRequests.push(record), owner: upstreamRequests }),
    upstream: client,
    upstreamRequests,
    deadline,
    ...(options.changes ? { changes: options.changes } : {}),
    authorization: options.authorization ?? null,
  };
}
