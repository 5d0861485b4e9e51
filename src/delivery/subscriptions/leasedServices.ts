import type { ChangeStreams } from '../../catalogue/changes/ChangeStreams';
import type { ChangeServices } from '../../graphql/context';
import type { SubscriptionLease } from './SubscriptionQuota';

/**
 * The change services of one subscription: its stream opened from `streams`, and its lease released when that
 * stream ends (however it ends). Everything else as `base`.
 */
export function leasedServices(base: ChangeServices, streams: ChangeStreams, lease: SubscriptionLease): ChangeServices {
  return { ...base, streams: { open: (filter) => streams.open(filter, () => lease.release()) } };
}
