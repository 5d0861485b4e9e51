import type { CatalogueChangeResolvers, SubscriptionResolvers } from '../__generated__/resolvers-types';
import { changeEventId } from '../../catalogue/changes/ChangeEvent';
import { parseChangeFilter } from '../../catalogue/changes/ChangeFilter';
import type { ChangeStreamItem } from '../../catalogue/changes/ChangeStreams';
import { SubscriberTooSlowError } from '../../core/errors';
import { changeServices } from '../context';

/** `Subscription.catalogueChanged`: one live stream of the change log per subscriber, filtered as asked. */
export const Subscription: SubscriptionResolvers = {
  catalogueChanged: {
    // The filter is checked before the stream opens: a bad value is a BAD_USER_INPUT answer, not a dead stream.
    subscribe: (_root, { filter }, context) => changeServices(context).streams.open(parseChangeFilter(filter)),
    // A stream whose subscriber was too slow ends with the error that ended it: its last result.
    resolve: (item: ChangeStreamItem) => {
      if (item instanceof SubscriberTooSlowError) throw item;
      return item;
    },
  },
};

/** A change event as `CatalogueChange` shows it. */
export const CatalogueChange: CatalogueChangeResolvers = {
  id: (event) => changeEventId(event),
  zoneCode: (event) => event.zone,
  atomUrl: (event, _args, context) => changeServices(context).listingUrl(event),
};
