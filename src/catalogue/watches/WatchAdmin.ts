import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { parseChangeFilter, type ChangeFilterInput } from '../changes/ChangeFilter';
import { BadUserInputError, ErrorCode } from '../../core/errors';
import type { Outbox } from './Outbox';
import { resolveTarget, TargetRefusedError, type TargetPolicy } from '../../core/resolveTarget';
import type { CreatedWatchRecord, WatchRecord } from './Watch';
import type { WatchStore } from './WatchStore';

export interface WatchAdminOptions {
  watches: WatchStore;
  outbox: Outbox;
  policy: TargetPolicy;
  /** `WATCH_ADMIN_TOKEN`; null disables every watch operation. */
  adminToken: string | null;
  now: () => number;
}

/**
 * The webhook operations behind `createWatch`, `deleteWatch` and `watches`, each checking the bearer token
 * first: `FEATURE_DISABLED` without a configured token, `UNAUTHENTICATED` for a missing or wrong one.
 */
export class WatchAdmin {
  constructor(private readonly options: WatchAdminOptions) {}

  /** Throws unless `authorization` is `Bearer <WATCH_ADMIN_TOKEN>` (compared in constant time). */
  authorize(authorization: string | null | undefined): void {
    const expected = this.options.adminToken;
    if (expected === null) {
      throw new GraphQLError('Webhook watches are disabled on this server: set WATCH_ADMIN_TOKEN to enable createWatch, deleteWatch and watches.', {
        extensions: { code: ErrorCode.FEATURE_DISABLED },
      });
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? null;
    if (given === null || !timingSafeEqual(digest(given), digest(expected))) {
      throw new GraphQLError('Webhook watches need the header "Authorization: Bearer <WATCH_ADMIN_TOKEN>"; it is missing or wrong.', {
        extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
      });
    }
  }

  /** Checks the filter and the URL (its addresses resolved and checked now, and again at each delivery), stores the watch. */
  async create(filterInput: ChangeFilterInput | null | undefined, url: string): Promise<CreatedWatchRecord> {
    const filter = parseChangeFilter(filterInput);
    try {
      await resolveTarget(url, this.options.policy);
    } catch (error) {
      if (error instanceof TargetRefusedError) throw new BadUserInputError(`url: ${error.message}`, 'url');
      throw error;
    }
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const watch: WatchRecord = {
      id: `wh_${randomUUID()}`,
      url,
      filter,
      secret,
      createdAt: new Date(this.options.now()).toISOString(),
      status: 'ACTIVE',
      suspendedAt: null,
      suspendedReason: null,
    };
    await this.options.watches.create(watch);
    return { watch, secret };
  }

  /** Deletes the watch and its pending deliveries. */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.options.watches.delete(id);
    if (deleted) await this.options.outbox.dropWatch(id);
    return deleted;
  }

  list(): Promise<WatchRecord[]> {
    return this.options.watches.list();
  }

  pendingFor(watchId: string): Promise<number> {
    return this.options.outbox.pendingFor(watchId);
  }
}

// Private: equal-length digests, so the comparison takes the same time whatever the lengths.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
